package org.bftnfs.bench.results;

import java.util.List;
import java.util.Optional;

/**
 * Everything a run measured, as written to CSV, JSON, charts and the report.
 *
 * @param commandLine the command as run
 * @param startedAt when the run started (ISO-8601)
 * @param elapsedSeconds how long the whole run took
 * @param machine where it ran
 * @param settings the run's settings, as label and value
 * @param targets the targets, in the order they were interleaved
 * @param memory the peak resident memory of every process of the targets and of the benchmark
 *     process, read at the end of the run
 * @param measurements every measured repetition
 * @param summary one row per part, case and target
 * @param profile the JFR profile, if one was taken
 * @param notes what went wrong without spoiling the measurements (a profile that failed)
 */
public record RunResults(
    String commandLine,
    String startedAt,
    double elapsedSeconds,
    MachineInfo machine,
    List<Setting> settings,
    List<TargetInfo> targets,
    List<PeakMemory> memory,
    List<Measurement> measurements,
    List<SummaryRow> summary,
    Optional<ProfileResult> profile,
    List<String> notes) {

  /**
   * One setting of the run.
   *
   * @param name what it is
   * @param value its value
   */
  public record Setting(String name, String value) {}

  /** The name of the baseline target, the one ratios are relative to. */
  public static final String BASELINE = "direct";
}
