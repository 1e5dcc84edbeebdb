package org.bftnfs.spec.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import org.bftnfs.spec.Oid;
import org.junit.jupiter.api.Test;

/**
 * The canonical encoding of one abstract object (paper §3.1: "each entry in the array is encoded
 * using XDR"; §3.3: what {@code get_obj} returns). Layout: {@link ObjectCodec}.
 */
class ObjectCodecTest {

  private static final NfsTime T1 = new NfsTime(1, 2);
  private static final NfsTime T2 = new NfsTime(3, 4);

  private static Metadata meta(int mode, int nlink) {
    Metadata m = new Metadata(mode, nlink, 1000, 100, T1);
    m.mtime = T2;
    m.ctime = new NfsTime(5, 6);
    return m;
  }

  @Test
  void freeEntryIsGenerationAndTypeZero() {
    assertThat(ObjectCodec.encode(7, null))
        .isEqualTo(
            HexFormat.of()
                .parseHex(
                    "00000001" // a piece
                        + "0000000000000000" // key 0
                        + "00000008" // body length
                        + "0000000700000000" // generation 7, FREE
                        + "00000000")); // no more pieces
  }

  @Test
  void symlinkGoldenBytes() {
    byte[] enc = ObjectCodec.encode(2, new SymlinkObject(meta(0777, 1), new byte[] {'a', 'b'}));
    String expected =
        "00000001" // a piece
            + "0000000000000000" // key 0
            + "00000038" // body length 56
            + "00000002" // generation
            + "00000005" // SYMLINK
            + "000001ff" // mode 0777
            + "00000001" // nlink
            + "000003e8" // uid 1000
            + "00000064" // gid 100
            + "0000000100000002" // atime
            + "0000000300000004" // mtime
            + "0000000500000006" // ctime
            + "00000002" // target length
            + "61620000" // "ab" + padding
            + "00000000"; // no more pieces
    assertThat(HexFormat.of().formatHex(enc)).isEqualTo(expected);
  }

  @Test
  void sparseFileAndWrittenZerosEncodeAlike() {
    FileData sparse = new FileData();
    sparse.write(20_000, new byte[] {9});
    FileData zeros = new FileData();
    zeros.write(0, new byte[20_000]);
    zeros.write(20_000, new byte[] {9});
    byte[] a = ObjectCodec.encode(1, new FileObject(meta(0644, 1), sparse));
    byte[] b = ObjectCodec.encode(1, new FileObject(meta(0644, 1), zeros));
    assertThat(a).isEqualTo(b);
    // one run: block 4 (offset 16384) up to the size 20001
    ByteBuffer buf = ByteBuffer.wrap(a, 16 + 4 + 4 + 16 + 24, a.length - 64);
    assertThat(buf.getLong()).isEqualTo(20_001);
    assertThat(buf.getInt()).isZero(); // no create verifier
    assertThat(buf.getInt()).isEqualTo(1); // a piece
    assertThat(buf.getLong()).isEqualTo(1); // of segment 0
    buf.getInt(); // its length
    assertThat(buf.getInt()).isEqualTo(1); // one run
    assertThat(buf.getLong()).isEqualTo(16_384);
    assertThat(buf.getInt()).isEqualTo(20_001 - 16_384);
  }

  @Test
  void truncationForgetsBytesBeyondTheNewSize() {
    FileData d = new FileData();
    d.write(0, new byte[] {1, 2, 3, 4, 5});
    d.truncate(2);
    d.truncate(5);
    assertThat(d.read(0, 10)).containsExactly(1, 2, 0, 0, 0);
    FileData e = new FileData();
    e.write(0, new byte[] {1, 2});
    e.truncate(5);
    assertThat(ObjectCodec.encode(1, new FileObject(meta(0644, 1), d)))
        .isEqualTo(ObjectCodec.encode(1, new FileObject(meta(0644, 1), e)));
  }

  @Test
  void everyKindRoundTrips() {
    FileData data = new FileData();
    data.write(5000, "hello".getBytes());
    FileObject f = new FileObject(meta(0640, 2), data);
    f.setCreateVerifier(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    DirectoryObject d = new DirectoryObject(meta(0755, 2), new Oid(0, 1));
    d.link(Name.of("b"), new Oid(4, 2));
    d.link(Name.of("a"), new Oid(3, 9));
    d.unlink(Name.of("b"));
    SymlinkObject s = new SymlinkObject(meta(0777, 1), "../x".getBytes());
    for (AbstractObject o : List.of(f, d, s)) {
      byte[] enc = ObjectCodec.encode(3, o);
      ObjectCodec.Entry back = ObjectCodec.decode(enc);
      assertThat(back.generation()).isEqualTo(3);
      assertThat(back.object()).isEqualTo(o);
      assertThat(ObjectCodec.encode(back.generation(), back.object())).isEqualTo(enc);
    }
  }

  /**
   * Decoding in place (for installing verified values without a second copy of a file's data): the
   * file reads back exactly as the full decode's, any range, holes as zeros; it re-encodes to the
   * same bytes; other kinds decode as usual; malformed runs are refused; the contents are
   * read-only.
   */
  @Test
  void decodingInPlaceReadsTheRunsWhereTheyAre() {
    java.util.Random r = new java.util.Random(4);
    for (int trial = 0; trial < 20; trial++) {
      FileData data = new FileData();
      for (int k = 0; k < 1 + r.nextInt(6); k++) {
        byte[] bytes = new byte[1 + r.nextInt(9000)];
        r.nextBytes(bytes);
        data.write(r.nextInt(3 << 20), bytes);
      }
      if (r.nextBoolean()) {
        data.truncate(data.size() + r.nextInt(100_000));
      }
      byte[] enc = ObjectCodec.encode(7, new FileObject(meta(0600, 1), data));
      ObjectCodec.Entry full = ObjectCodec.decode(enc);
      ObjectCodec.Entry inPlace = ObjectCodec.decodeInPlace(enc);
      assertThat(inPlace.generation()).isEqualTo(7);
      FileContent view = ((FileObject) inPlace.object()).data();
      FileContent copy = ((FileObject) full.object()).data();
      assertThat(view.size()).isEqualTo(copy.size());
      for (int k = 0; k < 30; k++) {
        long off = (long) (r.nextDouble() * (view.size() + 10));
        int n = r.nextInt(20_000);
        assertThat(view.read(off, n))
            .as("trial %d, %d bytes at %d", trial, n, off)
            .isEqualTo(copy.read(off, n));
      }
      assertThat(ObjectCodec.encode(7, inPlace.object())).isEqualTo(enc);
      assertThat(view.snapshot()).isEqualTo(copy);
      assertThatThrownBy(() -> view.write(0, new byte[] {1}))
          .isInstanceOf(UnsupportedOperationException.class);
    }
    SymlinkObject s = new SymlinkObject(meta(0777, 1), "t".getBytes());
    assertThat(ObjectCodec.decodeInPlace(ObjectCodec.encode(2, s)).object()).isEqualTo(s);

    FileData two = new FileData();
    two.write(0, new byte[] {1});
    two.write(8192, new byte[] {2});
    byte[] enc = ObjectCodec.encode(1, new FileObject(meta(0600, 1), two));
    // the two runs' offsets swapped: out of order
    ByteBuffer b = ByteBuffer.wrap(enc);
    int firstRun = 4 + 4 + 16 + 24 + 8 + 4 + 4;
    int secondRun = firstRun + 8 + 4 + b.getInt(firstRun + 8); // a whole block: 4096, no pad
    byte[] swapped = enc.clone();
    ByteBuffer.wrap(swapped).putLong(firstRun, b.getLong(secondRun)).putLong(secondRun, 0);
    assertThatThrownBy(() -> ObjectCodec.decodeInPlace(swapped))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] trailing = java.util.Arrays.copyOf(enc, enc.length + 4);
    assertThatThrownBy(() -> ObjectCodec.decodeInPlace(trailing))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] truncated = java.util.Arrays.copyOf(enc, enc.length - 4);
    assertThatThrownBy(() -> ObjectCodec.decodeInPlace(truncated))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void directoryEntriesAreInUnsignedByteOrder() {
    DirectoryObject d = new DirectoryObject(meta(0755, 2), new Oid(0, 1));
    d.link(Name.of(new byte[] {(byte) 0xc3, (byte) 0xa9}), new Oid(1, 1)); // "é" in UTF-8
    d.link(Name.of("Z"), new Oid(2, 1));
    d.link(Name.of("a"), new Oid(3, 1));
    assertThat(d.entries().keySet().stream().map(Name::toString)).containsExactly("Z", "a", "é");
  }

  @Test
  void nonCanonicalInputIsRejected() {
    byte[] good = ObjectCodec.encode(1, new SymlinkObject(meta(0777, 1), "ab".getBytes()));
    byte[] trailing = java.util.Arrays.copyOf(good, good.length + 4);
    assertThatThrownBy(() -> ObjectCodec.decode(trailing))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] padded = good.clone();
    padded[padded.length - 5] = 1; // non-zero padding (before the end of the pieces)
    assertThatThrownBy(() -> ObjectCodec.decode(padded))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 4);
    assertThatThrownBy(() -> ObjectCodec.decode(truncated))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] unknownType = good.clone();
    unknownType[16 + 7] = 3; // the type, after the piece's frame and the generation
    assertThatThrownBy(() -> ObjectCodec.decode(unknownType))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fileRunOfZerosIsNotCanonical() {
    // size 4096, one run holding 4096 zero bytes: decodes to a file whose canonical form has no run
    ByteBuffer b = ByteBuffer.allocate(16 + 60 + 16 + 4112 + 4);
    b.putInt(1).putLong(0).putInt(60); // piece 0
    b.putInt(1).putInt(1).putInt(0644).putInt(1).putInt(0).putInt(0);
    b.putLong(0).putLong(0).putLong(0);
    b.putLong(4096).putInt(0);
    b.putInt(1).putLong(1).putInt(4112); // the piece of segment 0
    b.putInt(1).putLong(0).putInt(4096);
    b.position(b.position() + 4096);
    b.putInt(0);
    assertThatThrownBy(() -> ObjectCodec.decode(b.array()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("canonical");
  }

  @Test
  void directoryCopyIsIndependent() {
    DirectoryObject d =
        new DirectoryObject(meta(0755, 2), new Oid(0, 1), new TreeMap<>(), 3, List.of());
    DirectoryObject c = d.copy();
    d.link(Name.of("x"), new Oid(1, 1));
    assertThat(c.entries()).isEmpty();
    assertThat(c).isNotEqualTo(d);
  }

  /** File contents that are not in memory as far as the codec can tell (like a backend file). */
  private static final class Elsewhere implements FileContent {
    private final FileData data;
    int reads;

    Elsewhere(FileData data) {
      this.data = data;
    }

    @Override
    public long size() {
      return data.size();
    }

    @Override
    public byte[] read(long offset, int count) {
      reads++;
      assertThat(count).isLessThanOrEqualTo(ObjectCodec.SEGMENT);
      return data.read(offset, count);
    }

    @Override
    public void write(long offset, byte[] bytes) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void truncate(long newSize) {
      throw new UnsupportedOperationException();
    }

    @Override
    public FileData snapshot() {
      throw new AssertionError("the streamed encoding must not take a snapshot");
    }
  }

  /**
   * Files whose contents are read segment by segment (a backend's) encode to exactly the bytes of
   * the same contents in memory: runs cut at segment boundaries, zero blocks left out, a partial
   * last block and segment, and sizes beyond the last written byte.
   */
  @Test
  void streamedFileContentsEncodeLikeTheSameContentsInMemory() throws Exception {
    java.util.Random random = new java.util.Random(5);
    int segment = ObjectCodec.SEGMENT;
    for (int trial = 0; trial < 40; trial++) {
      FileData d = new FileData();
      int writes = random.nextInt(6);
      for (int k = 0; k < writes; k++) {
        long offset = random.nextInt(3 * segment);
        byte[] bytes = new byte[1 + random.nextInt(2 * FileData.BLOCK + 10)];
        random.nextBytes(bytes);
        if (random.nextBoolean()) {
          java.util.Arrays.fill(bytes, 0, bytes.length / 2, (byte) 0);
        }
        d.write(offset, bytes);
      }
      d.write(segment - 5, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}); // a run at a boundary
      if (random.nextBoolean()) {
        d.truncate(d.size() + random.nextInt(segment));
      } else {
        d.truncate(Math.max(0, d.size() - random.nextInt(FileData.BLOCK)));
      }
      FileObject inMemory = new FileObject(meta(0644, 1), d);
      inMemory.setCreateVerifier(trial % 3 == 0 ? new byte[] {1, 2, 3, 4, 5, 6, 7, 8} : null);
      Elsewhere elsewhere = new Elsewhere(d);
      FileObject streamed = new FileObject(meta(0644, 1), elsewhere);
      streamed.setCreateVerifier(inMemory.createVerifier());

      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      ObjectCodec.encode(9, streamed, out);

      assertThat(out.toByteArray())
          .as("trial %d", trial)
          .isEqualTo(ObjectCodec.encode(9, inMemory));
      long segments = (d.size() + segment - 1) / segment;
      assertThat(elsewhere.reads).isEqualTo(segments); // each segment read once
    }
  }
}
