package org.bftnfs.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.state.EncodedBytes;
import org.bftnfs.spec.state.FileData;
import org.bftnfs.spec.state.FileObject;
import org.bftnfs.spec.state.ObjectCodec;
import org.bftnfs.spec.upcall.ObjectValue;
import org.bftnfs.spec.upcall.ReplicaFaultException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fast checks of the wrapper's own logic over an in-memory backend (paper §3.2, §3.3). The proof
 * over real implementations is in the differential integration tests.
 */
class WrapperOverMemoryBackendTest {

  static final SpecConfig CONFIG =
      SpecConfig.defaults().withCapacity(150).withLimits(64L << 20, 16L << 20);

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void repliesAndObjectsMatchTheReference(long seed) {
    ConformanceWrapper a = ConformanceWrapper.create(new MemoryBackend(1000), CONFIG);
    ConformanceWrapper b = ConformanceWrapper.create(new MemoryBackend(5_000_000), CONFIG);
    Differential.run(
        seed,
        2000,
        CONFIG,
        List.of(
            Differential.reference(CONFIG),
            new Differential.WrapperTarget("memory A", a),
            new Differential.WrapperTarget("memory B", b)),
        250,
        70_000);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {4, 5})
  void stateMovesIntoAnEmptyBackendWithPutObjs(long seed) {
    ConformanceWrapper source = ConformanceWrapper.create(new MemoryBackend(1000), CONFIG);
    Differential.run(
        seed,
        1500,
        CONFIG,
        List.of(Differential.reference(CONFIG), new Differential.WrapperTarget("source", source)),
        1500,
        70_000);
    ConformanceWrapper target = ConformanceWrapper.create(new MemoryBackend(9_000_000), CONFIG);
    target.putObjs(all(source));
    for (int i = 0; i < CONFIG.capacity(); i++) {
      assertThat(target.getObj(i)).as("entry %d", i).isEqualTo(source.getObj(i));
    }
  }

  @Test
  void restoreFromSavedRepKeepsTheAbstractState(@TempDir Path dir) {
    MemoryBackend backend = new MemoryBackend(1000);
    ConformanceWrapper w = ConformanceWrapper.create(backend, CONFIG);
    Differential.run(
        9,
        1000,
        CONFIG,
        List.of(Differential.reference(CONFIG), new Differential.WrapperTarget("w", w)),
        1000,
        70_000);
    List<byte[]> before = new ArrayList<>();
    for (int i = 0; i < CONFIG.capacity(); i++) {
      before.add(w.getObj(i));
    }
    w.saveRep(dir.resolve("rep"));
    ConformanceWrapper again = ConformanceWrapper.restore(backend, CONFIG, dir.resolve("rep"));
    for (int i = 0; i < CONFIG.capacity(); i++) {
      assertThat(again.getObj(i)).as("entry %d", i).isEqualTo(before.get(i));
    }
  }

  /**
   * The streamed abstraction function writes the bytes {@code getObj} returns (file data read from
   * the backend in segments), one piece at a time too, and every entry at or past the extent is a
   * never-used one.
   */
  @Test
  void streamedObjectsEqualGetObjAndNothingPastTheExtentWasUsed() throws Exception {
    MemoryBackend backend = new MemoryBackend(1000);
    ConformanceWrapper w = ConformanceWrapper.create(backend, CONFIG);
    Differential.run(
        12,
        800,
        CONFIG,
        List.of(Differential.reference(CONFIG), new Differential.WrapperTarget("w", w)),
        800,
        1_000_000);
    byte[] neverUsed = org.bftnfs.spec.state.ObjectCodec.encode(0, null);
    assertThat(w.extent()).isBetween(2, CONFIG.capacity());
    for (int i = 0; i < CONFIG.capacity(); i++) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      w.writeObj(i, out);
      byte[] whole = w.getObj(i);
      assertThat(out.toByteArray()).as("entry %d", i).isEqualTo(whole);
      for (long key = 0; key < 4; key++) { // the head, and data pieces of the first 3 MiB
        java.io.ByteArrayOutputStream piece = new java.io.ByteArrayOutputStream();
        w.writeObjPiece(i, key, piece);
        byte[] expected = org.bftnfs.spec.state.ObjectCodec.pieceOf(whole, key);
        assertThat(piece.toByteArray())
            .as("entry %d piece %d", i, key)
            .isEqualTo(expected == null ? new byte[0] : expected);
      }
      if (i >= w.extent()) {
        assertThat(whole).as("entry %d past the extent", i).isEqualTo(neverUsed);
      }
    }
  }

  @Test
  void aNonEmptyExportWithoutRepIsRefused() {
    MemoryBackend backend = new MemoryBackend(1000);
    ConformanceWrapper w = ConformanceWrapper.create(backend, CONFIG);
    Differential.run(
        3,
        300,
        CONFIG,
        List.of(Differential.reference(CONFIG), new Differential.WrapperTarget("w", w)),
        300,
        1000);
    assertThatThrownBy(() -> ConformanceWrapper.create(backend, CONFIG))
        .isInstanceOf(ReplicaFaultException.class)
        .hasMessageContaining("no conformance rep");
  }

  static List<ObjectValue> all(ConformanceWrapper w) {
    List<ObjectValue> out = new ArrayList<>();
    for (int i = 0; i < w.capacity(); i++) {
      out.add(new ObjectValue(i, w.getObj(i)));
    }
    return out;
  }

  /** Paper §3.3: a stale copy is brought up to date with only the objects that changed. */
  /**
   * Values loaded on demand (as a state transfer reads them back from where it spilled them) are
   * installed like held ones, each read once to install and once to check, in two sweeps in the
   * order given: the wrapper never needs every value's bytes at the same time.
   */
  @Test
  void valuesLoadedOnDemandAreReadOncePerPass() {
    ConformanceWrapper source = ConformanceWrapper.create(new MemoryBackend(1000), CONFIG);
    Differential.run(
        6,
        1500,
        CONFIG,
        List.of(Differential.reference(CONFIG), new Differential.WrapperTarget("source", source)),
        1500,
        70_000);
    List<Integer> loads = new ArrayList<>();
    List<ObjectValue> lazy = new ArrayList<>();
    for (ObjectValue v : all(source)) {
      byte[] bytes = v.encoding();
      lazy.add(
          ObjectValue.loadedBy(
              v.index(),
              () -> {
                loads.add(v.index());
                return bytes.clone();
              }));
    }
    ConformanceWrapper target = ConformanceWrapper.create(new MemoryBackend(9_000_000), CONFIG);
    target.putObjs(lazy);
    for (int i = 0; i < CONFIG.capacity(); i++) {
      assertThat(target.getObj(i)).as("entry %d", i).isEqualTo(source.getObj(i));
    }
    List<Integer> order = lazy.stream().map(ObjectValue::index).toList();
    List<Integer> twice = new ArrayList<>(order);
    twice.addAll(order);
    assertThat(loads).isEqualTo(twice);
  }

  /**
   * A file's value stored elsewhere (as a state transfer leaves it: in its spill file) is installed
   * by reading its encoding a part at a time, never whole: what lets a replica take a file of any
   * size from its peers.
   */
  @Test
  void aLargeFileIsInstalledFromWhereItsEncodingIsStoredAPartAtATime() {
    ConformanceWrapper source = ConformanceWrapper.create(new MemoryBackend(1000), CONFIG);
    Differential.run(
        7,
        600,
        CONFIG,
        List.of(Differential.reference(CONFIG), new Differential.WrapperTarget("source", source)),
        600,
        70_000);
    List<ObjectValue> values = all(source);
    int file = -1;
    for (ObjectValue v : values) {
      if (ObjectCodec.decode(v.encoding()).object() instanceof FileObject) {
        file = v.index();
        break;
      }
    }
    assertThat(file).as("a file in the state").isNotNegative();
    ObjectCodec.Entry e = ObjectCodec.decode(values.get(file).encoding());
    FileObject small = (FileObject) e.object();
    FileData data = new FileData();
    byte[] block = new byte[12_345];
    new java.util.Random(11).nextBytes(block);
    for (long at = 0; at < (6 << 20); at += 3 * block.length) {
      data.write(at, block); // runs of data with holes between them
    }
    FileObject large = new FileObject(small.meta(), data);
    byte[] encoding = ObjectCodec.encode(e.generation(), large);
    long[] largestRead = {0};
    int[] wholeReads = {0};
    EncodedBytes stored =
        new EncodedBytes() {
          final EncodedBytes bytes = EncodedBytes.of(encoding);

          @Override
          public long length() {
            return bytes.length();
          }

          @Override
          public void read(long position, byte[] dst, int offset, int count) {
            largestRead[0] = Math.max(largestRead[0], count);
            bytes.read(position, dst, offset, count);
          }

          @Override
          public byte[] toArray() {
            wholeReads[0]++;
            return bytes.toArray();
          }
        };
    List<ObjectValue> install = new ArrayList<>(values);
    int index = file;
    install.set(file, ObjectValue.storedIn(index, () -> stored));
    ConformanceWrapper target = ConformanceWrapper.create(new MemoryBackend(9_000_000), CONFIG);
    target.putObjs(install);
    assertThat(target.getObj(file)).isEqualTo(encoding);
    assertThat(wholeReads[0]).as("encodings read whole").isZero();
    assertThat(largestRead[0])
        .as("largest part read of a %d-byte encoding", encoding.length)
        .isLessThanOrEqualTo(BackendFileContent.CHUNK);
  }

  @Test
  void aStaleCopyCatchesUpWithOnlyTheChangedObjects() {
    ConformanceWrapper source = ConformanceWrapper.create(new MemoryBackend(1000), CONFIG);
    Differential.Target reference = Differential.reference(CONFIG);
    Differential.WrapperTarget src = new Differential.WrapperTarget("source", source);
    Differential.run(21, 800, CONFIG, List.of(reference, src), 800, 70_000);
    ConformanceWrapper copy = ConformanceWrapper.create(new MemoryBackend(7_000_000), CONFIG);
    copy.putObjs(all(source));
    src.announced.clear();
    java.util.Set<Integer> changed = new java.util.TreeSet<>();
    source.setModifyListener(
        i -> {
          changed.add(i);
          src.announced.add(i);
        });
    Differential.run(22, 800, CONFIG, List.of(reference, src), 800, 70_000);
    assertThat(changed).isNotEmpty().hasSizeLessThan(CONFIG.capacity());
    List<ObjectValue> delta = new ArrayList<>();
    for (int i : changed) {
      delta.add(new ObjectValue(i, source.getObj(i)));
    }
    copy.putObjs(delta);
    for (int i = 0; i < CONFIG.capacity(); i++) {
      assertThat(copy.getObj(i)).as("entry %d", i).isEqualTo(source.getObj(i));
    }
  }

  /** A backend that corrupts data is seen by the abstraction function and repaired by putObjs. */
  @Test
  void corruptionShowsInGetObjAndPutObjsRepairsIt() {
    MemoryBackend backend = new MemoryBackend(1000);
    ConformanceWrapper w = ConformanceWrapper.create(backend, CONFIG);
    Differential.Target reference = Differential.reference(CONFIG);
    Differential.run(
        31, 600, CONFIG, List.of(reference, new Differential.WrapperTarget("w", w)), 600, 70_000);
    int victim = -1;
    for (int i = 0; i < CONFIG.capacity() && victim < 0; i++) {
      if (w.rep().abstractView().object(i) instanceof org.bftnfs.spec.state.FileObject f
          && f.data().size() > 10) {
        victim = i;
      }
    }
    assertThat(victim).as("a non-empty file exists").isPositive();
    byte[] good = w.getObj(victim);
    backend.corrupt(w.rep().handle(victim), 5);
    assertThat(w.getObj(victim)).isNotEqualTo(good);
    w.putObjs(List.of(new ObjectValue(victim, good)));
    assertThat(w.getObj(victim)).isEqualTo(good);
  }

  /** A backend that fails mid-operation makes the replica faulty; it never answers wrongly. */
  @Test
  void aFailingBackendIsAReplicaFault() {
    MemoryBackend backend = new MemoryBackend(1000);
    ConformanceWrapper w = ConformanceWrapper.create(backend, CONFIG);
    List<Differential.Target> both =
        List.of(Differential.reference(CONFIG), new Differential.WrapperTarget("w", w));
    Differential.run(41, 300, CONFIG, both, 300, 1000);
    backend.failAll = true;
    assertThatThrownBy(() -> Differential.run(42, 300, CONFIG, both, 300, 1000))
        .isInstanceOf(ReplicaFaultException.class)
        .hasMessageContaining("memory backend");
    assertThat(w.fault()).isNotNull();
    backend.failAll = false;
    assertThatThrownBy(
            () ->
                w.execute(
                    new org.bftnfs.spec.service.NfsCall(
                        1, org.bftnfs.spec.service.Credentials.none(), new byte[0]),
                    new org.bftnfs.spec.AgreedValues(1, 0)))
        .isInstanceOf(ReplicaFaultException.class)
        .hasMessageContaining("needs state transfer");
  }
}
