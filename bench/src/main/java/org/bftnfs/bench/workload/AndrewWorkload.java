package org.bftnfs.bench.workload;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bftnfs.backend.Backend;
import org.bftnfs.backend.Backend.Found;

/**
 * The Andrew-style workload on one NFS client, under one directory of the export: {@code scale}
 * copies of the {@link SourceTree}, run phase by phase ({@link #run(Phase)}), then removed again
 * ({@link #cleanup()}). One client, one call at a time, like the original benchmark.
 *
 * <p>Handles learnt in one phase are reused in the next (a client's cache); ReadAll and Make still
 * LOOKUP every file they open.
 */
public final class AndrewWorkload {

  private static final int DIR_MODE = 0755;
  private static final int FILE_MODE = 0644;

  private final Backend client;
  private final String name;
  private final List<SourceTree> trees;
  private byte[] top;
  private final List<byte[][]> dirHandles = new ArrayList<>();
  private final List<Created> created = new ArrayList<>();

  /** A file the run made, to be removed by {@link #cleanup()}. */
  private record Created(byte[] dir, String name) {}

  /**
   * @param client the NFS client
   * @param name the directory under the export's root that the run uses (must not exist)
   * @param trees the copies of the source tree
   */
  public AndrewWorkload(Backend client, String name, List<SourceTree> trees) {
    this.client = client;
    this.name = name;
    this.trees = List.copyOf(trees);
  }

  /** The trees {@code scale} copies of seed {@code seed} make. */
  public static List<SourceTree> trees(long seed, int scale) {
    List<SourceTree> trees = new ArrayList<>();
    for (int c = 0; c < scale; c++) {
      trees.add(SourceTree.generate(seed, c));
    }
    return trees;
  }

  /** Runs one phase; the phases must run in order. */
  public void run(Phase phase) {
    switch (phase) {
      case MAKEDIR -> makeDir();
      case COPY -> copy();
      case SCANDIR -> scanDir();
      case READALL -> readAll();
      case MAKE -> make();
      default -> throw new IllegalArgumentException("unknown phase " + phase);
    }
  }

  private void makeDir() {
    top = client.mkdir(client.root(), bytes(name), DIR_MODE).handle();
    for (SourceTree tree : trees) {
      byte[][] handles = new byte[tree.dirs().size()][];
      handles[0] = client.mkdir(top, bytes(tree.top()), DIR_MODE).handle();
      for (int d = 1; d < tree.dirs().size(); d++) {
        SourceTree.Dir dir = tree.dirs().get(d);
        handles[d] = client.mkdir(handles[dir.parent()], bytes(dir.name()), DIR_MODE).handle();
      }
      dirHandles.add(handles);
    }
  }

  private void copy() {
    for (int c = 0; c < trees.size(); c++) {
      for (SourceTree.SourceFile f : trees.get(c).files()) {
        byte[] dir = dirHandles.get(c)[f.dir()];
        Found file = client.create(dir, bytes(f.name()), FILE_MODE);
        created.add(new Created(dir, f.name()));
        client.write(file.handle(), 0, f.content());
      }
    }
  }

  private void scanDir() {
    scan(top);
  }

  private void scan(byte[] dir) {
    for (Backend.Entry e : client.readdir(dir)) {
      Backend.Attributes a = client.getattr(e.handle());
      if (a.kind() == Backend.Kind.DIRECTORY) {
        scan(e.handle());
      }
    }
  }

  private void readAll() {
    for (int c = 0; c < trees.size(); c++) {
      for (SourceTree.SourceFile f : trees.get(c).files()) {
        readWhole(dirHandles.get(c)[f.dir()], f);
      }
    }
  }

  private void make() {
    for (int c = 0; c < trees.size(); c++) {
      SourceTree tree = trees.get(c);
      byte[][] dirs = dirHandles.get(c);
      for (SourceTree.SourceFile f : tree.files()) {
        if (f.isHeader()) {
          readWhole(dirs[f.dir()], f);
        }
      }
      List<byte[]> objectHandles = new ArrayList<>();
      List<Integer> objectSizes = new ArrayList<>();
      for (SourceTree.SourceFile f : tree.files()) {
        if (!f.isSource()) {
          continue;
        }
        byte[] object = Compile.object(readWhole(dirs[f.dir()], f));
        String objectName = f.name().replace(".c", ".o");
        Found o = client.create(dirs[f.dir()], bytes(objectName), FILE_MODE);
        created.add(new Created(dirs[f.dir()], objectName));
        client.write(o.handle(), 0, object);
        objectHandles.add(o.handle());
        objectSizes.add(object.length);
      }
      ByteArrayOutputStream program = new ByteArrayOutputStream();
      for (int i = 0; i < objectHandles.size(); i++) {
        byte[] data = client.read(objectHandles.get(i), 0, objectSizes.get(i));
        program.write(data, 0, data.length);
      }
      Found p = client.create(dirs[0], bytes("prog"), 0755);
      created.add(new Created(dirs[0], "prog"));
      client.write(p.handle(), 0, program.toByteArray());
    }
  }

  /** LOOKUP and READ of a whole source file, checked against what Copy wrote. */
  private byte[] readWhole(byte[] dir, SourceTree.SourceFile f) {
    Found found =
        client
            .lookup(dir, bytes(f.name()))
            .orElseThrow(() -> new IllegalStateException("ReadAll: " + f.name() + " is missing"));
    byte[] data = client.read(found.handle(), 0, f.content().length);
    if (data.length != f.content().length) {
      throw new IllegalStateException(
          f.name() + ": read " + data.length + " bytes, wrote " + f.content().length);
    }
    return data;
  }

  /** Removes everything the phases made (not measured). */
  public void cleanup() {
    for (Created f : created) {
      client.remove(f.dir(), bytes(f.name()));
    }
    created.clear();
    for (int c = 0; c < dirHandles.size(); c++) {
      SourceTree tree = trees.get(c);
      byte[][] dirs = dirHandles.get(c);
      for (int d = tree.dirs().size() - 1; d >= 1; d--) {
        SourceTree.Dir dir = tree.dirs().get(d);
        client.rmdir(dirs[dir.parent()], bytes(dir.name()));
      }
      client.rmdir(top, bytes(tree.top()));
    }
    dirHandles.clear();
    if (top != null) {
      client.rmdir(client.root(), bytes(name));
      top = null;
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
