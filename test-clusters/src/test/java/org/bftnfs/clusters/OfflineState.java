package org.bftnfs.clusters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bftnfs.backend.ganesha.GaneshaServer;
import org.bftnfs.backend.local.LocalDirectoryBackend;
import org.bftnfs.cli.ReplicaNode;
import org.bftnfs.replication.config.ClusterConfig;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.state.ObjectCodec;
import org.bftnfs.wrapper.ConformanceWrapper;

/**
 * The abstract state of a replica that stopped cleanly (paper §3.3: the abstraction function {@code
 * getObj} of every entry), read offline from its data directory: the conformance wrapper is
 * restored from the saved rep over the replica's backend (its export directory, served by a fresh
 * nfs-ganesha for a ganesha replica), exactly as the replica's next start would. The saved rep is
 * left in place.
 *
 * @param replica the replica's id
 * @param objects {@code getObj(i)} for every entry i
 */
record OfflineState(int replica, List<byte[]> objects) {

  /** Reads replica {@code r}'s abstract state. */
  static OfflineState read(ClusterConfig.Replica r, SpecConfig spec) {
    Path export = r.data().resolve("export");
    Path rep = r.data().resolve(ReplicaNode.SAVED_REP);
    if (!Files.isRegularFile(rep)) {
      throw new IllegalStateException(
          "replica " + r.id() + " has no saved conformance rep " + rep + " (not stopped cleanly)");
    }
    switch (r.backend()) {
      case LOCAL -> {
        try (ConformanceWrapper w =
            ConformanceWrapper.restore(LocalDirectoryBackend.open(export), spec, rep)) {
          return of(r.id(), w);
        }
      }
      case GANESHA -> {
        try (GaneshaServer ganesha = GaneshaServer.start(export);
            ConformanceWrapper w = ConformanceWrapper.restore(ganesha.openBackend(), spec, rep)) {
          return of(r.id(), w);
        }
      }
      default ->
          throw new IllegalArgumentException(
              "replica " + r.id() + " keeps its state in memory (" + r.backend() + ")");
    }
  }

  private static OfflineState of(int id, ConformanceWrapper w) {
    List<byte[]> objects = new ArrayList<>(w.capacity());
    for (int i = 0; i < w.capacity(); i++) {
      objects.add(w.getObj(i));
    }
    return new OfflineState(id, objects);
  }

  /** How many entries hold an object (are not free). */
  int inUse() {
    int n = 0;
    for (byte[] o : objects) {
      if (ObjectCodec.decode(o).object() != null) {
        n++;
      }
    }
    return n;
  }

  /**
   * The entries where {@code other} differs from this state, with both replicas' decoded values (at
   * most {@code max} of them), for failure messages; empty when the states are identical.
   */
  Map<Integer, String> differences(OfflineState other, int max) {
    Map<Integer, String> diff = new TreeMap<>();
    int n = Math.max(objects.size(), other.objects.size());
    for (int i = 0; i < n && diff.size() < max; i++) {
      byte[] a = i < objects.size() ? objects.get(i) : null;
      byte[] b = i < other.objects.size() ? other.objects.get(i) : null;
      if (!Arrays.equals(a, b)) {
        diff.put(
            i,
            "replica "
                + replica
                + ": "
                + describe(a)
                + " / replica "
                + other.replica
                + ": "
                + describe(b));
      }
    }
    return diff;
  }

  private static String describe(byte[] encoding) {
    if (encoding == null) {
      return "(none)";
    }
    var entry = ObjectCodec.decode(encoding);
    String s = entry.toString();
    if (entry.object() != null) {
      var o = entry.object();
      var m = o.meta();
      s =
          "generation "
              + entry.generation()
              + " "
              + o.type()
              + " size "
              + o.size()
              + " mode "
              + Integer.toOctalString(m.mode)
              + " nlink "
              + m.nlink
              + " uid/gid "
              + m.uid
              + "/"
              + m.gid
              + " atime "
              + m.atime
              + " mtime "
              + m.mtime
              + " ctime "
              + m.ctime
              + (o instanceof org.bftnfs.spec.state.FileObject f
                  ? " data "
                      + java.util.Arrays.hashCode(
                          f.data().snapshot().read(0, (int) Math.min(f.size(), 1 << 20)))
                  : "");
    }
    return s.length() <= 400 ? s : s.substring(0, 400) + "...";
  }
}
