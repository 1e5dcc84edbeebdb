package org.bftnfs.bench;

/** The parts of a benchmark run, each of which can be skipped. */
public enum Part {
  /** The Andrew-style workload (MakeDir, Copy, ScanDir, ReadAll, Make). */
  ANDREW("andrew"),
  /** Throughput and latency of single NFS operations at several concurrencies. */
  MICRO("micro"),
  /** Sequential write and read of one large file. */
  SEQUENTIAL("seq");

  private final String label;

  Part(String label) {
    this.label = label;
  }

  /** The name used on the command line and in the results. */
  public String label() {
    return label;
  }

  /** The part called {@code label}. */
  public static Part of(String label) throws BenchUsageException {
    for (Part p : values()) {
      if (p.label.equals(label)) {
        return p;
      }
    }
    throw new BenchUsageException("unknown part '" + label + "' (andrew, micro, seq)");
  }
}
