package org.bftnfs.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bftnfs.spec.state.AbstractObject;
import org.bftnfs.spec.state.FileData;
import org.bftnfs.spec.state.FileObject;
import org.bftnfs.spec.state.Metadata;
import org.bftnfs.spec.state.NfsTime;
import org.bftnfs.spec.state.ObjectCodec;
import org.junit.jupiter.api.Test;

/**
 * The abstract state array is sparse: a state of the default capacity (2^24) stores only the
 * entries ever used, allocation still takes the lowest free index, and freed entries keep their
 * generation.
 */
class AbstractStateTest {

  private static AbstractObject file(int bytes) {
    FileData d = new FileData();
    d.truncate(bytes);
    return new FileObject(new Metadata(0644, 1, 0, 0, NfsTime.ZERO), d);
  }

  @Test
  void theInitialStateOfTheDefaultCapacityStoresOnlyTheRoot() {
    SpecConfig config = SpecConfig.defaults();
    AbstractState s = new AbstractSpec(config).initialState();

    assertThat(config.capacity()).isEqualTo(1 << 24);
    assertThat(s.capacity()).isEqualTo(1 << 24);
    assertThat(s.extent()).isEqualTo(1);
    assertThat(s.storage()).isLessThanOrEqualTo(16);
    assertThat(s.freeEntries()).isEqualTo((1 << 24) - 1);
    assertThat(s.generation((1 << 24) - 1)).isZero();
    assertThat(s.object((1 << 24) - 1)).isNull();
    assertThat(ObjectCodec.encode(s.generation(12345678), s.object(12345678)))
        .isEqualTo(ObjectCodec.encode(0, null));
  }

  @Test
  void storageGrowsWithTheEntriesUsedNotWithTheCapacity() {
    AbstractState s = new AbstractState(1 << 24);
    for (int k = 0; k < 1000; k++) {
      s.allocate(file(0));
    }

    assertThat(s.extent()).isEqualTo(1000);
    assertThat(s.storage()).isLessThan(2048);
    assertThat(s.copy().storage()).isLessThan(2048);
  }

  @Test
  void allocationTakesTheLowestFreeIndexAndBumpsItsGeneration() {
    AbstractState s = new AbstractState(1 << 24);
    for (int k = 0; k < 10; k++) {
      assertThat(s.allocate(file(1))).isEqualTo(new Oid(k, 1));
    }
    s.free(7);
    s.free(3);
    s.free(5);

    assertThat(s.generation(3)).isEqualTo(1);
    assertThat(s.object(3)).isNull();
    assertThat(s.extent()).isEqualTo(10);
    assertThat(s.freeEntries()).isEqualTo((1 << 24) - 7);
    assertThat(s.bytesUsed()).isEqualTo(7);
    assertThat(s.allocate(file(0))).isEqualTo(new Oid(3, 2));
    assertThat(s.allocate(file(0))).isEqualTo(new Oid(5, 2));
    assertThat(s.allocate(file(0))).isEqualTo(new Oid(7, 2));
    assertThat(s.allocate(file(0))).isEqualTo(new Oid(10, 1));
  }

  @Test
  void aFullStateAllocatesNothing() {
    AbstractState s = new AbstractState(3);
    s.allocate(file(0));
    s.allocate(file(0));
    s.allocate(file(0));

    assertThat(s.allocate(file(0))).isNull();
    assertThat(s.freeEntries()).isZero();
  }

  @Test
  void putAnywhereReachesThatEntryAndANeverUsedValueStoresNothing() {
    AbstractState s = new AbstractState(1 << 24);
    s.put(5_000_000, 0, null);
    assertThat(s.extent()).isZero();

    s.put(40, 3, null);
    assertThat(s.extent()).isEqualTo(41);
    assertThat(s.generation(40)).isEqualTo(3);
    assertThat(s.allocate(file(0))).isEqualTo(new Oid(0, 1));

    s.put(39, 2, file(4));
    assertThat(s.bytesUsed()).isEqualTo(4);
    assertThat(s.freeEntries()).isEqualTo((1 << 24) - 2);
  }

  @Test
  void indicesOutsideTheCapacityAreRefused() {
    AbstractState s = new AbstractState(8);

    assertThatThrownBy(() -> s.generation(8)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> s.object(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> s.put(8, 1, null)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(s.get(new Oid(8, 1))).isNull();
  }

  @Test
  void statesAreEqualWhateverTheirStorageReaches() {
    AbstractState a = new AbstractState(1 << 20);
    AbstractState b = new AbstractState(1 << 20);
    a.allocate(file(2));
    b.allocate(file(2));
    a.put(500, 0, null); // stored, but a never-used value
    a.put(700, 0, null);

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(b).isEqualTo(a);
    b.put(600, 1, null);
    assertThat(a).isNotEqualTo(b);
    assertThat(b).isNotEqualTo(a);
    assertThat(new AbstractState(8)).isNotEqualTo(new AbstractState(9));
  }

  /** Lowest-free allocation and generations against a dense model, through random frees. */
  @Test
  void randomAllocationsAndFreesFollowTheDenseModel() {
    int capacity = 300;
    AbstractState s = new AbstractState(capacity);
    int[] generations = new int[capacity];
    boolean[] inUse = new boolean[capacity];
    Random random = new Random(11);
    List<Integer> announced = new ArrayList<>();
    s.setModifyListener(announced::add);
    for (int step = 0; step < 5000; step++) {
      if (random.nextInt(3) > 0) {
        int expected = -1;
        for (int i = 0; i < capacity && expected < 0; i++) {
          if (!inUse[i]) {
            expected = i;
          }
        }
        Oid got = s.allocate(file(0));
        if (expected < 0) {
          assertThat(got).isNull();
          continue;
        }
        generations[expected]++;
        inUse[expected] = true;
        assertThat(got).isEqualTo(new Oid(expected, generations[expected]));
        assertThat(announced.get(announced.size() - 1)).isEqualTo(expected);
      } else {
        int i = random.nextInt(capacity);
        if (inUse[i]) {
          s.free(i);
          inUse[i] = false;
        }
      }
    }
    for (int i = 0; i < capacity; i++) {
      assertThat(s.generation(i)).as("generation %d", i).isEqualTo(generations[i]);
      assertThat(s.object(i) != null).as("in use %d", i).isEqualTo(inUse[i]);
    }
  }
}
