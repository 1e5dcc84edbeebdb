package org.bftnfs.spec;

import java.util.Arrays;
import java.util.BitSet;
import java.util.function.Supplier;
import org.bftnfs.spec.state.AbstractObject;
import org.bftnfs.spec.state.FileContent;
import org.bftnfs.spec.state.FileData;
import org.bftnfs.spec.state.FileObject;
import org.bftnfs.spec.state.NamespaceListener;

/**
 * The abstract state of the file service (paper §3.1): a fixed-size array of pairs &lt;generation,
 * object&gt;. Entry 0 is the root directory. A free entry holds no object.
 *
 * <p>Oids are assigned deterministically: a new object takes the lowest free index and that entry's
 * generation plus one. Every change to entry {@code i} is announced first through {@link
 * #modify(int)} (paper Figure 1, {@code modify}), which copy-on-write checkpoints hook.
 *
 * <p>Not thread-safe: the specification executes one operation at a time.
 */
public final class AbstractState {

  /** Told about every entry before it changes. */
  @FunctionalInterface
  public interface ModifyListener {
    void modify(int index);
  }

  private final int[] generations;
  private final AbstractObject[] objects;
  private final BitSet inUse;
  private long bytesUsed;
  private ModifyListener listener = i -> {};
  private NamespaceListener namespace = NamespaceListener.NONE;
  private Supplier<FileContent> contents = FileData::new;

  /** An array of {@code capacity} free entries with generation 0. */
  public AbstractState(int capacity) {
    generations = new int[capacity];
    objects = new AbstractObject[capacity];
    inUse = new BitSet(capacity);
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
    return objects.length;
  }

  public int generation(int index) {
    return generations[index];
  }

  /** The object at {@code index}, or {@code null} when the entry is free. */
  public AbstractObject object(int index) {
    return objects[index];
  }

  /** The current oid of entry {@code index} (meaningful only when it is in use). */
  public Oid oidOf(int index) {
    return new Oid(index, generations[index]);
  }

  /** The object {@code oid} names, or {@code null} when it no longer exists (stale). */
  public AbstractObject get(Oid oid) {
    int i = oid.index();
    if (i < 0 || i >= objects.length || generations[i] != oid.generation()) {
      return null;
    }
    return objects[i];
  }

  /** Number of free entries. */
  public int freeEntries() {
    return objects.length - inUse.cardinality();
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
   * Stores {@code object} in the lowest free entry with that entry's generation plus one.
   *
   * @return the new object's oid, or {@code null} when no entry is free
   */
  public Oid allocate(AbstractObject object) {
    int i = inUse.nextClearBit(0);
    if (i >= objects.length) {
      return null;
    }
    modify(i);
    generations[i]++;
    place(i, object);
    return new Oid(i, generations[i]);
  }

  /** Frees entry {@code index}; its generation stays until the entry is reused. */
  public void free(int index) {
    modify(index);
    if (objects[index] instanceof FileObject f) {
      bytesUsed -= f.size();
    }
    objects[index] = null;
    inUse.clear(index);
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
   */
  public void put(int index, int generation, AbstractObject object) {
    modify(index);
    if (objects[index] instanceof FileObject f) {
      bytesUsed -= f.size();
    }
    objects[index] = null;
    inUse.clear(index);
    generations[index] = generation;
    if (object != null) {
      place(index, object);
    }
  }

  private void place(int i, AbstractObject object) {
    objects[i] = object;
    inUse.set(i);
    if (object instanceof FileObject f) {
      bytesUsed += f.size();
    }
  }

  /** A deep copy with in-memory file contents (without the listeners). */
  public AbstractState copy() {
    AbstractState s = new AbstractState(objects.length);
    for (int i = 0; i < objects.length; i++) {
      s.generations[i] = generations[i];
      if (objects[i] != null) {
        s.place(i, objects[i].copy());
      }
    }
    return s;
  }

  /** Equal when every entry has the same generation and an equal object. */
  @Override
  public boolean equals(Object o) {
    return o instanceof AbstractState s
        && Arrays.equals(s.generations, generations)
        && Arrays.equals(s.objects, objects);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(generations);
  }
}
