package org.bftnfs.spec;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Objects;
import java.util.function.Supplier;
import org.bftnfs.spec.state.AbstractObject;
import org.bftnfs.spec.state.FileContent;
import org.bftnfs.spec.state.FileData;
import org.bftnfs.spec.state.FileObject;
import org.bftnfs.spec.state.NamespaceListener;

/**
 * The abstract state of the file service (paper §3.1): a fixed-size array of {@link #capacity()}
 * pairs &lt;generation, object&gt;. Entry 0 is the root directory. A free entry holds no object.
 *
 * <p>Oids are assigned deterministically: a new object takes the lowest free index and that entry's
 * generation plus one. Every change to entry {@code i} is announced first through {@link
 * #modify(int)} (paper Figure 1, {@code modify}), which copy-on-write checkpoints hook.
 *
 * <p><b>Sparse.</b> Only the entries below the {@linkplain #extent() extent} are stored: every
 * entry at or past it has never been used (generation 0, free). Because a new object takes the
 * lowest free index, the extent never exceeds the largest number of entries that were ever in use
 * at once (plus entries set by {@link #put}), so memory, {@link #copy()}, {@link #equals} and
 * anything that walks the entries in use grow with the file system, not with the capacity. Storage
 * grows by doubling; a state of capacity 2^24 with only its root costs a few hundred bytes.
 *
 * <p>Not thread-safe: the specification executes one operation at a time.
 */
public final class AbstractState {

  /** Told about every entry before it changes. */
  @FunctionalInterface
  public interface ModifyListener {
    /** Entry {@code index} is about to change, in any way. */
    void modify(int index);

    /**
     * Entry {@code index}, a FILE that stays one, is about to change in its attributes and in its
     * data bytes {@code [offset, offset + length)} only, as the canonical encoding sees them: bytes
     * whose encoding changes count, so a change of size announces the bytes between the old and the
     * new size, and a WRITE beyond the end also the old last byte (the run of blocks ending there
     * grows to the new size); {@code length} 0: in its attributes only. Several calls may announce
     * one change. A listener that cannot use the detail takes it as {@link #modify(int)}.
     */
    default void modifyFile(int index, long offset, long length) {
      modify(index);
    }
  }

  private static final int INITIAL_STORAGE = 16;

  private final int capacity;
  private int[] generations = new int[0];
  private AbstractObject[] objects = new AbstractObject[0];
  private final BitSet inUse = new BitSet();
  private int used;
  private int extent;

  /** Every entry below it is in use: where the search for the lowest free entry starts. */
  private int lowestMaybeFree;

  private long bytesUsed;
  private ModifyListener listener = i -> {};
  private NamespaceListener namespace = NamespaceListener.NONE;
  private Supplier<FileContent> contents = FileData::new;

  /**
   * {@code capacity} free entries with generation 0 (nothing is allocated for them).
   *
   * @throws IllegalArgumentException if {@code capacity} is not positive
   */
  public AbstractState(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity " + capacity + " is not positive");
    }
    this.capacity = capacity;
  }

  public void setModifyListener(ModifyListener listener) {
    this.listener = listener;
  }

  /** Receives every namespace change (a conformance wrapper mirrors them to its backend). */
  public void setNamespaceListener(NamespaceListener namespace) {
    this.namespace = namespace;
  }

  public NamespaceListener namespace() {
    return namespace;
  }

  /** Makes the contents of new files (in memory unless a conformance wrapper says otherwise). */
  public void setFileContents(Supplier<FileContent> contents) {
    this.contents = contents;
  }

  /** Empty contents for a new file. */
  public FileContent newFileContent() {
    return contents.get();
  }

  public int capacity() {
    return capacity;
  }

  /**
   * One past the highest entry ever used (in use, or freed with a non-zero generation): every entry
   * at or past it is free with generation 0. Walking {@code [0, extent())} visits every entry whose
   * canonical encoding differs from a never-used entry's, in index order.
   */
  public int extent() {
    return extent;
  }

  /** How many entries the storage holds now (at least {@link #extent()}; for tests). */
  int storage() {
    return generations.length;
  }

  /**
   * The generation of entry {@code index}.
   *
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, capacity())}
   */
  public int generation(int index) {
    check(index);
    return index < extent ? generations[index] : 0;
  }

  /**
   * The object at {@code index}, or {@code null} when the entry is free.
   *
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, capacity())}
   */
  public AbstractObject object(int index) {
    check(index);
    return index < extent ? objects[index] : null;
  }

  /** The current oid of entry {@code index} (meaningful only when it is in use). */
  public Oid oidOf(int index) {
    return new Oid(index, generation(index));
  }

  /** The object {@code oid} names, or {@code null} when it no longer exists (stale). */
  public AbstractObject get(Oid oid) {
    int i = oid.index();
    if (i < 0 || i >= extent || generations[i] != oid.generation()) {
      return null;
    }
    return objects[i];
  }

  /** Number of free entries. */
  public int freeEntries() {
    return capacity - used;
  }

  /** Sum of the sizes of all files. */
  public long bytesUsed() {
    return bytesUsed;
  }

  /** Announces that entry {@code index} is about to change. */
  public void modify(int index) {
    listener.modify(index);
  }

  /**
   * Announces that entry {@code index} is about to change in its attributes only (a file's data
   * stays as it is).
   */
  public void modifyAttributes(int index) {
    if (object(index) instanceof FileObject) {
      listener.modifyFile(index, 0, 0);
    } else {
      listener.modify(index);
    }
  }

  /**
   * Announces that file {@code index} is about to change in its attributes and in its bytes {@code
   * [offset, offset + length)} only (a change of size from {@code a} to {@code b} changes the bytes
   * between them).
   */
  public void modifyFile(int index, long offset, long length) {
    listener.modifyFile(index, offset, length);
  }

  /**
   * Stores {@code object} in the lowest free entry with that entry's generation plus one.
   *
   * @return the new object's oid, or {@code null} when no entry is free
   */
  public Oid allocate(AbstractObject object) {
    int i = inUse.nextClearBit(lowestMaybeFree);
    if (i >= capacity) {
      return null;
    }
    modify(i);
    int generation = generation(i) + 1;
    reach(i);
    generations[i] = generation;
    place(i, object);
    lowestMaybeFree = i + 1;
    return new Oid(i, generation);
  }

  /** Frees entry {@code index}; its generation stays until the entry is reused. */
  public void free(int index) {
    check(index);
    modify(index);
    clear(index);
  }

  /**
   * Records that a file's size changed from {@code oldSize} (call after the change, with the entry
   * already announced by {@link #modify(int)}).
   */
  public void fileResized(long oldSize, long newSize) {
    bytesUsed += newSize - oldSize;
  }

  /**
   * Sets entry {@code index} to exactly {@code generation} and {@code object} (or free when {@code
   * object} is null). For building states from encoded objects (state transfer, tests).
   *
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, capacity())}
   */
  public void put(int index, int generation, AbstractObject object) {
    check(index);
    modify(index);
    clear(index);
    if (generation == 0 && object == null && index >= extent) {
      return; // a never-used entry stays unstored
    }
    reach(index);
    generations[index] = generation;
    if (object != null) {
      place(index, object);
    }
  }

  private void clear(int index) {
    if (index >= extent || objects[index] == null) {
      return;
    }
    if (objects[index] instanceof FileObject f) {
      bytesUsed -= f.size();
    }
    objects[index] = null;
    inUse.clear(index);
    used--;
    lowestMaybeFree = Math.min(lowestMaybeFree, index);
  }

  private void place(int i, AbstractObject object) {
    objects[i] = object;
    inUse.set(i);
    used++;
    if (object instanceof FileObject f) {
      bytesUsed += f.size();
    }
  }

  /** Makes entry {@code index} stored (storage doubles, never past the capacity). */
  private void reach(int index) {
    if (index < extent) {
      return;
    }
    if (index >= generations.length) {
      long grown = Math.max(INITIAL_STORAGE, 2L * generations.length);
      int size = (int) Math.min(capacity, Math.max(grown, index + 1L));
      generations = Arrays.copyOf(generations, size);
      objects = Arrays.copyOf(objects, size);
    }
    extent = index + 1;
  }

  private void check(int index) {
    if (index < 0 || index >= capacity) {
      throw new IndexOutOfBoundsException("entry " + index + " not in [0, " + capacity + ")");
    }
  }

  /** A deep copy with in-memory file contents (without the listeners). */
  public AbstractState copy() {
    AbstractState s = new AbstractState(capacity);
    for (int i = 0; i < extent; i++) {
      if (generations[i] != 0 || objects[i] != null) {
        s.reach(i);
        s.generations[i] = generations[i];
        if (objects[i] != null) {
          s.place(i, objects[i].copy());
        }
      }
    }
    s.lowestMaybeFree = 0;
    return s;
  }

  /**
   * Equal when the capacities are equal and every entry has the same generation and an equal object
   * (however far each state's storage reaches).
   */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof AbstractState s) || s.capacity != capacity) {
      return false;
    }
    int n = Math.max(extent, s.extent);
    for (int i = 0; i < n; i++) {
      if (generation(i) != s.generation(i) || !Objects.equals(object(i), s.object(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = capacity;
    for (int i = 0; i < extent; i++) {
      if (generations[i] != 0) {
        h = 31 * h + (i ^ generations[i]);
      }
    }
    return h;
  }
}
