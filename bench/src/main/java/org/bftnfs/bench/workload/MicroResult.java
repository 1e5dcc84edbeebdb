package org.bftnfs.bench.workload;

/**
 * What one microbenchmark measurement did.
 *
 * @param ops operations completed
 * @param seconds wall-clock time from the common start until the last client finished
 * @param bytes file bytes moved
 * @param latencies per-operation latencies in nanoseconds (the first {@code ops} entries)
 */
public record MicroResult(long ops, double seconds, long bytes, long[] latencies) {}
