/**
 * The ordering interface ({@link org.bftnfs.replication.ordering}) on BFT-SMaRt, the JD fork
 * com.jd.blockchain:bft-smart:0.0.8.RELEASE (~1.2). Every BFT-SMaRt type stays in this package.
 *
 * <ul>
 *   <li>{@link org.bftnfs.replication.ordering.smart.SmartReplica}: a replica around an {@link
 *       org.bftnfs.replication.ordering.OrderedApplication}.
 *   <li>{@link org.bftnfs.replication.ordering.smart.SmartClient}: the client side, many
 *       invocations outstanding, replies handed on one by one.
 *   <li>{@link org.bftnfs.replication.ordering.smart.EngineKeys}: the engine's per-replica RSA keys
 *       ({@code bftnfs keygen}).
 *   <li>{@link org.bftnfs.replication.ordering.smart.DeserializationFilter}: the JEP 290 allow-list
 *       for the library's Java-serialized messages.
 * </ul>
 *
 * <p>Library behaviour found while building this, beyond what each class comments on:
 *
 * <ul>
 *   <li>A group orders nothing until every replica has been reachable once since each replica
 *       started: each ACCEPT carries a MAC for every replica, keyed by the Diffie-Hellman exchange
 *       with it, and the acceptor waits (for ever, polling every second) for a key it does not
 *       have. So a group cannot start with a replica missing, and a replica that starts while a
 *       peer is down stays stuck until that peer comes back. Within f faults with all replicas once
 *       up, crashes and restarts are fine.
 *   <li>Connections between replicas take about 5 s to become usable after a start or restart (each
 *       connection thread first sleeps its 5 s retry period and drops what was queued), so a fresh
 *       group is ready about 5 s after its replicas start; a restarted replica with the highest id
 *       reconnects at once, the others wait for their peers' retry.
 *   <li>Requests that arrive while the group is still starting time out and make it change leader
 *       for nothing; after such an early leader change one replica was seen re-sending STOP for a
 *       further regency for ever. {@link org.bftnfs.replication.ordering.smart.SmartClient}'s
 *       warm-up waits until the replicas say they are ready.
 *   <li>By its code, a restarted replica installs a fetched state only once more than ⌊(n+f)/2⌋
 *       other replicas answered its state request (it counts their regencies, leaders and views):
 *       for n = 4 all three others.
 *   <li>The client library reconnects to a replica 10 s after the connection dropped, and retries
 *       every 10 s while it is down.
 *   <li>Output: the library prints to {@code System.out}/{@code System.err} (banners, connection
 *       events, stack traces of refused connections, state transfer and leader change progress),
 *       logs shutdown through {@code java.util.logging} (logger names {@code bftsmart.*}) and a
 *       little through slf4j. Nothing here redirects process-wide streams; a process main can (this
 *       module's tests send test output to files).
 * </ul>
 *
 * <p>Measured on 2 cores, all in one JVM, n = 4, leader timeout 2 s: ordered throughput about 1,500
 * to 2,100 requests/s (two clients, 16 outstanding each, ~20-byte requests); 100 sequential
 * requests with a follower down in 0.25-0.6 s (3 requests take 3 s without {@link
 * org.bftnfs.replication.ordering.smart.UnstalledSend}); leader change 4 s; a restarted replica
 * equal to the others after 1-2 s (highest id) or 5 s (lowest id), answering clients again after
 * 5-6 s.
 */
package org.bftnfs.replication.ordering.smart;
