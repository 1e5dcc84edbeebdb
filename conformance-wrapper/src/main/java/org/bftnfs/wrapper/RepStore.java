package org.bftnfs.wrapper;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.bftnfs.spec.AbstractState;
import org.bftnfs.spec.state.AbstractObject;
import org.bftnfs.spec.state.FileData;
import org.bftnfs.spec.state.FileObject;
import org.bftnfs.spec.state.ObjectCodec;
import org.bftnfs.spec.upcall.ReplicaFaultException;

/**
 * The conformance rep on disk (paper §3.4: the &lt;fsid, fileid&gt; &rarr; oid map "is saved to
 * disk ... and after rebooting, the replica that is recovering reads the map from disk"). Saved per
 * entry: the generation, and for objects in use the persistent identity &lt;fsid, fileid&gt; and
 * the abstract value without file data (which the backend holds). Concrete handles are not saved:
 * they may change when the backend restarts, and are found again by walking the backend's tree.
 *
 * <pre>
 * file   = magic "BFTREP01" capacity:int count:int record*count
 * record = index:int generation:int inUse:bool [fsid:long fileid:long valueLength:int value]
 * </pre>
 *
 * Written to a temporary file and moved into place atomically.
 */
final class RepStore {

  private static final long MAGIC = 0x4246545245503031L; // "BFTREP01"

  /** One saved entry. */
  record Saved(int index, int generation, ConformanceRep.FileKey key, AbstractObject value) {}

  private RepStore() {}

  static void save(ConformanceRep rep, Path file) {
    AbstractState view = rep.abstractView();
    List<Saved> records = new ArrayList<>();
    for (int i = 0; i < view.extent(); i++) {
      AbstractObject o = view.object(i);
      if (o != null || view.generation(i) != 0) {
        records.add(
            new Saved(i, view.generation(i), rep.fileKey(i), o == null ? null : withoutData(o)));
      }
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream os = Files.newOutputStream(tmp);
        DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(os))) {
      out.writeLong(MAGIC);
      out.writeInt(view.capacity());
      out.writeInt(records.size());
      for (Saved r : records) {
        out.writeInt(r.index());
        out.writeInt(r.generation());
        out.writeBoolean(r.value() != null);
        if (r.value() != null) {
          out.writeLong(r.key().fsid());
          out.writeLong(r.key().fileid());
          byte[] value = ObjectCodec.encode(r.generation(), r.value());
          out.writeInt(value.length);
          out.write(value);
        }
      }
      out.flush();
      os.flush();
    } catch (IOException e) {
      throw new ReplicaFaultException("cannot save the conformance rep to " + tmp + ": " + e, e);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new ReplicaFaultException("cannot save the conformance rep to " + file + ": " + e, e);
    }
  }

  static List<Saved> load(Path file, int capacity) {
    try (InputStream is = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(is))) {
      if (in.readLong() != MAGIC) {
        throw new ReplicaFaultException(file + " is not a saved conformance rep");
      }
      int savedCapacity = in.readInt();
      if (savedCapacity != capacity) {
        throw new ReplicaFaultException(
            file
                + " was saved for "
                + savedCapacity
                + " objects, the configuration has "
                + capacity);
      }
      int n = in.readInt();
      List<Saved> out = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        int index = in.readInt();
        int generation = in.readInt();
        if (index < 0 || index >= capacity) {
          throw new ReplicaFaultException(file + ": entry index " + index + " out of range");
        }
        if (!in.readBoolean()) {
          out.add(new Saved(index, generation, null, null));
          continue;
        }
        ConformanceRep.FileKey key = new ConformanceRep.FileKey(in.readLong(), in.readLong());
        int length = in.readInt();
        if (length < 0 || length > (64 << 20)) {
          throw new ReplicaFaultException(file + ": bad record length " + length);
        }
        byte[] value = in.readNBytes(length);
        if (value.length != length) {
          throw new EOFException("truncated record");
        }
        ObjectCodec.Entry e = ObjectCodec.decode(value);
        out.add(new Saved(index, generation, key, e.object()));
      }
      return out;
    } catch (IOException | IllegalArgumentException e) {
      throw new ReplicaFaultException("cannot read the conformance rep " + file + ": " + e, e);
    }
  }

  /** The object with its data dropped (the size stays). */
  private static AbstractObject withoutData(AbstractObject o) {
    if (o instanceof FileObject f) {
      FileData sizeOnly = new FileData();
      sizeOnly.truncate(f.data().size());
      FileObject copy = new FileObject(f.meta().copy(), sizeOnly);
      copy.setCreateVerifier(f.createVerifier());
      return copy;
    }
    return o;
  }
}
