package org.bftnfs.testkit.testfs;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.bftnfs.testkit.Prerequisite;

/**
 * Test fixture for running a test on several file systems: tmpfs, and ext4/xfs/btrfs on
 * loop-mounted sparse images. Mounting needs root; every external command is bounded in time, and a
 * {@link MountedFileSystem} always unmounts and removes what it made when closed.
 *
 * <p>Typical use, one mount per test class:
 *
 * <pre>{@code
 * @BeforeAll
 * void mount(@TempDir Path parent) {
 *   fs = TestFileSystems.mountOrAbort(FileSystemKind.XFS, parent); // skipped (failed under CI),
 * }                                                                  // where it cannot mount
 * @AfterAll
 * void unmount() throws IOException {
 *   if (fs != null) fs.close();
 * }
 * }</pre>
 */
public final class TestFileSystems {

  /** The time limit of each mkfs, mount and umount. */
  public static final Duration COMMAND_LIMIT = Duration.ofSeconds(60);

  private static final List<Path> SYSTEM_BIN =
      List.of(Path.of("/usr/sbin"), Path.of("/sbin"), Path.of("/usr/bin"), Path.of("/bin"));

  private TestFileSystems() {}

  /**
   * Whether a kind can be mounted here.
   *
   * @param kind the file system
   * @param unavailableReason why it cannot be mounted, or null when it can
   */
  public record Availability(FileSystemKind kind, String unavailableReason) {

    /** True when {@link TestFileSystems#mount} should work. */
    public boolean available() {
      return unavailableReason == null;
    }

    @Override
    public String toString() {
      return kind + (available() ? ": available" : ": unavailable, " + unavailableReason);
    }
  }

  /** Every kind, each with whether it can be mounted here and, if not, why. */
  public static List<Availability> kinds() {
    List<Availability> all = new ArrayList<>();
    for (FileSystemKind k : FileSystemKind.values()) {
      all.add(availability(k));
    }
    return all;
  }

  /** Whether {@code kind} can be mounted here and, if not, why. */
  public static Availability availability(FileSystemKind kind) {
    long uid = new UnixSystem().getUid();
    if (uid != 0) {
      return new Availability(kind, "mounting needs root, and this runs as uid " + uid);
    }
    for (String tool : List.of("mount", "umount")) {
      if (program(tool).isEmpty()) {
        return new Availability(kind, tool + " not found");
      }
    }
    if (kind.needsImage()) {
      if (program(kind.mkfs()).isEmpty()) {
        return new Availability(
            kind, kind.mkfs() + " not found (Debian package " + kind.debianPackage() + ")");
      }
      if (!Files.exists(Path.of("/dev/loop-control"))) {
        return new Availability(kind, "no loop devices (/dev/loop-control is missing)");
      }
    }
    return new Availability(kind, null);
  }

  /**
   * Mounts a fresh, empty file system of {@code kind} on a new directory inside {@code parent} (the
   * image file, if any, goes there too).
   *
   * @throws IOException when the kind is unavailable or a command fails or times out; nothing is
   *     left mounted or behind in {@code parent} then
   */
  public static MountedFileSystem mount(FileSystemKind kind, Path parent)
      throws IOException, InterruptedException {
    Availability a = availability(kind);
    if (!a.available()) {
      throw new IOException(kind + " cannot be mounted: " + a.unavailableReason());
    }
    Path dir = Files.createTempDirectory(parent, kind.type() + "-mount-");
    Path image = null;
    try {
      if (kind.needsImage()) {
        image = Files.createTempFile(parent, kind.type() + "-", ".img");
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
          f.setLength(kind.imageBytes());
        }
        List<String> mkfs = new ArrayList<>();
        mkfs.add(program(kind.mkfs()).orElseThrow().toString());
        mkfs.addAll(kind.mkfsOptions());
        mkfs.add(image.toString());
        BoundedCommand.run(COMMAND_LIMIT, mkfs).requireSuccess();
        BoundedCommand.succeed(
            COMMAND_LIMIT,
            tool("mount"),
            "-t",
            kind.type(),
            "-o",
            "loop",
            image.toString(),
            dir.toString());
      } else {
        BoundedCommand.succeed(
            COMMAND_LIMIT,
            tool("mount"),
            "-t",
            "tmpfs",
            "-o",
            "size=512m,mode=0755",
            "bftnfs-test",
            dir.toString());
      }
      return new MountedFileSystem(kind, dir, image);
    } catch (IOException | InterruptedException | RuntimeException e) {
      try {
        MountedFileSystem.cleanUp(dir, image);
      } catch (IOException | RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /**
   * {@link #mount}, or ends the calling test through {@link Prerequisite} (skipped with the reason;
   * a failure under CI) when the kind is unavailable here or mounting fails.
   */
  public static MountedFileSystem mountOrAbort(FileSystemKind kind, Path parent)
      throws InterruptedException {
    Availability a = availability(kind);
    Prerequisite.require(a.available(), () -> kind + " not tested: " + a.unavailableReason());
    try {
      return mount(kind, parent);
    } catch (IOException e) {
      return Prerequisite.missing(kind + " not tested: mounting failed: " + e.getMessage());
    }
  }

  /** True when {@code dir} is a mount point of this process's mount namespace. */
  public static boolean isMountPoint(Path dir) throws IOException {
    String wanted = dir.toAbsolutePath().normalize().toString();
    try (Stream<String> lines = Files.lines(Path.of("/proc/self/mountinfo"))) {
      return lines.map(l -> unescape(l.split(" ")[4])).anyMatch(wanted::equals);
    }
  }

  /** The absolute path of a system program, for commands run with a narrow PATH. */
  static String tool(String name) {
    return program(name)
        .orElseThrow(() -> new IllegalStateException(name + " not found"))
        .toString();
  }

  private static Optional<Path> program(String name) {
    List<Path> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(":")) {
        if (!d.isEmpty()) {
          dirs.add(Path.of(d));
        }
      }
    }
    dirs.addAll(SYSTEM_BIN);
    return dirs.stream().map(d -> d.resolve(name)).filter(Files::isExecutable).findFirst();
  }

  /** Undoes mountinfo's octal escapes (\040 for space and so on). */
  private static String unescape(String field) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 4 <= field.length()) {
        sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
