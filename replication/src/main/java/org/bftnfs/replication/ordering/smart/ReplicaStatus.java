package org.bftnfs.replication.ordering.smart;

/**
 * What one replica said about itself in answer to a status ping ({@link SmartClient#probe}).
 *
 * @param replica its id
 * @param ready whether it has finished starting up (and fetching its initial state)
 * @param lastExecuted the last consensus instance whose requests it executed (-1: none yet)
 * @param health {@code EXECUTING}, {@code STALLED} (work waiting, nothing executed for a while),
 *     {@code DEAD} (its engine stopped executing; it stops), or {@code STARTING}
 * @param stalledSeconds how long it has been stalled (0 when executing)
 * @param leader the replica it currently takes as the leader (-1: unknown, e.g. still starting)
 */
public record ReplicaStatus(
    int replica, boolean ready, int lastExecuted, String health, long stalledSeconds, int leader) {}
