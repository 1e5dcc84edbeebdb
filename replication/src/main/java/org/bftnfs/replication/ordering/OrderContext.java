package org.bftnfs.replication.ordering;

/**
 * The agreed context of one ordered execution: identical at every correct replica.
 *
 * @param timestampMillis the time the replicas agreed for this request (chosen by the leader, not
 *     validated by followers: the application must make it monotonic itself)
 * @param consensusId the consensus instance that ordered the request
 * @param client the engine's id of the client that sent the request
 */
public record OrderContext(long timestampMillis, int consensusId, int client) {}
