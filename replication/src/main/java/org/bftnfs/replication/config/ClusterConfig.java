package org.bftnfs.replication.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.bftnfs.replication.ordering.OrderingConfig;
import org.bftnfs.replication.ordering.ReplicaAddress;
import org.bftnfs.spec.SpecConfig;

/**
 * One cluster's configuration, from a properties file users read and write:
 *
 * <pre>
 * f = 1                                   # faults tolerated; 3f+1 replicas below
 * keys = keys                             # key directory (bftnfs keygen), relative to this file;
 *                                         # the ordering engine's keys are in its engine/
 * replica.0.address = 127.0.0.1:11000     # clients use the port, replicas port+1, state
 *                                         # transfer port+2
 * replica.0.backend = local               # spec | local | ganesha
 * replica.0.data = data/replica-0         # the replica's directory, relative to this file
 * replica.0.metricsPort = 11003           # its metrics (Prometheus text format, GET /metrics)
 *                                         # on the address's host; default port+3
 * ...
 * relays = 1                              # relays 0..relays-1 may send requests
 * spec.capacity = 16777216                # abstract specification limits (all replicas equal);
 *                                         # unused entries cost nothing
 * spec.maxBytes = 1125899906842624       # 1 PiB: the backends bound it (NOSPC before a backend
 *                                         # fills: set it below the smallest export)
 * spec.maxFileSize = 1099511627776        # 1 TiB; a replica whose backend holds less refuses to
 *                                         # start
 * ordering.leaderTimeout = 2000           # milliseconds
 * ordering.checkpointPeriod = 128         # ordered requests between checkpoints
 * recovery.scrubPerSecond = 16            # objects each replica re-reads from its backend per
 *                                         # second and checks against its checkpoint (0: off)
 * recovery.period = 240                   # seconds: each replica restarts from a clean state and
 *                                         # checks every object once per period (0: off)
 * recovery.stagger = 48                   # seconds between replicas' recoveries (default: the
 *                                         # period divided by n + 1); n × stagger must fit in it
 * recovery.emptyExport = false            # true: a recovery wipes the export and fetches all
 * </pre>
 *
 * Every key is required except the {@code spec.*}, {@code ordering.*} and {@code recovery.*} ones
 * and {@code replica.I.metricsPort} (defaults above). A replica thus uses four ports: its port,
 * port + 1, port + 2 and its metrics port. The metrics port is bound on the replica's host only;
 * its numbers are what {@code bftnfs status} prints.
 */
public record ClusterConfig(
    int f,
    Path keys,
    List<Replica> replicas,
    int relays,
    SpecConfig spec,
    Duration leaderTimeout,
    int checkpointPeriod,
    RecoveryConfig recovery) {

  /** A configuration with the default scrubbing and proactive recovery. */
  public ClusterConfig(
      int f,
      Path keys,
      List<Replica> replicas,
      int relays,
      SpecConfig spec,
      Duration leaderTimeout,
      int checkpointPeriod) {
    this(
        f,
        keys,
        replicas,
        relays,
        spec,
        leaderTimeout,
        checkpointPeriod,
        RecoveryConfig.defaults(replicas.size()));
  }

  /** This configuration with another scrub rate (0: no scrubbing). */
  public ClusterConfig withScrubPerSecond(int perSecond) {
    return withRecovery(recovery.withScrubPerSecond(perSecond));
  }

  /** This configuration with other scrubbing and recovery settings. */
  public ClusterConfig withRecovery(RecoveryConfig other) {
    return new ClusterConfig(
        f, keys, replicas, relays, spec, leaderTimeout, checkpointPeriod, other);
  }

  /** Objects each replica scrubs per second (0: none). */
  public int scrubPerSecond() {
    return recovery.scrubPerSecond();
  }

  /** Which implementation a replica wraps. */
  /** What implementation of the specification a process runs (the one list of kinds). */
  public enum Backend {
    /** The reference implementation, its state in memory. */
    SPEC(false),
    /** A conformance wrapper over a local directory (java.nio). */
    LOCAL(true),
    /** A conformance wrapper over an nfs-ganesha (FSAL_VFS) started for the purpose. */
    GANESHA(true);

    private final boolean persistent;

    Backend(boolean persistent) {
      this.persistent = persistent;
    }

    /** True when the files live in a data directory and survive a restart. */
    public boolean persistent() {
      return persistent;
    }

    /** The name in cluster files and on the command line. */
    public String optionValue() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Ordered requests between checkpoints unless the cluster file says otherwise. Checkpoints are
   * incremental (their cost follows what changed), so they can be frequent; the engine keeps the
   * requests since the last one in memory (large WRITEs included), which a long period makes large:
   * 1,000 large WRITEs exhausted a 3 GiB heap.
   */
  public static final int DEFAULT_CHECKPOINT_PERIOD = 128;

  /** What a replica's metrics port is unless the cluster file says otherwise: its port + this. */
  public static final int METRICS_PORT_OFFSET = 3;

  /**
   * One replica's entry.
   *
   * @param port its client port (the ordering engine's; the engine also uses port + 1, state
   *     transfer port + 2)
   * @param metricsPort where it serves its metrics ({@code GET /metrics}), on {@code host}
   */
  public record Replica(
      int id, String host, int port, Backend backend, Path data, int metricsPort) {

    /**
     * A replica whose metrics port is the default, {@code port + }{@value
     * ClusterConfig#METRICS_PORT_OFFSET}.
     */
    public Replica(int id, String host, int port, Backend backend, Path data) {
      this(id, host, port, backend, data, port + METRICS_PORT_OFFSET);
    }

    public Replica {
      if (metricsPort <= 0 || metricsPort > 65535) {
        throw new IllegalArgumentException(
            "replica " + id + "'s metrics port " + metricsPort + " is not in 1..65535");
      }
    }
  }

  /** The configuration is unusable; the message says which key and why. */
  public static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    public Invalid(String message) {
      super(message);
    }
  }

  public ClusterConfig {
    replicas = List.copyOf(replicas);
    recovery.checkFor(replicas.size());
  }

  public int n() {
    return replicas.size();
  }

  /** What the ordering engine needs. */
  public OrderingConfig ordering() {
    List<ReplicaAddress> addresses = new ArrayList<>();
    for (Replica r : replicas) {
      addresses.add(new ReplicaAddress(r.id(), r.host(), r.port()));
    }
    return new OrderingConfig(
        addresses, f, keys.resolve("engine"), leaderTimeout, checkpointPeriod);
  }

  public static ClusterConfig load(Path file) throws Invalid {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (IOException e) {
      throw new Invalid("cannot read " + file + ": " + e.getMessage());
    }
    Path base = file.toAbsolutePath().getParent();
    Parser in = new Parser(file, p);
    int f = in.integer("f", null);
    int n = 3 * f + 1;
    List<Replica> replicas = new ArrayList<>();
    for (int i = 0; p.containsKey("replica." + i + ".address"); i++) {
      String address = in.string("replica." + i + ".address");
      int colon = address.lastIndexOf(':');
      if (colon <= 0) {
        throw new Invalid(file + ": replica." + i + ".address must be host:port, not " + address);
      }
      int port = in.parsePort("replica." + i + ".address", address.substring(colon + 1));
      Backend backend = in.backend("replica." + i + ".backend");
      String metricsKey = "replica." + i + ".metricsPort";
      int metricsPort;
      if (p.containsKey(metricsKey)) {
        metricsPort = in.parsePort(metricsKey, in.string(metricsKey));
      } else if (port + METRICS_PORT_OFFSET <= 65535) {
        metricsPort = port + METRICS_PORT_OFFSET;
      } else {
        throw new Invalid(
            file + ": " + metricsKey + " is needed: the default port+3 is above 65535");
      }
      if (metricsPort >= port && metricsPort <= port + 2) {
        throw new Invalid(
            file
                + ": "
                + metricsKey
                + " = "
                + metricsPort
                + " is one of the replica's own ports ("
                + port
                + ".."
                + (port + 2)
                + ")");
      }
      replicas.add(
          new Replica(
              i,
              address.substring(0, colon),
              port,
              backend,
              in.path(base, "replica." + i + ".data"),
              metricsPort));
    }
    if (replicas.size() < n) {
      throw new Invalid(
          file
              + ": f = "
              + f
              + " needs "
              + n
              + " replicas (replica.0 .. replica."
              + (n - 1)
              + "), found "
              + replicas.size());
    }
    checkMetricsPorts(file, replicas);
    SpecConfig.Builder spec = SpecConfig.defaults().toBuilder();
    spec.capacity = in.integer("spec.capacity", spec.capacity);
    spec.maxBytes = in.longValue("spec.maxBytes", spec.maxBytes);
    spec.maxFileSize = in.longValue("spec.maxFileSize", spec.maxFileSize);
    SpecConfig specConfig;
    try {
      specConfig = spec.build();
    } catch (IllegalArgumentException e) {
      throw new Invalid(file + ": " + e.getMessage());
    }
    RecoveryConfig recovery = recovery(in, replicas.size());
    return new ClusterConfig(
        f,
        in.path(base, "keys"),
        replicas,
        in.integer("relays", 1),
        specConfig,
        Duration.ofMillis(in.integer("ordering.leaderTimeout", 2000)),
        in.integer("ordering.checkpointPeriod", DEFAULT_CHECKPOINT_PERIOD),
        recovery);
  }

  private static RecoveryConfig recovery(Parser in, int n) throws Invalid {
    int scrubPerSecond =
        in.integer("recovery.scrubPerSecond", RecoveryConfig.DEFAULT_SCRUB_PER_SECOND);
    if (scrubPerSecond < 0) {
      throw new Invalid(in.file() + ": recovery.scrubPerSecond must be 0 (off) or more");
    }
    long period = in.integer("recovery.period", (int) RecoveryConfig.DEFAULT_PERIOD.toSeconds());
    if (period < 0) {
      throw new Invalid(in.file() + ": recovery.period must be 0 (off) or a number of seconds");
    }
    Duration periodTime = Duration.ofSeconds(period);
    long stagger =
        in.integer(
            "recovery.stagger", (int) RecoveryConfig.defaultStagger(periodTime, n).toSeconds());
    if (period > 0 && stagger <= 0) {
      throw new Invalid(in.file() + ": recovery.stagger must be a positive number of seconds");
    }
    try {
      return new RecoveryConfig(
              scrubPerSecond,
              periodTime,
              period == 0 ? Duration.ZERO : Duration.ofSeconds(stagger),
              in.bool("recovery.emptyExport", false))
          .checkFor(n);
    } catch (IllegalArgumentException e) {
      throw new Invalid(in.file() + ": " + e.getMessage());
    }
  }

  /**
   * Refuses a metrics port that another replica on the same host uses (its port, port + 1, port + 2
   * or metrics port): that replica or this one could not start.
   */
  private static void checkMetricsPorts(Path file, List<Replica> replicas) throws Invalid {
    for (Replica r : replicas) {
      for (Replica other : replicas) {
        if (other.id() == r.id() || !other.host().equals(r.host())) {
          continue;
        }
        int m = r.metricsPort();
        boolean clash =
            (m >= other.port() && m <= other.port() + 2)
                || (other.id() < r.id() && m == other.metricsPort());
        if (clash) {
          throw new Invalid(
              file
                  + ": replica "
                  + r.id()
                  + "'s metrics port "
                  + m
                  + " is also used by replica "
                  + other.id()
                  + " on "
                  + r.host()
                  + " (set replica."
                  + r.id()
                  + ".metricsPort)");
        }
      }
    }
  }

  /** Writes this configuration (paths relative to the file's directory where possible). */
  public void write(Path file) throws IOException {
    Path base = file.toAbsolutePath().getParent();
    StringBuilder s = new StringBuilder("# bftnfs cluster configuration\n");
    s.append("f = ").append(f).append('\n');
    s.append("keys = ").append(relative(base, keys)).append('\n');
    s.append("relays = ").append(relays).append('\n');
    for (Replica r : replicas) {
      String k = "replica." + r.id();
      s.append(k).append(".address = ").append(r.host()).append(':').append(r.port()).append('\n');
      s.append(k).append(".backend = ").append(r.backend().name().toLowerCase()).append('\n');
      s.append(k).append(".data = ").append(relative(base, r.data())).append('\n');
      s.append(k).append(".metricsPort = ").append(r.metricsPort()).append('\n');
    }
    s.append("spec.capacity = ").append(spec.capacity()).append('\n');
    s.append("spec.maxBytes = ").append(spec.maxBytes()).append('\n');
    s.append("spec.maxFileSize = ").append(spec.maxFileSize()).append('\n');
    s.append("ordering.leaderTimeout = ").append(leaderTimeout.toMillis()).append('\n');
    s.append("ordering.checkpointPeriod = ").append(checkpointPeriod).append('\n');
    s.append("recovery.scrubPerSecond = ").append(recovery.scrubPerSecond()).append('\n');
    s.append("recovery.period = ").append(recovery.period().toSeconds()).append('\n');
    s.append("recovery.stagger = ").append(recovery.stagger().toSeconds()).append('\n');
    s.append("recovery.emptyExport = ").append(recovery.emptyExport()).append('\n');
    try (Writer w = Files.newBufferedWriter(file)) {
      w.write(s.toString());
    }
  }

  private static String relative(Path base, Path p) {
    Path abs = p.toAbsolutePath();
    return abs.startsWith(base) ? base.relativize(abs).toString() : abs.toString();
  }

  /** Reads typed values with messages that name the file and the key. */
  private record Parser(Path file, Properties p) {
    String string(String key) throws Invalid {
      String v = p.getProperty(key);
      if (v == null || v.isBlank()) {
        throw new Invalid(file + ": " + key + " is missing");
      }
      return v.strip();
    }

    /** The path {@code key} names, relative to {@code base} unless absolute. */
    Path path(Path base, String key) throws Invalid {
      String v = string(key);
      try {
        return base.resolve(v);
      } catch (java.nio.file.InvalidPathException e) {
        throw new Invalid(file + ": " + key + " is not a usable path (" + e.getReason() + ")");
      }
    }

    int integer(String key, Integer dflt) throws Invalid {
      if (dflt != null && !p.containsKey(key)) {
        return dflt;
      }
      try {
        return Integer.parseInt(string(key));
      } catch (NumberFormatException e) {
        throw new Invalid(file + ": " + key + " must be a whole number");
      }
    }

    long longValue(String key, long dflt) throws Invalid {
      if (!p.containsKey(key)) {
        return dflt;
      }
      try {
        return Long.parseLong(string(key));
      } catch (NumberFormatException e) {
        throw new Invalid(file + ": " + key + " must be a whole number");
      }
    }

    boolean bool(String key, boolean dflt) throws Invalid {
      if (!p.containsKey(key)) {
        return dflt;
      }
      String v = string(key);
      if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
        return Boolean.parseBoolean(v);
      }
      throw new Invalid(file + ": " + key + " must be true or false, not " + v);
    }

    int parsePort(String key, String v) throws Invalid {
      int port;
      try {
        port = Integer.parseInt(v);
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port <= 0 || port >= 65535) {
        throw new Invalid(file + ": " + key + " has no valid port (1..65534)");
      }
      return port;
    }

    Backend backend(String key) throws Invalid {
      String v = string(key);
      try {
        return Backend.valueOf(v.toUpperCase());
      } catch (IllegalArgumentException e) {
        throw new Invalid(file + ": " + key + " must be spec, local or ganesha, not " + v);
      }
    }
  }
}
