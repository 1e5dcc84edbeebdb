package org.bftnfs.bench.targets;

import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The maximum heap ({@code -Xmx}) of every JVM the project starts, per {@code bftnfs} subcommand.
 * The same table is in {@code bin/bftnfs} (which sizes the JVM it starts); this class sizes the
 * JVMs started from Java: the replica processes of {@code local-cluster} and the benchmark's
 * targets. The defaults let four replicas and a relay share a small host (4 x 512 MiB + 256 MiB):
 *
 * <table>
 *   <caption>default maximum heap</caption>
 *   <tr><th>subcommand</th><th>default</th><th>overridden by</th></tr>
 *   <tr><td>replica</td><td>512m</td><td>{@value #REPLICA_VARIABLE}</td></tr>
 *   <tr><td>relay, local-cluster (the relay runs in it)</td><td>256m</td>
 *       <td>{@value #RELAY_VARIABLE}</td></tr>
 *   <tr><td>serve</td><td>512m</td><td>{@value #SERVE_VARIABLE}</td></tr>
 *   <tr><td>bench (the client and the reports)</td><td>1g</td><td>-</td></tr>
 *   <tr><td>anything else (status, keygen, help)</td><td>128m</td><td>-</td></tr>
 * </table>
 *
 * <p>A size is what {@code -Xmx} takes: digits with an optional unit k, m or g. Instances are
 * immutable.
 */
public final class JvmHeap {

  /** Overrides the heap of {@code replica} processes (also those {@code local-cluster} starts). */
  public static final String REPLICA_VARIABLE = "BFTNFS_REPLICA_HEAP";

  /** Overrides the heap of {@code relay} and {@code local-cluster} (whose JVM is the relay). */
  public static final String RELAY_VARIABLE = "BFTNFS_RELAY_HEAP";

  /** Overrides the heap of {@code serve}. */
  public static final String SERVE_VARIABLE = "BFTNFS_SERVE_HEAP";

  static final String REPLICA_DEFAULT = "512m";
  static final String RELAY_DEFAULT = "256m";
  static final String SERVE_DEFAULT = "512m";
  static final String BENCH_DEFAULT = "1g";
  static final String OTHER_DEFAULT = "128m";

  private static final Pattern SIZE = Pattern.compile("[1-9][0-9]*[kKmMgG]?");

  private final String replica;
  private final String relay;
  private final String serve;

  private JvmHeap(String replica, String relay, String serve) {
    this.replica = replica;
    this.relay = relay;
    this.serve = serve;
  }

  /**
   * The table with the overrides found in {@code environment}.
   *
   * @param environment maps a variable name to its value, or null when unset
   * @throws IllegalArgumentException naming the variable, when an override is not a valid size
   */
  public static JvmHeap from(Function<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    return new JvmHeap(
        size(environment, REPLICA_VARIABLE, REPLICA_DEFAULT),
        size(environment, RELAY_VARIABLE, RELAY_DEFAULT),
        size(environment, SERVE_VARIABLE, SERVE_DEFAULT));
  }

  /** The table with this process's environment's overrides. */
  public static JvmHeap fromEnvironment() {
    return from(System::getenv);
  }

  /** True when {@code size} is something {@code -Xmx} takes (digits, optional k/m/g). */
  public static boolean valid(String size) {
    return size != null && SIZE.matcher(size).matches();
  }

  /** The maximum heap of a JVM running {@code bftnfs subcommand}, e.g. {@code "512m"}. */
  public String forSubcommand(String subcommand) {
    return switch (subcommand) {
      case "replica" -> replica;
      case "relay", "local-cluster" -> relay;
      case "serve" -> serve;
      case "bench" -> BENCH_DEFAULT;
      default -> OTHER_DEFAULT;
    };
  }

  /** The JVM option setting {@link #forSubcommand}: {@code -Xmx<size>}. */
  public String option(String subcommand) {
    return "-Xmx" + forSubcommand(subcommand);
  }

  private static String size(Function<String, String> environment, String name, String fallback) {
    String value = environment.apply(name);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    if (!valid(value)) {
      throw new IllegalArgumentException(
          name + "=" + value + " is not a heap size (digits with an optional k, m or g: 512m)");
    }
    return value;
  }
}
