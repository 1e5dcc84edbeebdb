package org.bftnfs.bench.results;

/**
 * The peak resident memory of one process over the run ({@code VmHWM}: the most physical memory it
 * held at any one time since it started), read just before the targets were stopped.
 *
 * @param target the target the process belongs to, or {@link #BENCH} for the benchmark process
 *     itself (the NFS client)
 * @param role what the process does there (relay, replica, ganesha, client)
 * @param pid its process id
 * @param peakRssKib its peak resident set size in KiB
 */
public record PeakMemory(String target, String role, long pid, long peakRssKib) {

  /** The {@link #target} of the benchmark process itself. */
  public static final String BENCH = "bench";

  /** The role of the benchmark process itself. */
  public static final String CLIENT = "client";

  public PeakMemory {
    if (peakRssKib < 0) {
      throw new IllegalArgumentException("negative peak RSS " + peakRssKib);
    }
  }

  /** {@link #peakRssKib} in MiB. */
  public double peakRssMib() {
    return peakRssKib / 1024.0;
  }
}
