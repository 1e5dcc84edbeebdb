package org.bftnfs.bench.results;

import java.util.Map;
import org.bftnfs.bench.Part;

/**
 * All repetitions of one case on one target, summarised: medians with their spread (min–max over
 * the repetitions) and the ratio to the baseline target measured in the same run.
 *
 * @param part which part of the run
 * @param caseName the case (see {@link Measurement#caseName()})
 * @param target the target's name
 * @param reps repetitions
 * @param medianSeconds median wall-clock time
 * @param minSeconds fastest repetition
 * @param maxSeconds slowest repetition
 * @param ops operations of the median repetition's kind (the median count)
 * @param medianOpsPerSecond median throughput
 * @param minOpsPerSecond lowest throughput
 * @param maxOpsPerSecond highest throughput
 * @param medianMiBPerSecond median data rate (file bytes read and written)
 * @param p50Ms median over repetitions of the median latency (NaN without latencies)
 * @param p99Ms median over repetitions of the 99th percentile latency (NaN without latencies)
 * @param cpuSeconds median target CPU seconds
 * @param systemShare median share of the target's CPU spent in the kernel, 0–1
 * @param cpuMsPerOp median target CPU milliseconds per operation
 * @param clientCpuMsPerOp median CPU milliseconds per operation of the benchmark process
 * @param cpuByRole mean CPU seconds per process role
 * @param otherCores median CPU used meanwhile by neither target nor client (other targets idling,
 *     other programs), in cores (CPU seconds per second)
 * @param ratio time per operation relative to the baseline (median over median; 1.3 = 30% slower);
 *     NaN without a baseline
 * @param cpuRatio target CPU per operation relative to the baseline's; NaN without a baseline
 */
public record SummaryRow(
    Part part,
    String caseName,
    String target,
    int reps,
    double medianSeconds,
    double minSeconds,
    double maxSeconds,
    long ops,
    double medianOpsPerSecond,
    double minOpsPerSecond,
    double maxOpsPerSecond,
    double medianMiBPerSecond,
    double p50Ms,
    double p99Ms,
    double cpuSeconds,
    double systemShare,
    double cpuMsPerOp,
    double clientCpuMsPerOp,
    Map<String, Double> cpuByRole,
    double otherCores,
    double ratio,
    double cpuRatio) {}
