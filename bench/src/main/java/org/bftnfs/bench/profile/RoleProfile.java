package org.bftnfs.bench.profile;

import java.util.List;

/**
 * The execution samples of the JVMs of one role (the relay, or all replicas together).
 *
 * @param role the role
 * @param processes how many JVMs were recorded
 * @param samples execution samples in total
 * @param topMethods the methods most often on top of the stack (self time)
 * @param components samples by component: the innermost frame that is not JDK code decides
 * @param activities samples by activity: markers anywhere in the stack decide
 */
public record RoleProfile(
    String role,
    int processes,
    long samples,
    List<Hot> topMethods,
    List<Hot> components,
    List<Hot> activities) {}
