package org.bftnfs.wrapper;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.bftnfs.spec.AbstractState;
import org.bftnfs.spec.Oid;
import org.bftnfs.spec.upcall.ReplicaFaultException;

/**
 * The conformance rep (paper §3.2): what the wrapper keeps beside its backend to translate between
 * concrete and abstract state.
 *
 * <ul>
 *   <li>per index of the abstract state: the concrete handle the backend gave the object (none for
 *       free entries), and the abstract values the backend cannot hold faithfully — held in the
 *       {@linkplain #abstractView() abstract view}: generation, timestamps, link counts of
 *       directories, readdir cookies, the exclusive-create verifier, and the metadata of symbolic
 *       links; file data, names, modes and owners live in the backend;
 *   <li>a reverse map concrete handle &rarr; oid;
 *   <li>the persistent map &lt;fsid, fileid&gt; &rarr; oid (paper §3.4), from which the rep is
 *       rebuilt after the backend restarts and its handles change.
 * </ul>
 *
 * Lookups only: no iteration order of the hash maps ever reaches a reply or the abstract state. The
 * maps hold only the entries in use, so the rep grows with the file system, not with the capacity.
 */
public final class ConformanceRep {

  /** A concrete file identity that survives restarts of the backend. */
  public record FileKey(long fsid, long fileid) {}

  private final AbstractState view;
  private final Map<Integer, byte[]> handles = new HashMap<>();
  private final Map<Integer, FileKey> keys = new HashMap<>();
  private final Map<HandleKey, Integer> byHandle = new HashMap<>();
  private final Map<FileKey, Oid> byFileKey = new HashMap<>();

  ConformanceRep(AbstractState view) {
    this.view = view;
  }

  /**
   * The abstract view the specification executes on: generations, metadata and directory
   * bookkeeping of every object, file contents backed by the backend.
   */
  public AbstractState abstractView() {
    return view;
  }

  /** The concrete handle of entry {@code index}; a fault when the entry has none. */
  public byte[] handle(int index) {
    byte[] h = handles.get(index);
    if (h == null) {
      throw new ReplicaFaultException("conformance rep has no concrete handle for entry " + index);
    }
    return h;
  }

  public byte[] handle(Oid oid) {
    return handle(oid.index());
  }

  public boolean isBound(int index) {
    return handles.containsKey(index);
  }

  /** The persistent identity of entry {@code index}, or null. */
  public FileKey fileKey(int index) {
    return keys.get(index);
  }

  /** The oid a concrete handle belongs to, or null. */
  public Oid oidOfHandle(byte[] handle) {
    Integer i = byHandle.get(new HandleKey(handle));
    return i == null ? null : view.oidOf(i);
  }

  /** The oid with this persistent identity, or null. */
  public Oid oidOfFileKey(FileKey key) {
    return byFileKey.get(key);
  }

  /** Records that {@code oid} is the backend object with this handle and identity. */
  public void bind(Oid oid, byte[] handle, FileKey key) {
    unbind(oid.index());
    handles.put(oid.index(), handle.clone());
    keys.put(oid.index(), key);
    byHandle.put(new HandleKey(handle), oid.index());
    byFileKey.put(key, oid);
  }

  /** Forgets the concrete object of entry {@code index}. */
  public void unbind(int index) {
    byte[] h = handles.remove(index);
    if (h != null) {
      byHandle.remove(new HandleKey(h));
    }
    FileKey k = keys.remove(index);
    if (k != null) {
      Oid o = byFileKey.get(k);
      if (o != null && o.index() == index) {
        byFileKey.remove(k);
      }
    }
  }

  /** A byte-array map key compared by content. */
  private record HandleKey(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof HandleKey k && Arrays.equals(k.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }
  }
}
