package org.bftnfs.bench.profile;

/**
 * One entry of a profile ranking.
 *
 * @param name a method ("package.Class.method") or a component
 * @param samples execution samples attributed to it
 * @param share its share of all samples of the profile, 0–1
 */
public record Hot(String name, long samples, double share) {}
