package org.bftnfs.replication.ordering.smart;

import java.io.ObjectInputFilter;
import java.util.Set;

/**
 * The process-wide JEP 290 deserialization filter for BFT-SMaRt's traffic. The library reads Java
 * serialization from the network: every replica-to-replica message (consensus, leader change, state
 * transfer, forwarded requests), the signed leader-change proofs inside them, and on the client
 * side every reply (it checks whether a reply is a new view). This filter lets through exactly the
 * classes those messages contain and rejects every other class, so a peer cannot make this process
 * instantiate arbitrary serializable classes ("gadgets").
 *
 * <p>The list was taken from the classes actually read while four replicas ordered requests,
 * changed leader and transferred state (see {@code DeserializationFilterTest} and {@code
 * SmartClusterIT}). A rejected message surfaces in the library as an I/O error on that
 * replica-to-replica connection, which it closes and re-opens.
 *
 * <p>Being process-wide, the filter also applies to any other Java deserialization in the process
 * that does not set its own filter; this project uses none. {@link #install} is idempotent; it
 * refuses to replace a different process-wide filter (for example one set with {@code
 * -Djdk.serialFilter}), since the JDK allows only one.
 */
public final class DeserializationFilter implements ObjectInputFilter {

  /** Classes BFT-SMaRt's messages contain (arrays of them are allowed too). */
  static final Set<String> ALLOWED =
      Set.of(
          // messages between replicas
          "bftsmart.communication.SystemMessage",
          "bftsmart.consensus.messages.ConsensusMessage",
          "bftsmart.tom.core.messages.ForwardedMessage",
          "bftsmart.tom.leaderchange.LCMessage",
          "bftsmart.statemanagement.SMMessage",
          "bftsmart.statemanagement.strategy.StandardSMMessage",
          // their contents
          "bftsmart.tom.leaderchange.CertifiedDecision",
          "bftsmart.tom.leaderchange.CollectData",
          "bftsmart.consensus.TimestampValuePair",
          "bftsmart.tom.server.defaultservices.DefaultApplicationState",
          "bftsmart.tom.server.defaultservices.CommandsInfo",
          "bftsmart.tom.MessageContext",
          "bftsmart.tom.core.messages.TOMMessage",
          "bftsmart.tom.core.messages.TOMMessageType",
          "bftsmart.reconfiguration.views.View",
          "java.security.SignedObject",
          // JDK types inside them (HashMap checks a Map.Entry[] before it allocates its table)
          "java.lang.Enum",
          "java.lang.Number",
          "java.lang.Integer",
          "java.util.HashMap",
          "java.util.Map$Entry",
          "java.util.HashSet",
          "java.net.SocketAddress",
          "java.net.InetSocketAddress",
          "java.net.InetAddress",
          "java.net.Inet4Address",
          "java.net.Inet6Address");

  /** Deepest object nesting allowed (state transfer and leader change reach 9). */
  static final long MAX_DEPTH = 32;

  /** Largest array: a snapshot travels as one byte array. */
  static final long MAX_ARRAY = 1L << 28;

  /** Most object references in one stream (a state transfer of a long log). */
  static final long MAX_REFERENCES = 10_000_000;

  /** The one filter; it holds no state. */
  static final DeserializationFilter INSTANCE = new DeserializationFilter();

  private DeserializationFilter() {}

  /**
   * Installs the filter as the JVM's process-wide filter, unless it is installed already.
   *
   * @throws IllegalStateException if another process-wide filter is installed
   */
  public static synchronized void install() {
    ObjectInputFilter current = ObjectInputFilter.Config.getSerialFilter();
    if (current == INSTANCE) {
      return;
    }
    if (current != null) {
      throw new IllegalStateException(
          "another process-wide deserialization filter is installed: " + current);
    }
    ObjectInputFilter.Config.setSerialFilter(INSTANCE);
  }

  @Override
  public Status checkInput(FilterInfo info) {
    if (info.depth() > MAX_DEPTH
        || info.references() > MAX_REFERENCES
        || info.arrayLength() > MAX_ARRAY) {
      return Status.REJECTED;
    }
    Class<?> type = info.serialClass();
    if (type == null) {
      return Status.UNDECIDED;
    }
    while (type.isArray()) {
      type = type.getComponentType();
    }
    if (type.isPrimitive() || ALLOWED.contains(type.getName())) {
      return Status.ALLOWED;
    }
    return Status.REJECTED;
  }

  @Override
  public String toString() {
    return "bftnfs BFT-SMaRt allow-list filter";
  }
}
