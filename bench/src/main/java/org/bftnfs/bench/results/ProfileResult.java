package org.bftnfs.bench.results;

import java.util.List;
import org.bftnfs.bench.profile.RoleProfile;

/**
 * The JFR profile of one extra (unmeasured) Andrew run.
 *
 * @param target the profiled target
 * @param seconds how long the profiled run took
 * @param cpu the CPU its processes used meanwhile
 * @param roles one ranking per role
 * @param files the recordings
 */
public record ProfileResult(
    String target, double seconds, CpuUsage cpu, List<RoleProfile> roles, List<String> files) {}
