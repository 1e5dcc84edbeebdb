package org.bftnfs.bench.workload;

import org.bftnfs.bench.BenchUsageException;

/** The microbenchmark operations: one call (or one pair, or one listing) each. */
public enum MicroOp {
  /** GETATTR of the client's own file. */
  GETATTR("getattr", "GETATTR"),
  /** LOOKUP of a name in the 1,000-entry directory. */
  LOOKUP("lookup", "LOOKUP"),
  /** READ of 4 KiB from a 1 MiB file. */
  READ_4K("read4k", "READ 4 KiB"),
  /** READ of 64 KiB from a 1 MiB file. */
  READ_64K("read64k", "READ 64 KiB"),
  /** WRITE (FILE_SYNC) of 4 KiB into the client's own file. */
  WRITE_4K("write4k", "WRITE 4 KiB"),
  /** WRITE (FILE_SYNC) of 64 KiB into the client's own file. */
  WRITE_64K("write64k", "WRITE 64 KiB"),
  /** CREATE of a file and REMOVE of it again, in the client's own directory. */
  CREATE_REMOVE("create+remove", "CREATE+REMOVE"),
  /** The whole 1,000-entry directory by READDIRPLUS (several calls). */
  READDIRPLUS("readdirplus", "READDIRPLUS 1,000 entries");

  private final String label;
  private final String title;

  MicroOp(String label, String title) {
    this.label = label;
    this.title = title;
  }

  /** The name on the command line and in the results. */
  public String label() {
    return label;
  }

  /** The name in tables and charts. */
  public String title() {
    return title;
  }

  /** The operation called {@code label}. */
  public static MicroOp of(String label) throws BenchUsageException {
    for (MicroOp op : values()) {
      if (op.label.equals(label)) {
        return op;
      }
    }
    throw new BenchUsageException("unknown micro operation '" + label + "'");
  }
}
