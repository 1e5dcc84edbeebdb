package org.bftnfs.spec.procedures;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bftnfs.spec.AbstractState;
import org.bftnfs.spec.AgreedValues;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.SpecHarness;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.state.ObjectCodec;
import org.bftnfs.xdr.nfs.READDIR3res;
import org.bftnfs.xdr.nfs.READDIRPLUS3res;
import org.bftnfs.xdr.nfs.entry3;
import org.bftnfs.xdr.nfs.entryplus3;
import org.bftnfs.xdr.nfs.fattr3;
import org.bftnfs.xdr.nfs.nfs_fh3;
import org.bftnfs.xdr.nfs.nfstime3;
import org.bftnfs.xdr.nfs.post_op_attr;
import org.bftnfs.xdr.nfs.pre_op_attr;

/**
 * Comparable views of XDR results (the generated classes have no {@code equals}), handle
 * arithmetic, and state snapshots for the procedure tests.
 */
final class Facts {

  /** The fsid of the default configuration. */
  static final long FSID = SpecConfig.defaults().fsid();

  private Facts() {}

  /** {@code c} with another {@code maxTransfer}. */
  static SpecConfig withMaxTransfer(SpecConfig c, int maxTransfer) {
    SpecConfig.Builder b = c.toBuilder();
    b.maxTransfer = maxTransfer;
    return b.build();
  }

  /** An {@code nfstime3} as a value. */
  record Time(int seconds, int nanos) {
    static Time of(nfstime3 t) {
      return new Time(t.seconds, t.nseconds);
    }

    static Time of(AgreedValues v) {
      return new Time(v.seconds(), v.nanos());
    }
  }

  /** Every {@code fattr3} field as a value ({@code rdev} must be 0,0 for every abstract object). */
  record Attrs(
      int type,
      int mode,
      int nlink,
      int uid,
      int gid,
      long size,
      long used,
      long fsid,
      long fileid,
      Time atime,
      Time mtime,
      Time ctime) {

    static Attrs of(fattr3 a) {
      assertThat(a.rdev.specdata1).as("rdev.specdata1").isZero();
      assertThat(a.rdev.specdata2).as("rdev.specdata2").isZero();
      return new Attrs(
          a.type,
          a.mode,
          a.nlink,
          a.uid,
          a.gid,
          a.size,
          a.used,
          a.fsid,
          a.fileid,
          Time.of(a.atime),
          Time.of(a.mtime),
          Time.of(a.ctime));
    }

    /** The attributes, asserting that they are present. */
    static Attrs of(post_op_attr p) {
      assertThat(p.attributes_follow).as("post_op_attr present").isTrue();
      return of(p.attributes);
    }

    /** The weak-cache-consistency view of these attributes. */
    Wcc wcc() {
      return new Wcc(size, mtime, ctime);
    }
  }

  /** A {@code wcc_attr} as a value. */
  record Wcc(long size, Time mtime, Time ctime) {
    static Wcc of(pre_op_attr p) {
      assertThat(p.attributes_follow).as("pre_op_attr present").isTrue();
      return new Wcc(p.attributes.size, Time.of(p.attributes.mtime), Time.of(p.attributes.ctime));
    }
  }

  // ---- handles -------------------------------------------------------------------------------

  static int index(nfs_fh3 fh) {
    return ByteBuffer.wrap(fh.data).getInt(8);
  }

  static int generation(nfs_fh3 fh) {
    return ByteBuffer.wrap(fh.data).getInt(12);
  }

  /** The fileid the specification gives the object of a handle: (generation << 32) | index. */
  static long fileid(nfs_fh3 fh) {
    return (Integer.toUnsignedLong(generation(fh)) << 32) | Integer.toUnsignedLong(index(fh));
  }

  /** A copy of {@code fh} with the 32-bit word at byte {@code offset} replaced. */
  static nfs_fh3 withWord(nfs_fh3 fh, int offset, int value) {
    byte[] b = fh.data.clone();
    ByteBuffer.wrap(b).putInt(offset, value);
    return SpecHarness.fh(b);
  }

  /** The status word of an encoded procedure result. */
  static int status(NfsReply reply) {
    assertThat(reply.outcome()).isEqualTo(NfsReply.Outcome.SUCCESS);
    return ByteBuffer.wrap(reply.result()).getInt();
  }

  // ---- listings ------------------------------------------------------------------------------

  /** One listed entry as a value. */
  record Listed(String name, long fileid, long cookie) {}

  static List<Listed> entries(READDIR3res r) {
    assertThat(r.resok).as("READDIR ok").isNotNull();
    List<Listed> out = new ArrayList<>();
    for (entry3 e = r.resok.reply.entries; e != null; e = e.nextentry) {
      out.add(new Listed(name(e.name), e.fileid, e.cookie));
    }
    return out;
  }

  static List<Listed> entries(READDIRPLUS3res r) {
    assertThat(r.resok).as("READDIRPLUS ok").isNotNull();
    List<Listed> out = new ArrayList<>();
    for (entryplus3 e = r.resok.reply.entries; e != null; e = e.nextentry) {
      out.add(new Listed(name(e.name), e.fileid, e.cookie));
    }
    return out;
  }

  static List<String> names(List<Listed> entries) {
    return entries.stream().map(Listed::name).toList();
  }

  /** Names as ISO-8859-1, so that every byte (also 0x80..0xff) is one distinct char. */
  static String name(byte[] raw) {
    return new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  static byte[] raw(String isoName) {
    return isoName.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  // ---- state ---------------------------------------------------------------------------------

  /** The canonical encoding of every entry of {@code s}. */
  static byte[][] canonical(AbstractState s) {
    byte[][] out = new byte[s.capacity()][];
    for (int i = 0; i < s.capacity(); i++) {
      out[i] = ObjectCodec.encode(s.generation(i), s.object(i));
    }
    return out;
  }

  /**
   * A copy of the harness's state and its canonical encodings, taken now, plus the entries
   * announced through {@code modify} from now on.
   */
  static final class Snapshot {
    private final SpecHarness h;
    private final AbstractState copy;
    private final byte[][] encoded;
    private final Set<Integer> announced = new TreeSet<>();

    Snapshot(SpecHarness h) {
      this.h = h;
      this.copy = h.state.copy();
      this.encoded = canonical(h.state);
      h.state.setModifyListener(announced::add);
    }

    /** The state equals the snapshot, entry by entry and in canonical encoding. */
    void assertUnchanged() {
      assertThat(h.state).as("abstract state").isEqualTo(copy);
      assertThat(canonical(h.state)).as("canonical encodings").isDeepEqualTo(encoded);
    }

    /** Indices whose canonical encoding differs from the snapshot. */
    Set<Integer> changed() {
      byte[][] now = canonical(h.state);
      Set<Integer> out = new TreeSet<>();
      for (int i = 0; i < now.length; i++) {
        if (!java.util.Arrays.equals(now[i], encoded[i])) {
          out.add(i);
        }
      }
      return out;
    }

    /** Indices announced through {@code modify} since the snapshot. */
    Set<Integer> announced() {
      return announced;
    }

    /** Every changed entry was announced before it changed (paper Figure 1, modify). */
    void assertChangesAnnounced() {
      assertThat(announced()).as("entries announced by modify").containsAll(changed());
    }
  }

  static Snapshot snapshot(SpecHarness h) {
    return new Snapshot(h);
  }
}
