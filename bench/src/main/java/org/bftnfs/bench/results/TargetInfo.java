package org.bftnfs.bench.results;

import java.util.List;

/**
 * A target as it ran.
 *
 * @param name its name
 * @param description what it is
 * @param endpoint where the client reached it
 * @param processes its processes at the start, as "role pid"
 * @param idleCpuPercent the CPU its processes used while no client called it, in percent of one
 *     core
 */
public record TargetInfo(
    String name,
    String description,
    String endpoint,
    List<String> processes,
    double idleCpuPercent) {}
