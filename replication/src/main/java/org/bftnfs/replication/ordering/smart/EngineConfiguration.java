package org.bftnfs.replication.ordering.smart;

import bftsmart.reconfiguration.util.HostsConfig;
import bftsmart.reconfiguration.util.RsaKeyLoader;
import bftsmart.reconfiguration.util.TOMConfiguration;
import java.math.BigInteger;
import java.util.Properties;
import java.util.StringJoiner;
import org.bftnfs.replication.ordering.OrderingConfig;
import org.bftnfs.replication.ordering.ReplicaAddress;

/**
 * Builds BFT-SMaRt's {@link TOMConfiguration} in code, never from files. Each call starts from a
 * fresh {@link Properties} (the library consumes the keys it reads) with every key the library
 * reads set explicitly, because several defaults are unsafe; a key left unconsumed afterwards (a
 * typo, or a parse failure the library only prints) fails the build.
 *
 * <p>The keys and why:
 *
 * <ul>
 *   <li>{@code system.servers.num} = n, {@code system.servers.f} = f, {@code system.initial.view} =
 *       {@code 0,1,...,n-1}: the group. The library silently replaces f by {@code (n-1)/3}, so any
 *       other f is rejected here.
 *   <li>{@code system.bft} = true: Byzantine (not crash-only) quorums.
 *   <li>{@code system.ttp.id} = -1: no trusted third party (no reconfiguration service).
 *   <li>{@code system.totalordermulticast.timeout} = {@link OrderingConfig#leaderTimeout} in ms:
 *       how long a request may wait before the replicas forward it and then suspect the leader.
 *   <li>{@code system.totalordermulticast.state_transfer} = true (default false: a replica that
 *       falls behind or restarts would never catch up), {@code checkpoint_period} = {@link
 *       OrderingConfig#checkpointPeriod} (default 1: a snapshot after every consensus).
 *   <li>{@code system.totalordermulticast.highMark} = {@value #HIGH_MARK}, {@code revival_highMark}
 *       = {@value #REVIVAL_HIGH_MARK}, {@code timeout_highMark} = {@value #TIMEOUT_HIGH_MARK}: how
 *       far ahead a consensus message must be to start a state transfer, for a live replica, a
 *       freshly started one, and one whose request timer fired.
 *   <li>{@code system.totalordermulticast.maxbatchsize} = {@value #MAX_BATCH}: requests per
 *       consensus.
 *   <li>{@code system.totalordermulticast.nonces} = 0: no agreed random numbers (only the agreed
 *       timestamp is used); {@code replayVerificationTime} = 0, {@code period} = 5n (read, unused).
 *   <li>{@code system.totalordermulticast.log}, {@code log_parallel}, {@code log_to_disk}, {@code
 *       sync_log}, {@code checkpoint_to_disk}, {@code sync_ckp} = false and {@code
 *       global_checkpoint_period} = the checkpoint period: the log and checkpoints stay in memory;
 *       the library writes no files.
 *   <li>{@code system.communication.useSenderThread} = true (default false freezes the service when
 *       a replica dies: senders block on its socket).
 *   <li>{@code system.communication.useMACs} = 1 (default 0): replica-to-replica messages and
 *       consensus proofs carry MACs keyed by the signed Diffie-Hellman exchange ({@link
 *       EngineKeys}).
 *   <li>{@code system.communication.useSignatures} = 0: clients do not sign (unsigned requests
 *       would be accepted anyway; the project authenticates requests in its own layer).
 *   <li>{@code system.communication.useControlFlow} = 0: no per-client cap on pending requests (a
 *       cap silently drops requests above it).
 *   <li>{@code system.communication.inQueueSize} / {@code outQueueSize} = {@value #QUEUE_SIZE}:
 *       replica-to-replica queues (a full queue drops the message).
 *   <li>{@code system.communication.defaultkeys} = false, {@code numNIOThreads} = 2, {@code
 *       system.autoconnect} = -1, {@code system.channels.blocking} = false: read, unused here (keys
 *       come from {@link ReplicaKeyLoader} or {@link ClientKeyLoader}).
 *   <li>{@code system.numrepliers} = 0: replies are sent by the delivery thread itself.
 *   <li>{@code system.numnettyworkers} = {@value #NETTY_WORKERS}: client-port I/O threads per
 *       replica (default: twice the cores).
 *   <li>{@code system.diffie-hellman.p}/{@code g}: the 2048-bit MODP group of RFC 3526 §3 with g =
 *       2 (the default is the 1024-bit group of RFC 2409).
 *   <li>{@code system.shutdownhook} = false: no JVM shutdown hooks; {@code system.debug} = 0: the
 *       library's own debug printing off.
 * </ul>
 *
 * <p>{@code view.storage.handler} is not set: the view storage is always passed in explicitly (a
 * {@code MemoryBasedViewStorage}), so the on-disk {@code config/currentView} is never read or
 * written.
 */
final class EngineConfiguration {

  static final int HIGH_MARK = 1000;
  static final int REVIVAL_HIGH_MARK = 10;
  static final int TIMEOUT_HIGH_MARK = 100;
  static final int MAX_BATCH = 400;
  static final int QUEUE_SIZE = 1000;
  static final int NETTY_WORKERS = 2;

  /** RFC 3526 §3: the 2048-bit MODP group's prime, hexadecimal. */
  static final String MODP_2048_PRIME =
      "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
          + "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
          + "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
          + "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05"
          + "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB"
          + "9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
          + "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718"
          + "3995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFFFFFFFFFF";

  /** The Diffie-Hellman group as numbers. */
  static final BigInteger DH_P = new BigInteger(MODP_2048_PRIME, 16);

  static final BigInteger DH_G = BigInteger.TWO;

  private EngineConfiguration() {}

  /**
   * The configuration of process {@code processId} (a replica id, or a client id) in the group
   * {@code config}, using {@code keys} for the engine's RSA keys.
   */
  static TOMConfiguration build(OrderingConfig config, int processId, RsaKeyLoader keys) {
    int n = config.n();
    if (config.f() != (n - 1) / 3) {
      throw new IllegalArgumentException(
          "BFT-SMaRt always tolerates f = (n-1)/3 = "
              + (n - 1) / 3
              + " with "
              + n
              + " replicas; configured f = "
              + config.f());
    }
    long timeout = config.leaderTimeout().toMillis();
    if (timeout < 1 || timeout > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("leader timeout out of range: " + config.leaderTimeout());
    }
    if (config.checkpointPeriod() < 1) {
      throw new IllegalArgumentException("checkpoint period must be positive");
    }
    Properties p = properties(config, timeout);
    TOMConfiguration conf = new TOMConfiguration(processId, p, hosts(config));
    if (!p.isEmpty()) {
      throw new IllegalStateException("BFT-SMaRt did not take configuration keys " + p.keySet());
    }
    conf.setRsaLoader(keys);
    return conf;
  }

  private static Properties properties(OrderingConfig config, long timeoutMillis) {
    int n = config.n();
    StringJoiner view = new StringJoiner(",");
    for (int i = 0; i < n; i++) {
      view.add(Integer.toString(i));
    }
    Properties p = new Properties();
    p.setProperty("system.servers.num", Integer.toString(n));
    p.setProperty("system.servers.f", Integer.toString(config.f()));
    p.setProperty("system.initial.view", view.toString());
    p.setProperty("system.bft", "true");
    p.setProperty("system.ttp.id", "-1");
    p.setProperty("system.shutdownhook", "false");
    p.setProperty("system.debug", "0");
    p.setProperty("system.totalordermulticast.timeout", Long.toString(timeoutMillis));
    p.setProperty("system.totalordermulticast.period", Integer.toString(5 * n));
    p.setProperty("system.totalordermulticast.highMark", Integer.toString(HIGH_MARK));
    p.setProperty(
        "system.totalordermulticast.revival_highMark", Integer.toString(REVIVAL_HIGH_MARK));
    p.setProperty(
        "system.totalordermulticast.timeout_highMark", Integer.toString(TIMEOUT_HIGH_MARK));
    p.setProperty("system.totalordermulticast.maxbatchsize", Integer.toString(MAX_BATCH));
    p.setProperty("system.totalordermulticast.replayVerificationTime", "0");
    p.setProperty("system.totalordermulticast.nonces", "0");
    p.setProperty("system.totalordermulticast.state_transfer", "true");
    p.setProperty(
        "system.totalordermulticast.checkpoint_period",
        Integer.toString(config.checkpointPeriod()));
    p.setProperty(
        "system.totalordermulticast.global_checkpoint_period",
        Integer.toString(config.checkpointPeriod()));
    p.setProperty("system.totalordermulticast.log", "false");
    p.setProperty("system.totalordermulticast.log_parallel", "false");
    p.setProperty("system.totalordermulticast.log_to_disk", "false");
    p.setProperty("system.totalordermulticast.sync_log", "false");
    p.setProperty("system.totalordermulticast.checkpoint_to_disk", "false");
    p.setProperty("system.totalordermulticast.sync_ckp", "false");
    p.setProperty("system.communication.useSenderThread", "true");
    p.setProperty("system.communication.numNIOThreads", "2");
    p.setProperty("system.communication.useMACs", "1");
    p.setProperty("system.communication.useSignatures", "0");
    p.setProperty("system.communication.useControlFlow", "0");
    p.setProperty("system.communication.inQueueSize", Integer.toString(QUEUE_SIZE));
    p.setProperty("system.communication.outQueueSize", Integer.toString(QUEUE_SIZE));
    p.setProperty("system.communication.defaultkeys", "false");
    p.setProperty("system.numrepliers", "0");
    p.setProperty("system.numnettyworkers", Integer.toString(NETTY_WORKERS));
    p.setProperty("system.autoconnect", "-1");
    p.setProperty("system.channels.blocking", "false");
    p.setProperty("system.diffie-hellman.p", MODP_2048_PRIME);
    p.setProperty("system.diffie-hellman.g", DH_G.toString());
    return p;
  }

  private static HostsConfig hosts(OrderingConfig config) {
    HostsConfig hosts = new HostsConfig();
    for (ReplicaAddress r : config.replicas()) {
      hosts.add(r.id(), r.host(), r.port());
    }
    return hosts;
  }
}
