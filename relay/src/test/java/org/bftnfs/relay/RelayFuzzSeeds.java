package org.bftnfs.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bftnfs.xdr.mount.mount3;
import org.bftnfs.xdr.nfs.nfs3;

/**
 * Writes the seed inputs of {@link RelayFuzzTest}: record streams (whole, split into fragments,
 * empty fragments, over the limit), RPC messages (NULL, GETATTR and MNT calls with AUTH_NONE and
 * AUTH_SYS, and the hostile headers of {@code HostileRecordsTest}: other RPC versions and flavors,
 * bodies over 400 bytes, truncated verifiers, AUTH_SYS bodies that do not fill their length,
 * replies) and MOUNT arguments (paths at and over {@code MNTPATHLEN}, bad padding, trailing bytes).
 * A tool, run by hand when a format or an input layout changes:
 *
 * <pre>
 * mvn -q -o -pl relay -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/cp -Dmdep.includeScope=test
 * java -cp relay/target/test-classes:relay/target/classes:$(cat /tmp/cp) \
 *     org.bftnfs.relay.RelayFuzzSeeds relay/src/test/resources/org/bftnfs/relay/RelayFuzzTestInputs
 * </pre>
 */
public final class RelayFuzzSeeds {

  private static final int LAST = 0x80000000;

  private RelayFuzzSeeds() {}

  public static void main(String[] args) throws IOException {
    Path inputs = Path.of(args[0]);
    List<byte[]> calls = calls();
    write(inputs, "callsReachOncrpc4jOnlyWithinTheirBounds", calls);
    write(inputs, "recordMarkingIsFollowedAsTheBytesArrive", streams(calls));
    write(inputs, "mountPathsDecodeWithinMntpathlenOrAreGarbage", mountArguments());
  }

  /** RPC messages, each as the record parser hands it on. */
  static List<byte[]> calls() {
    List<byte[]> out = new ArrayList<>();
    byte[] none = {};
    byte[] handle = {0, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0, 3};
    byte[] getattr = ByteBuffer.allocate(16).putInt(12).put(handle).array();
    byte[] mnt = opaque("/export".getBytes(StandardCharsets.UTF_8));
    byte[] sys = authSys(7, "client", 1000, 1000, 4, 24, 27, 1000);
    byte[] noGids = authSys(0, "", 0, 0);
    byte[] longName = authSys(1, "h".repeat(255), 65534, 65534);
    int nfs = nfs3.NFS_PROGRAM;
    int mount = mount3.MOUNT_PROGRAM;
    out.add(call(1, 2, nfs, 3, 0, 0, none, 0, none, none));
    out.add(call(2, 2, nfs, 3, 1, 1, sys, 0, none, getattr));
    out.add(call(3, 2, nfs, 3, 1, 0, none, 0, none, getattr));
    out.add(call(4, 2, mount, 3, 1, 1, noGids, 0, none, mnt));
    out.add(call(5, 2, mount, 3, 3, 1, longName, 0, none, mnt));
    out.add(call(6, 2, nfs, 3, 4, 0, new byte[400], 0, new byte[400], getattr));
    out.add(call(7, 2, nfs, 3, 0, 0, new byte[] {1, 2, 3}, 0, none, none));
    out.add(call(8, 2, nfs, 2, 0, 0, none, 0, none, none)); // another NFS version
    out.add(call(9, 2, 100000, 2, 0, 0, none, 0, none, none)); // another program
    out.add(call(10, 3, nfs, 3, 0, 0, none, 0, none, none)); // RPC version 3
    out.add(call(11, 2, nfs, 3, 0, 6, none, 0, none, none)); // RPCSEC_GSS: too weak
    out.add(call(12, 2, nfs, 3, 0, 9, none, 0, none, none)); // unknown flavor
    out.add(call(13, 2, nfs, 3, 0, 0, new byte[404], 0, none, none)); // body over 400
    out.add(call(14, 2, nfs, 3, 0, 1, authSys(0, "x", 0, 0, new int[17]), 0, none, none));
    out.add(call(15, 2, nfs, 3, 0, 1, Arrays.copyOf(noGids, 24), 0, none, none)); // 4 too many
    byte[] cut = call(16, 2, nfs, 3, 0, 0, none, 0, new byte[8], none);
    out.add(Arrays.copyOf(cut, cut.length - 4)); // verifier cut short
    ByteBuffer hugeName = ByteBuffer.wrap(call(17, 2, nfs, 3, 0, 1, noGids, 0, none, none));
    hugeName.putInt(36, 0x7ffffff0); // the machine name claims 2 GiB
    out.add(hugeName.array());
    ByteBuffer hugeVerifier = ByteBuffer.wrap(call(18, 2, nfs, 3, 0, 0, none, 0, none, none));
    hugeVerifier.putInt(36, 0x7ffffff0);
    out.add(hugeVerifier.array());
    // a reply: xid, REPLY, MSG_ACCEPTED, verifier claiming 2 GiB, SUCCESS
    out.add(
        ByteBuffer.allocate(24)
            .putInt(19)
            .putInt(1)
            .putInt(0)
            .putInt(0)
            .putInt(0x7ffffff0)
            .array());
    out.add(Arrays.copyOf(call(20, 2, nfs, 3, 0, 0, none, 0, none, none), 20)); // cut header
    out.add(new byte[] {0, 0, 0, 21});
    return out;
  }

  /** Record streams: byte 0 the limit (4 + 8b), byte 1 the largest read, byte 2 the read seed. */
  static List<byte[]> streams(List<byte[]> calls) {
    List<byte[]> out = new ArrayList<>();
    byte[] nullCall = calls.get(0);
    byte[] getattr = calls.get(1);
    out.add(stream(255, 63, 1, record(nullCall)));
    out.add(stream(255, 0, 2, record(nullCall), record(getattr), record(nullCall)));
    ByteBuffer split = ByteBuffer.allocate(getattr.length + 12);
    split.putInt(10).put(getattr, 0, 10).putInt(0).putInt(LAST | (getattr.length - 10));
    split.put(getattr, 10, getattr.length - 10);
    out.add(stream(40, 7, 3, split.array()));
    out.add(stream(4, 3, 4, new byte[4 * 30])); // empty fragments, none last
    out.add(stream(0, 5, 5, record(new byte[0]), record(new byte[0]))); // empty records
    out.add(stream(2, 1, 6, record(new byte[20]))); // over a 20-byte limit
    out.add(stream(255, 9, 7, ByteBuffer.allocate(8).putInt(LAST | 0x7fffffff).array()));
    out.add(stream(8, 2, 8, record(new byte[56]), record(new byte[64])));
    out.add(stream(255, 16, 9, Arrays.copyOf(record(getattr), 30))); // cut in the body
    return out;
  }

  /** MNT and UMNT arguments. */
  static List<byte[]> mountArguments() {
    List<byte[]> out = new ArrayList<>();
    out.add(opaque("/".getBytes(StandardCharsets.UTF_8)));
    out.add(opaque("/export".getBytes(StandardCharsets.UTF_8)));
    out.add(opaque("/export//".getBytes(StandardCharsets.UTF_8)));
    out.add(opaque(new byte[0]));
    out.add(opaque(fill(mount3.MNTPATHLEN, (byte) '/')));
    out.add(opaque(fill(mount3.MNTPATHLEN + 1, (byte) 'a'))); // over MNTPATHLEN
    out.add(opaque(fill(3000, (byte) 'a'))); // well over: must be refused without the allocation
    byte[] padding = opaque(new byte[] {'/', 'x'});
    padding[padding.length - 1] = 1; // non-zero padding
    out.add(padding);
    byte[] trailing = Arrays.copyOf(opaque(new byte[] {'/'}), 12); // trailing zero word
    out.add(trailing);
    out.add(Arrays.copyOf(opaque("/export".getBytes(StandardCharsets.UTF_8)), 9)); // truncated
    out.add(ByteBuffer.allocate(8).putInt(0x7ffffff0).array()); // claims 2 GiB
    out.add(new byte[] {0, 0});
    return out;
  }

  private static byte[] call(
      int xid,
      int rpcvers,
      int program,
      int version,
      int procedure,
      int flavor,
      byte[] credential,
      int verifierFlavor,
      byte[] verifier,
      byte[] arguments) {
    byte[] cred = opaque(credential);
    byte[] verf = opaque(verifier);
    return ByteBuffer.allocate(28 + cred.length + 4 + verf.length + arguments.length)
        .putInt(xid)
        .putInt(0) // CALL
        .putInt(rpcvers)
        .putInt(program)
        .putInt(version)
        .putInt(procedure)
        .putInt(flavor)
        .put(cred)
        .putInt(verifierFlavor)
        .put(verf)
        .put(arguments)
        .array();
  }

  private static byte[] authSys(int stamp, String machine, int uid, int gid, int... gids) {
    byte[] name = opaque(machine.getBytes(StandardCharsets.UTF_8));
    ByteBuffer b = ByteBuffer.allocate(4 + name.length + 12 + 4 * gids.length);
    b.putInt(stamp).put(name).putInt(uid).putInt(gid).putInt(gids.length);
    for (int g : gids) {
      b.putInt(g);
    }
    return b.array();
  }

  /** XDR variable-length opaque: length word, bytes, zero padding. */
  private static byte[] opaque(byte[] bytes) {
    ByteBuffer b = ByteBuffer.allocate(4 + ((bytes.length + 3) & ~3));
    return b.putInt(bytes.length).put(bytes).array();
  }

  private static byte[] record(byte[] message) {
    return ByteBuffer.allocate(4 + message.length)
        .putInt(LAST | message.length)
        .put(message)
        .array();
  }

  private static byte[] stream(int limit, int largestRead, int seed, byte[]... parts) {
    ByteBuffer b = ByteBuffer.allocate(3 + Arrays.stream(parts).mapToInt(p -> p.length).sum());
    b.put((byte) limit).put((byte) largestRead).put((byte) seed);
    for (byte[] p : parts) {
      b.put(p);
    }
    return b.array();
  }

  private static byte[] fill(int n, byte b) {
    byte[] out = new byte[n];
    Arrays.fill(out, b);
    return out;
  }

  private static void write(Path inputs, String method, List<byte[]> seeds) throws IOException {
    Path dir = inputs.resolve(method);
    Files.createDirectories(dir);
    for (int k = 0; k < seeds.size(); k++) {
      Files.write(dir.resolve(String.format("seed-%02d", k)), seeds.get(k));
    }
  }
}
