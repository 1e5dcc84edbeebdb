package org.bftnfs.bench.results;

import java.util.Map;
import java.util.TreeMap;

/**
 * CPU seconds used during one measurement.
 *
 * @param targetSeconds by all processes of the target (user + system)
 * @param systemSeconds the part of {@code targetSeconds} spent in the kernel (system time)
 * @param byRole the same split by process role (relay, replica, ganesha)
 * @param clientSeconds by the benchmark process itself (the NFS client, and the Make phase's
 *     compute), which is not part of any target
 * @param machineSeconds busy time of all CPUs of the machine meanwhile; what exceeds target and
 *     client is other work (the other targets idling, anything else running on the machine)
 */
public record CpuUsage(
    double targetSeconds,
    double systemSeconds,
    Map<String, Double> byRole,
    double clientSeconds,
    double machineSeconds) {

  public CpuUsage {
    byRole = Map.copyOf(new TreeMap<>(byRole));
  }

  /** No CPU at all. */
  public static CpuUsage none() {
    return new CpuUsage(0, 0, Map.of(), 0, 0);
  }

  /** CPU seconds used by neither the target nor the client (never negative). */
  public double otherSeconds() {
    return Math.max(0, machineSeconds - targetSeconds - clientSeconds);
  }

  /** This usage plus {@code other}. */
  public CpuUsage plus(CpuUsage other) {
    Map<String, Double> roles = new TreeMap<>(byRole);
    other.byRole.forEach((k, v) -> roles.merge(k, v, Double::sum));
    return new CpuUsage(
        targetSeconds + other.targetSeconds,
        systemSeconds + other.systemSeconds,
        roles,
        clientSeconds + other.clientSeconds,
        machineSeconds + other.machineSeconds);
  }
}
