package org.bftnfs.bench.workload;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One copy of the Andrew source tree, generated deterministically from a seed: 20 directories (the
 * copy's top directory and 19 below it, up to three deep) and 70 files — 12 headers, 56 C sources,
 * a Makefile and a README — of pseudo-C text whose sizes follow a log-normal distribution (median
 * 2.5 KiB, clipped to 128 B–64 KiB; about 300 KB per copy, like the original Andrew tree's ~200 KB
 * in 70 files). The same seed and copy number give the same tree, byte for byte, on any JVM.
 */
public final class SourceTree {

  /** The directories below a copy's top directory, parents before children. */
  static final List<String> DIRECTORIES =
      List.of(
          "include",
          "lib",
          "lib/util",
          "lib/util/hash",
          "lib/net",
          "lib/fs",
          "src",
          "src/core",
          "src/io",
          "src/io/posix",
          "src/ui",
          "test",
          "test/unit",
          "test/data",
          "doc",
          "doc/man",
          "tools",
          "tools/gen",
          "build");

  static final int HEADERS = 12;
  static final int SOURCES = 56;
  static final int MIN_SIZE = 128;
  static final int MAX_SIZE = 64 * 1024;
  static final double MEDIAN_SIZE = 2560;
  static final double SIGMA = 1.0;

  private static final String[] TYPES = {"int", "long", "char *", "size_t", "struct node *"};
  private static final String[] WORDS = {
    "buf", "len", "node", "count", "next", "entry", "state", "flags", "offset", "table", "key",
    "value", "ctx", "err", "path", "name", "index", "limit"
  };

  /**
   * A directory of the tree.
   *
   * @param path its path below the copy's top directory ("" for the top directory itself)
   * @param parent the index of its parent in {@link #dirs()}, -1 for the top directory
   */
  public record Dir(String path, int parent) {

    /** The last component of the path (empty for the top directory). */
    public String name() {
      return path.substring(path.lastIndexOf('/') + 1);
    }
  }

  /**
   * A file of the tree.
   *
   * @param dir the index of its directory in {@link #dirs()}
   * @param name its name
   * @param content its bytes
   */
  public record SourceFile(int dir, String name, byte[] content) {

    /** True for a C source, which Make compiles. */
    public boolean isSource() {
      return name.endsWith(".c");
    }

    /** True for a header, which Make reads once per copy. */
    public boolean isHeader() {
      return name.endsWith(".h");
    }
  }

  private final String top;
  private final List<Dir> dirs;
  private final List<SourceFile> files;

  private SourceTree(String top, List<Dir> dirs, List<SourceFile> files) {
    this.top = top;
    this.dirs = List.copyOf(dirs);
    this.files = List.copyOf(files);
  }

  /** Copy {@code copy} of the tree of {@code seed}; its top directory is "copy-N". */
  public static SourceTree generate(long seed, int copy) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + copy);
    List<Dir> dirs = new ArrayList<>();
    dirs.add(new Dir("", -1));
    for (String path : DIRECTORIES) {
      int slash = path.lastIndexOf('/');
      String parent = slash < 0 ? "" : path.substring(0, slash);
      dirs.add(new Dir(path, indexOf(dirs, parent)));
    }
    List<SourceFile> files = new ArrayList<>();
    int include = indexOf(dirs, "include");
    for (int i = 0; i < HEADERS; i++) {
      files.add(new SourceFile(include, String.format("mod%02d.h", i), text(random)));
    }
    List<Integer> codeDirs = new ArrayList<>();
    for (int d = 1; d < dirs.size(); d++) {
      if (d != include) {
        codeDirs.add(d);
      }
    }
    for (int i = 0; i < SOURCES; i++) {
      int dir = codeDirs.get(i % codeDirs.size());
      files.add(new SourceFile(dir, String.format("unit%02d.c", i), text(random)));
    }
    files.add(new SourceFile(0, "Makefile", text(random)));
    files.add(new SourceFile(indexOf(dirs, "doc"), "README", text(random)));
    return new SourceTree("copy-" + copy, dirs, files);
  }

  /** The name of the copy's top directory. */
  public String top() {
    return top;
  }

  /** The directories, the top directory first, parents before children. */
  public List<Dir> dirs() {
    return dirs;
  }

  /** The files. */
  public List<SourceFile> files() {
    return files;
  }

  /** The bytes of all files. */
  public long bytes() {
    return files.stream().mapToLong(f -> f.content().length).sum();
  }

  private static int indexOf(List<Dir> dirs, String path) {
    for (int i = 0; i < dirs.size(); i++) {
      if (dirs.get(i).path().equals(path)) {
        return i;
      }
    }
    throw new IllegalStateException("no directory " + path);
  }

  /** Pseudo-C text of a log-normally distributed size. */
  private static byte[] text(SplittableRandom random) {
    double gaussian = gaussian(random);
    int size =
        (int)
            Math.max(
                MIN_SIZE, Math.min(MAX_SIZE, Math.round(MEDIAN_SIZE * Math.exp(SIGMA * gaussian))));
    StringBuilder s = new StringBuilder(size + 80);
    while (s.length() < size) {
      s.append(line(random));
    }
    s.setLength(size);
    return s.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static String line(SplittableRandom r) {
    String a = WORDS[r.nextInt(WORDS.length)] + r.nextInt(64);
    String b = WORDS[r.nextInt(WORDS.length)] + r.nextInt(64);
    return switch (r.nextInt(5)) {
      case 0 -> "  " + TYPES[r.nextInt(TYPES.length)] + " " + a + " = " + b + ";\n";
      case 1 -> "  if (" + a + " < " + r.nextInt(4096) + ") {\n    " + b + "++;\n  }\n";
      case 2 -> "  " + a + " = lookup(" + b + ", " + r.nextInt(100) + ");\n";
      case 3 -> "/* " + a + ": update " + b + " before the next pass */\n";
      default -> "  return " + a + " + " + b + ";\n}\n\nstatic int f_" + a + "(void) {\n";
    };
  }

  /** A standard normal variate (Box–Muller), from the random source only. */
  private static double gaussian(SplittableRandom r) {
    double u = 1.0 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
