package org.bftnfs.bench.recovery;

import static org.bftnfs.bench.cluster.OptionValues.decimal;
import static org.bftnfs.bench.cluster.OptionValues.integer;
import static org.bftnfs.bench.cluster.OptionValues.orElse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bftnfs.bench.BenchUsageException;
import org.bftnfs.bench.cluster.BenchCluster;
import org.bftnfs.bench.targets.JvmHeap;

/**
 * The options of {@code bftnfs bench recovery}.
 *
 * @param args the command line as given (for the report)
 * @param sizeMib the file system's size: the files' bytes added up, in MiB
 * @param files how many files hold them (each {@code sizeMib / files} MiB)
 * @param corrupt the corrupt fractions measured, in % of the files
 * @param changed the fraction of files rewritten while a replica is stopped, in %
 * @param load how long the load's throughput is measured before a recovery
 * @param replica the replica stopped and started again
 * @param checkpointPeriod the cluster's {@code ordering.checkpointPeriod}
 * @param recoveringHeap the maximum heap of the replica when the bench starts it again; empty for
 *     the replicas' heap
 * @param out where the report goes
 * @param work where the cluster keeps its data; empty for a temporary directory
 */
public record RecoveryOptions(
    List<String> args,
    int sizeMib,
    int files,
    List<Double> corrupt,
    double changed,
    java.time.Duration load,
    int replica,
    int checkpointPeriod,
    Optional<String> recoveringHeap,
    Path out,
    Optional<Path> work) {

  /** The largest file this bench writes (4 GiB: it writes whole files through one client). */
  static final long MAX_FILE_BYTES = 4L << 30;

  /** The most this bench fills (16 GiB: four replicas hold it on one machine's disk). */
  static final int MAX_SIZE_MIB = 16 << 10;

  /** Bytes per file. */
  public long fileBytes() {
    return ((long) sizeMib << 20) / files;
  }

  /** Checks the values given to {@code c}. */
  static RecoveryOptions of(RecoveryCommand c, List<String> args) throws BenchUsageException {
    int size = integer("--size-mib", orElse(c.sizeMib, "64"), 1, MAX_SIZE_MIB - 1);
    int files = integer("--files", orElse(c.files, "64"), 1, 100_000);
    if (((long) size << 20) % files != 0) {
      throw new BenchUsageException(
          "--size-mib " + size + " MiB does not divide into " + files + " files of equal size");
    }
    if (((long) size << 20) / files > MAX_FILE_BYTES) {
      throw new BenchUsageException("files of more than 4 GiB: give more --files");
    }
    List<Double> corrupt = new ArrayList<>();
    for (String s : orElse(c.corrupt, "0,1,100").split(",", -1)) {
      corrupt.add(percent("--corrupt", s.strip()));
    }
    double changed = percent("--changed", orElse(c.changed, "1"));
    if (changed == 0) {
      throw new BenchUsageException("--changed must be above 0");
    }
    double seconds = decimal("--load-seconds", orElse(c.loadSeconds, "10"));
    if (seconds <= 0 || seconds > 600) {
      throw new BenchUsageException("--load-seconds must be above 0 and at most 600");
    }
    return new RecoveryOptions(
        List.copyOf(args),
        size,
        files,
        List.copyOf(corrupt),
        changed,
        java.time.Duration.ofMillis((long) (seconds * 1000)),
        integer("--replica", orElse(c.replica, "3"), 0, BenchCluster.REPLICAS - 1),
        integer("--checkpoint-period", orElse(c.checkpointPeriod, "128"), 10, 100_000),
        heap(c.recoveringHeap),
        Path.of(orElse(c.out, "bench-results")),
        Optional.ofNullable(c.work).map(Path::of));
  }

  private static Optional<String> heap(String size) throws BenchUsageException {
    if (size != null && !JvmHeap.valid(size)) {
      throw new BenchUsageException(
          "--recovering-heap must be a size (digits with an optional k, m or g: 4g), not '"
              + size
              + "'");
    }
    return Optional.ofNullable(size);
  }

  private static double percent(String name, String value) throws BenchUsageException {
    double d = decimal(name, value);
    if (d < 0 || d > 100) {
      throw new BenchUsageException(name + " takes percentages from 0 to 100, not " + value);
    }
    return d;
  }
}
