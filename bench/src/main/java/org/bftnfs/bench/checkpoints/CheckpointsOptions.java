package org.bftnfs.bench.checkpoints;

import static org.bftnfs.bench.cluster.OptionValues.decimal;
import static org.bftnfs.bench.cluster.OptionValues.integer;
import static org.bftnfs.bench.cluster.OptionValues.orElse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bftnfs.bench.BenchUsageException;

/**
 * The options of {@code bftnfs bench checkpoints}.
 *
 * @param args the command line as given (for the report)
 * @param files the file counts measured, increasing (the file system only grows)
 * @param load how long the WRITE load runs at each file count
 * @param fileKib the size of each file the load writes, in KiB (a multiple of 4: its WRITEs go
 *     round-robin over its 4 KiB blocks)
 * @param clients concurrent connections that create the files
 * @param createBudget the longest the creation of one file count's files may be expected to take
 *     (at the rate of the previous count) for that count to be measured; empty for no bound
 * @param checkpointPeriod the cluster's {@code ordering.checkpointPeriod}
 * @param out where the report goes
 * @param work where the cluster keeps its data; empty for a temporary directory
 */
public record CheckpointsOptions(
    List<String> args,
    List<Integer> files,
    Duration load,
    int fileKib,
    int clients,
    Optional<Duration> createBudget,
    int checkpointPeriod,
    Path out,
    Optional<Path> work) {

  /** The most files measured (the default capacity of the abstract state is far above). */
  static final int MAX_FILES = 1_000_000;

  /** Checks the values given to {@code c}. */
  static CheckpointsOptions of(CheckpointsCommand c, List<String> args) throws BenchUsageException {
    List<Integer> files = new ArrayList<>();
    for (String s : orElse(c.files, "1000,10000,100000").split(",", -1)) {
      int n = integer("--files", s.strip(), 1, MAX_FILES);
      if (!files.isEmpty() && n <= files.get(files.size() - 1)) {
        throw new BenchUsageException(
            "--files must increase (the file system only grows), not " + c.files);
      }
      files.add(n);
    }
    double seconds = decimal("--seconds", orElse(c.seconds, "20"));
    if (seconds <= 0 || seconds > 600) {
      throw new BenchUsageException("--seconds must be above 0 and at most 600");
    }
    int fileKib = integer("--file-kib", orElse(c.fileKib, "1024"), 4, 1 << 20);
    if (fileKib % 4 != 0) {
      throw new BenchUsageException("--file-kib must be a multiple of 4, not " + fileKib);
    }
    Optional<Duration> budget = Optional.empty();
    if (c.createBudget != null) {
      double minutes = decimal("--create-budget-minutes", c.createBudget);
      if (minutes <= 0) {
        throw new BenchUsageException("--create-budget-minutes must be above 0");
      }
      budget = Optional.of(Duration.ofMillis((long) (minutes * 60_000)));
    }
    return new CheckpointsOptions(
        List.copyOf(args),
        List.copyOf(files),
        Duration.ofMillis((long) (seconds * 1000)),
        fileKib,
        integer("--clients", orElse(c.clients, "12"), 1, 64),
        budget,
        integer("--checkpoint-period", orElse(c.checkpointPeriod, "128"), 10, 100_000),
        Path.of(orElse(c.out, "bench-results")),
        Optional.ofNullable(c.work).map(Path::of));
  }
}
