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
 *     (default 1023: xfs, and ext4 with 1 KiB blocks, hold no longer targets)
 * @param maxTransfer largest READ/WRITE payload and READDIR reply ({@code rtmax}, {@code wtmax})
 * @param rootSquash map uid 0 to the anonymous user
 * @param anonUid the anonymous user (AUTH_NONE callers, squashed root)
 * @param anonGid the anonymous user's group
 * @param rootMode permission bits of the root directory in the initial state
 * @param rootUid owner of the root directory in the initial state
 * @param rootGid group of the root directory in the initial state
 * @param handleEpoch mixed into every file handle ({@link FileHandles}): handles of one epoch are
 *     {@code NFS3ERR_STALE} in another. 0 (the default) for exports whose objects survive a restart
 *     (replicated clusters, conformance wrappers restoring their rep); an export that loses its
 *     state on restart (the in-memory {@code serve}) takes a new epoch each start, chosen outside
 *     the specification's execution
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
    int rootGid,
    int handleEpoch) {

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

  /**
   * The default capacity: 2^24 objects (the abstract state is sparse, so an unused entry costs
   * nothing).
   */
  public static final int DEFAULT_CAPACITY = 1 << 24;

  /** The default largest file: 1 TiB (FSINFO maxfilesize). */
  public static final long DEFAULT_MAX_FILE_SIZE = 1L << 40;

  /**
   * The default total of file data: 1 PiB, that is in practice what the replicas' backends hold
   * (FSSTAT reports it; a deployment that wants clients to meet NOSPC before a backend fills sets
   * {@code spec.maxBytes} below its smallest export).
   */
  public static final long DEFAULT_MAX_BYTES = 1L << 50;

  /** The defaults: 2^24 objects, 1 PiB of data, 1 TiB files, no root squash. */
  public static SpecConfig defaults() {
    return new SpecConfig(
        1,
        0x62667466L,
        DEFAULT_CAPACITY,
        DEFAULT_MAX_BYTES,
        DEFAULT_MAX_FILE_SIZE,
        255,
        1023,
        1 << 20,
        false,
        65534,
        65534,
        0755,
        0,
        0,
        0);
  }

  public SpecConfig withCapacity(int newCapacity) {
    Builder b = toBuilder();
    b.capacity = newCapacity;
    return b.build();
  }

  public SpecConfig withLimits(long newMaxBytes, long newMaxFileSize) {
    Builder b = toBuilder();
    b.maxBytes = newMaxBytes;
    b.maxFileSize = newMaxFileSize;
    return b.build();
  }

  /** This configuration with another {@link #handleEpoch}. */
  public SpecConfig withHandleEpoch(int epoch) {
    Builder b = toBuilder();
    b.handleEpoch = epoch;
    return b.build();
  }

  public SpecConfig withRootSquash(boolean squash) {
    Builder b = toBuilder();
    b.rootSquash = squash;
    return b.build();
  }

  public SpecConfig withRoot(int mode, int uid, int gid) {
    Builder b = toBuilder();
    b.rootMode = mode;
    b.rootUid = uid;
    b.rootGid = gid;
    return b.build();
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Mutable copy of a configuration; {@link #build()} validates. */
  public static final class Builder {
    public int exportId;
    public long fsid;
    public int capacity;
    public long maxBytes;
    public long maxFileSize;
    public int maxNameLength;
    public int maxPathLength;
    public int maxTransfer;
    public boolean rootSquash;
    public int anonUid;
    public int anonGid;
    public int rootMode;
    public int rootUid;
    public int rootGid;
    public int handleEpoch;

    private Builder(SpecConfig c) {
      exportId = c.exportId;
      fsid = c.fsid;
      capacity = c.capacity;
      maxBytes = c.maxBytes;
      maxFileSize = c.maxFileSize;
      maxNameLength = c.maxNameLength;
      maxPathLength = c.maxPathLength;
      maxTransfer = c.maxTransfer;
      rootSquash = c.rootSquash;
      anonUid = c.anonUid;
      anonGid = c.anonGid;
      rootMode = c.rootMode;
      rootUid = c.rootUid;
      rootGid = c.rootGid;
      handleEpoch = c.handleEpoch;
    }

    public SpecConfig build() {
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
          rootMode,
          rootUid,
          rootGid,
          handleEpoch);
    }
  }

  /** The handle format of this export. */
  public FileHandles handles() {
    return new FileHandles(exportId, handleEpoch);
  }
}
