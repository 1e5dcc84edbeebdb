package org.bftnfs.spec;

/**
 * The configuration of one abstract file system. Every replica of a service must use equal
 * configurations: all of these numbers are visible to clients (FSSTAT, FSINFO, PATHCONF, errors)
 * and therefore part of the specification, not of any implementation.
 *
 * @param exportId the export id inside every file handle ({@link FileHandles})
 * @param fsid the {@code fsid} attribute of every object
 * @param capacity number of entries in the abstract state array (max objects, incl. root); creating
 *     an object when every entry is in use fails with {@code NFS3ERR_NOSPC}
 * @param maxBytes total bytes of file data the file system holds ({@code FSSTAT tbytes}); a write
 *     that would exceed it fails with {@code NFS3ERR_NOSPC}
 * @param maxFileSize largest file size ({@code FSINFO maxfilesize}); larger fails {@code FBIG}
 * @param maxNameLength longest name in bytes ({@code PATHCONF name_max}); longer fails {@code
 *     NAMETOOLONG}
 * @param maxPathLength longest symbolic link target in bytes; longer fails {@code NAMETOOLONG}
 * @param maxTransfer largest READ/WRITE payload and READDIR reply ({@code rtmax}, {@code wtmax})
 * @param rootSquash map uid 0 to the anonymous user
 * @param anonUid the anonymous user (AUTH_NONE callers, squashed root)
 * @param anonGid the anonymous user's group
 * @param rootMode permission bits of the root directory in the initial state
 * @param rootUid owner of the root directory in the initial state
 * @param rootGid group of the root directory in the initial state
 */
public record SpecConfig(
    int exportId,
    long fsid,
    int capacity,
    long maxBytes,
    long maxFileSize,
    int maxNameLength,
    int maxPathLength,
    int maxTransfer,
    boolean rootSquash,
    int anonUid,
    int anonGid,
    int rootMode,
    int rootUid,
    int rootGid) {

  public SpecConfig {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1 (the root directory)");
    }
    if (maxBytes < 0 || maxFileSize < 0) {
      throw new IllegalArgumentException("negative byte limits");
    }
    if (maxNameLength < 1 || maxPathLength < 1) {
      throw new IllegalArgumentException("name and path limits must be positive");
    }
    if (maxTransfer < 4096) {
      throw new IllegalArgumentException("maxTransfer below 4096 bytes");
    }
    if ((rootMode & ~07777) != 0) {
      throw new IllegalArgumentException("rootMode has bits outside 07777");
    }
  }

  /** The defaults: 65,536 objects, 16 GiB of data, 4 GiB files, no root squash. */
  public static SpecConfig defaults() {
    return new SpecConfig(
        1,
        0x62667466L,
        65_536,
        16L << 30,
        4L << 30,
        255,
        1024,
        1 << 20,
        false,
        65534,
        65534,
        0755,
        0,
        0);
  }

  public SpecConfig withCapacity(int newCapacity) {
    return new SpecConfig(
        exportId,
        fsid,
        newCapacity,
        maxBytes,
        maxFileSize,
        maxNameLength,
        maxPathLength,
        maxTransfer,
        rootSquash,
        anonUid,
        anonGid,
        rootMode,
        rootUid,
        rootGid);
  }

  public SpecConfig withLimits(long newMaxBytes, long newMaxFileSize) {
    return new SpecConfig(
        exportId,
        fsid,
        capacity,
        newMaxBytes,
        newMaxFileSize,
        maxNameLength,
        maxPathLength,
        maxTransfer,
        rootSquash,
        anonUid,
        anonGid,
        rootMode,
        rootUid,
        rootGid);
  }

  public SpecConfig withRootSquash(boolean squash) {
    return new SpecConfig(
        exportId,
        fsid,
        capacity,
        maxBytes,
        maxFileSize,
        maxNameLength,
        maxPathLength,
        maxTransfer,
        squash,
        anonUid,
        anonGid,
        rootMode,
        rootUid,
        rootGid);
  }

  public SpecConfig withRoot(int mode, int uid, int gid) {
    return new SpecConfig(
        exportId,
        fsid,
        capacity,
        maxBytes,
        maxFileSize,
        maxNameLength,
        maxPathLength,
        maxTransfer,
        rootSquash,
        anonUid,
        anonGid,
        mode,
        uid,
        gid);
  }

  /** The handle format of this export. */
  public FileHandles handles() {
    return new FileHandles(exportId);
  }
}
