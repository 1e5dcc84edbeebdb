package org.bftnfs.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import org.bftnfs.spec.service.Credentials;
import org.bftnfs.spec.xdr.MalformedXdrException;
import org.bftnfs.spec.xdr.RawXdr;
import org.bftnfs.spec.xdr.XdrCodec;
import org.bftnfs.xdr.mount.mntargs3;
import org.bftnfs.xdr.mount.mount3;
import org.dcache.oncrpc4j.rpc.RpcAuthStat;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.rpc.RpcMessageType;
import org.dcache.oncrpc4j.rpc.RpcRejectStatus;
import org.dcache.oncrpc4j.xdr.Xdr;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;

/**
 * Coverage-guided fuzzing of what a client's bytes reach in the relay before any of them is handed
 * to the service (RFC 5531 record marking and call header, RFC 1813 MOUNT arguments):
 *
 * <ul>
 *   <li>{@link #recordMarkingIsFollowedAsTheBytesArrive}: {@link RecordMarkScanner} agrees with a
 *       model of the record stream, whatever the fragment headers claim and however the stream is
 *       cut into reads — a record is refused exactly at the header that takes it over the limit,
 *       and the bytes of incomplete records are counted exactly;
 *   <li>{@link #callsReachOncrpc4jOnlyWithinTheirBounds}: {@link CallScreeningFilter#screen} never
 *       throws, drops only what is not a call header, and what it lets through oncrpc4j decodes
 *       without an exception and within a small allocation (the credential and verifier bodies are
 *       at most 400 bytes, whatever their length words claim), to the credentials and the argument
 *       bytes the call's words say — what the relay hands to NFSv3 or MOUNT;
 *   <li>{@link #mountPathsDecodeWithinMntpathlenOrAreGarbage}: MOUNT's {@code dirpath<MNTPATHLEN>}
 *       decodes only from its canonical encoding and within its bound, allocating no more than the
 *       bound whatever the input; anything else is {@link MalformedXdrException} (GARBAGE_ARGS).
 * </ul>
 *
 * <p>The NFSv3 arguments themselves are not decoded by the relay (the service decodes them: {@code
 * SpecFuzzTest} fuzzes that); here the relay must only delimit them exactly.
 *
 * <p>Regression mode ({@code mvn test}) runs the inputs under {@code
 * src/test/resources/org/bftnfs/relay/RelayFuzzTestInputs/} (seeds written by {@link
 * RelayFuzzSeeds} plus what fuzzing found); {@code JAZZER_FUZZ=1} fuzzes one target (README.md,
 * Development).
 */
class RelayFuzzTest {

  /**
   * Most bytes oncrpc4j may allocate decoding a screened call header: two bodies of at most 400
   * bytes, a machine name of at most 255, 16 gids and the objects around them take a few KiB.
   */
  static final long HEADER_ALLOCATION = 16 << 10;

  /**
   * Most bytes decoding MOUNT arguments may allocate beyond what refusing empty arguments takes
   * (the decoder and, when refused, the exception with its stack trace): the path, at most {@code
   * MNTPATHLEN} bytes, and a little slack for a longer exception message.
   */
  static final long DIRPATH_ALLOCATION = mount3.MNTPATHLEN + 512;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /**
   * Byte 0 picks the record limit (4 to 2044 bytes), byte 1 the largest read (1 to 64 bytes), byte
   * 2 seeds the read sizes; the rest is the stream.
   */
  @FuzzTest(maxDuration = "60s")
  void recordMarkingIsFollowedAsTheBytesArrive(byte[] data) {
    if (data.length < 3) {
      return;
    }
    long limit = 4 + (data[0] & 0xff) * 8L;
    int largestRead = 1 + (data[1] & 0x3f);
    SplittableRandom reads = new SplittableRandom(data[2]);
    byte[] stream = Arrays.copyOfRange(data, 3, data.length);
    RecordModel model = new RecordModel(stream, limit);

    RecordMarkScanner scanner = new RecordMarkScanner(limit);
    int at = 0;
    while (at < stream.length) {
      int end = Math.min(stream.length, at + 1 + reads.nextInt(largestRead));
      Buffer chunk = Buffers.wrap(MemoryManager.DEFAULT_MEMORY_MANAGER, stream);
      chunk.position(at);
      chunk.limit(end);
      boolean accepted = scanner.feed(chunk);
      assertThat(chunk.position()).as("position after a read").isEqualTo(at);
      assertThat(chunk.limit()).as("limit after a read").isEqualTo(end);
      boolean crossesHere = model.refusedAt >= at && model.refusedAt < end;
      assertThat(accepted)
          .as("read [%d, %d) of a stream refused at %d", at, end, model.refusedAt)
          .isEqualTo(!crossesHere);
      if (!accepted) {
        assertThat(scanner.recordBytes()).as("size claimed").isEqualTo(model.refusedSize);
        return;
      }
      assertThat(scanner.recordBytes()).as("record size so far").isLessThanOrEqualTo(limit);
      assertThat(scanner.pendingBytes())
          .as("bytes of an incomplete record after %d bytes", end)
          .isEqualTo(model.pendingAfter[end]);
      at = end;
    }
  }

  /**
   * The record stream as RFC 5531 §11 defines it, read all at once: where the limit is crossed and
   * how many bytes of an incomplete record precede each offset.
   */
  static final class RecordModel {

    /** {@code pendingAfter[n]}: bytes of records not yet complete among the first n bytes. */
    final long[] pendingAfter;

    /** The offset of the header byte that takes a record over the limit, or -1. */
    int refusedAt = -1;

    /** The record's size (headers included) counting that header's fragment. */
    long refusedSize;

    RecordModel(byte[] stream, long limit) {
      int n = stream.length;
      pendingAfter = new long[n + 1];
      ByteBuffer words = ByteBuffer.wrap(stream);
      int recordStart = 0;
      long recordSize = 0;
      long pos = 0;
      while (pos < n) {
        int header = (int) pos;
        if (header + 4 > n) {
          fill(header, n, recordStart);
          return;
        }
        int word = words.getInt(header);
        long size = word & 0x7fffffffL;
        boolean last = word < 0;
        fill(header, header + 4, recordStart);
        recordSize += 4 + size;
        if (recordSize > limit) {
          refusedAt = header + 3;
          refusedSize = recordSize;
          return;
        }
        long bodyEnd = header + 4 + size;
        fill(header + 4, (int) Math.min(bodyEnd, n), recordStart);
        if (bodyEnd > n) {
          return;
        }
        if (last) {
          recordStart = (int) bodyEnd;
          recordSize = 0;
          pendingAfter[recordStart] = 0;
        }
        pos = bodyEnd;
      }
    }

    private void fill(int from, int to, int recordStart) {
      for (int i = from; i < to; i++) {
        pendingAfter[i + 1] = i + 1 - recordStart;
      }
    }
  }

  /** The input is one RPC message, as oncrpc4j's record parser hands it on. */
  @FuzzTest(maxDuration = "60s")
  void callsReachOncrpc4jOnlyWithinTheirBounds(byte[] data) throws IOException {
    Buffer message = new Xdr(data).asBuffer();
    int position = message.position();
    int limit = message.limit();
    CallScreeningFilter.Verdict verdict = CallScreeningFilter.screen(message);
    assertThat(message.position()).isEqualTo(position);
    assertThat(message.limit()).isEqualTo(limit);
    ByteBuffer words = ByteBuffer.wrap(data);
    boolean callHeader =
        data.length >= AuthBodyCheck.CREDENTIAL_OFFSET + 4
            && words.getInt(4) == RpcMessageType.CALL;
    switch (verdict.action()) {
      case DROP -> assertThat(callHeader).as("a call header dropped").isFalse();
      case REJECT -> {
        assertThat(words.getInt(4)).isEqualTo(RpcMessageType.CALL);
        assertThat(verdict.xid()).isEqualTo(words.getInt(0));
        if (words.getInt(8) != 2) {
          assertThat(verdict.rejectStatus()).isEqualTo(RpcRejectStatus.RPC_MISMATCH);
        } else {
          assertThat(verdict.rejectStatus()).isEqualTo(RpcRejectStatus.AUTH_ERROR);
          assertThat(verdict.authStat())
              .isIn(RpcAuthStat.AUTH_BADCRED, RpcAuthStat.AUTH_BADVERF, RpcAuthStat.AUTH_TOOWEAK);
        }
      }
      case PASS -> decodesAsTheRelayReadsIt(data);
      default -> fail("verdict %s", verdict);
    }
  }

  /** oncrpc4j's decoding of a screened call agrees with the call's words and stays small. */
  private static void decodesAsTheRelayReadsIt(byte[] data) throws IOException {
    ByteBuffer words = ByteBuffer.wrap(data);
    assertThat(words.getInt(4)).isEqualTo(RpcMessageType.CALL);
    assertThat(words.getInt(8)).as("rpcvers").isEqualTo(2);
    int flavor = words.getInt(AuthBodyCheck.CREDENTIAL_OFFSET);
    assertThat(flavor).isIn(Credentials.AUTH_NONE, Credentials.AUTH_SYS);

    accept(data); // once for the classes and call sites it links, then measured
    long before = THREADS.getCurrentThreadAllocatedBytes();
    RpcCall call = accept(data);
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
    assertThat(allocated).as("bytes allocated decoding the header").isLessThan(HEADER_ALLOCATION);

    assertThat(call.getXid()).isEqualTo(words.getInt(0));
    assertThat(call.getProgram()).isEqualTo(words.getInt(12));
    assertThat(call.getProgramVersion()).isEqualTo(words.getInt(16));
    assertThat(call.getProcedure()).isEqualTo(words.getInt(20));

    int credentialLength = words.getInt(28);
    int verifier = 32 + padded(credentialLength);
    int arguments = verifier + 8 + padded(words.getInt(verifier + 4));
    assertThat(RawXdr.remainingOf(call.getXdr()))
        .as("the argument bytes CallRouter hands on")
        .isEqualTo(Arrays.copyOfRange(data, arguments, data.length));

    Optional<Credentials> caller = CallCredentials.of(call.getCredential());
    assertThat(caller).as("credentials of a screened call").isPresent();
    if (flavor == Credentials.AUTH_NONE) {
      assertThat(caller.get()).isEqualTo(Credentials.none());
    } else {
      int at = 32 + 4; // stamp
      at += 4 + padded(words.getInt(at)); // machine name
      int uid = words.getInt(at);
      int gid = words.getInt(at + 4);
      int[] gids = new int[words.getInt(at + 8)];
      for (int i = 0; i < gids.length; i++) {
        gids[i] = words.getInt(at + 12 + 4 * i);
      }
      assertThat(at + 12 + 4 * gids.length).as("end of the AUTH_SYS body").isEqualTo(verifier);
      assertThat(caller.get()).isEqualTo(Credentials.unix(uid, gid, gids));
    }
  }

  /** What oncrpc4j's RpcProtocolFilter does with a message before the relay's router sees it. */
  private static RpcCall accept(byte[] data) throws IOException {
    Xdr xdr = new Xdr(data);
    xdr.beginDecoding();
    int xid = xdr.xdrDecodeInt();
    xdr.xdrDecodeInt(); // message type
    RpcCall call = new RpcCall(xid, xdr, null);
    call.accept();
    return call;
  }

  private static int padded(int length) {
    return (length + 3) & ~3;
  }

  /** The input is the argument bytes of a MNT or UMNT call. */
  @FuzzTest(maxDuration = "60s")
  void mountPathsDecodeWithinMntpathlenOrAreGarbage(byte[] data) {
    byte[] empty = new byte[0];
    byte[] first = dirpathOrNull(data); // once for the classes and call sites it links
    dirpathOrNull(empty);
    long baseline = allocatedBy(() -> dirpathOrNull(empty));
    byte[][] path = new byte[1][];
    long allocated = allocatedBy(() -> path[0] = dirpathOrNull(data));
    assertThat(allocated - baseline)
        .as("bytes allocated decoding %d argument bytes, beyond refusing none", data.length)
        .isLessThan(DIRPATH_ALLOCATION);
    assertThat(path[0]).as("the same input decoded twice").isEqualTo(first);
    if (path[0] == null) {
      return;
    }
    assertThat(path[0].length).isLessThanOrEqualTo(mount3.MNTPATHLEN);
    mntargs3 args = new mntargs3();
    args.dirpath = path[0];
    assertThat(XdrCodec.encode(args)).as("the decoded path re-encoded").isEqualTo(data);
  }

  /** Bytes this thread allocates running {@code action}. */
  private static long allocatedBy(Runnable action) {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    action.run();
    return THREADS.getCurrentThreadAllocatedBytes() - before;
  }

  private static byte[] dirpathOrNull(byte[] arguments) {
    try {
      return MountProgram.dirpath(arguments);
    } catch (MalformedXdrException refused) {
      return null;
    }
  }
}
