package org.bftnfs.bench.results;

import java.util.Optional;
import org.bftnfs.bench.Part;

/**
 * One measured repetition of one case on one target.
 *
 * @param part which part of the run
 * @param caseName the phase (Andrew), "op@clients" (micro) or "write"/"read" (sequential)
 * @param target the target's name
 * @param rep the repetition, from 1
 * @param seconds wall-clock time
 * @param ops the client's NFS operations (Backend calls; a READDIRPLUS listing or a CREATE+REMOVE
 *     pair counts as one)
 * @param bytes file data moved by READ and WRITE
 * @param cpu the CPU time the target (and the client) used meanwhile
 * @param latency the per-operation latencies, for microbenchmarks
 */
public record Measurement(
    Part part,
    String caseName,
    String target,
    int rep,
    double seconds,
    long ops,
    long bytes,
    CpuUsage cpu,
    Optional<Latency> latency) {

  /** Operations per second. */
  public double opsPerSecond() {
    return ops / seconds;
  }

  /** The target's CPU milliseconds per operation. */
  public double cpuMsPerOp() {
    return ops == 0 ? Double.NaN : cpu.targetSeconds() * 1e3 / ops;
  }
}
