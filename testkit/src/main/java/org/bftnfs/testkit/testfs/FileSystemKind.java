package org.bftnfs.testkit.testfs;

import java.util.List;

/**
 * The file systems {@link TestFileSystems} can mount for a test: tmpfs directly, the others as a
 * loop-mounted sparse image file made with their {@code mkfs}.
 */
public enum FileSystemKind {
  TMPFS("tmpfs", null, List.of(), 0, null),
  EXT4("ext4", "mkfs.ext4", List.of("-q", "-F", "-b", "4096"), 256L << 20, "e2fsprogs"),
  XFS("xfs", "mkfs.xfs", List.of("-q", "-f"), 320L << 20, "xfsprogs"),
  BTRFS("btrfs", "mkfs.btrfs", List.of("-q", "-f"), 256L << 20, "btrfs-progs");

  private final String type;
  private final String mkfs;
  private final List<String> mkfsOptions;
  private final long imageBytes;
  private final String debianPackage;

  FileSystemKind(
      String type, String mkfs, List<String> mkfsOptions, long imageBytes, String debianPackage) {
    this.type = type;
    this.mkfs = mkfs;
    this.mkfsOptions = mkfsOptions;
    this.imageBytes = imageBytes;
    this.debianPackage = debianPackage;
  }

  /** The kernel's name of the file system type ({@code mount -t}, {@code /proc/mounts}). */
  public String type() {
    return type;
  }

  /** True for kinds mounted from an image file through a loop device. */
  public boolean needsImage() {
    return mkfs != null;
  }

  /** The mkfs program's name (null for tmpfs). */
  String mkfs() {
    return mkfs;
  }

  /**
   * Options making mkfs quiet and non-interactive on an image file (ext4 with the usual 4 KiB
   * blocks, which mkfs would shrink to 1 KiB on a small image).
   */
  List<String> mkfsOptions() {
    return mkfsOptions;
  }

  /** Size of the sparse image (xfs needs at least 300 MiB); 0 for tmpfs. */
  long imageBytes() {
    return imageBytes;
  }

  /** The Debian package providing mkfs (null for tmpfs). */
  String debianPackage() {
    return debianPackage;
  }
}
