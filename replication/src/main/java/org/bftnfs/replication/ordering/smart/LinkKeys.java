package org.bftnfs.replication.ordering.smart;

import bftsmart.communication.server.ServerConnection;
import bftsmart.communication.server.ServersCommunicationLayer;
import bftsmart.tom.core.TOMLayer;
import java.io.IOException;
import java.lang.reflect.Field;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.Lock;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of a replica's links to its peers, computed before the peers are up, so that a group
 * started with up to f replicas missing orders requests from the start.
 *
 * <p>Why: the library authenticates its consensus proofs with a vector of MACs, one per replica,
 * keyed by the secret of the signed Diffie-Hellman exchange that runs when two replicas connect. A
 * replica that has never been up has no such secret yet, and the library's acceptor then waits
 * (polling once a second, for ever) before sending its ACCEPT: with one replica missing since start
 * no request is ever ordered, and requests the relay gave up on are executed minutes later when the
 * missing replica finally starts.
 *
 * <p>How: the library derives a replica's Diffie-Hellman exponent from its RSA private key, so the
 * secret of a pair is the same on every connection and can be computed from this replica's private
 * key and the peer's public value ({@code replica-<id>.dh}, written by {@link EngineKeys}). {@link
 * #install} puts it, exactly as the library would derive it, into the library's connection to every
 * peer that has no key yet. When the peer connects, the library's own exchange recomputes the same
 * key, so proofs made before and after agree; nothing else about the connection changes.
 *
 * <p>The library keeps connections and their keys in private fields (com.jd.blockchain:bft-smart
 * 0.0.8.RELEASE: {@code ServersCommunicationLayer.connections}, {@code ServerConnection.authKey},
 * {@code connectLock}, {@code socket}); this class reaches them by reflection and fails loudly if
 * the layout differs, so an upgraded library is noticed by the tests, not in production.
 */
final class LinkKeys {

  private static final Logger LOG = LoggerFactory.getLogger(LinkKeys.class);

  /** How the library turns a Diffie-Hellman secret into a key (ServerConnection). */
  private static final String KEY_FACTORY = "PBEWithMD5AndDES";

  private final int self;
  private final Map<Integer, SecretKey> keys;

  private LinkKeys(int self, Map<Integer, SecretKey> keys) {
    this.self = self;
    this.keys = keys;
  }

  /**
   * The link keys of replica {@code self} with each peer of {@code 0..n-1} whose Diffie-Hellman
   * public value is in {@code dir}; peers without one are logged and left to the library's own
   * exchange.
   */
  static LinkKeys compute(Path dir, int n, int self, PrivateKey own) throws IOException {
    BigInteger exponent = EngineKeys.diffieHellmanExponent(own);
    Map<Integer, SecretKey> keys = new TreeMap<>();
    for (int peer = 0; peer < n; peer++) {
      if (peer == self) {
        continue;
      }
      BigInteger value = EngineKeys.readDiffieHellmanPublic(dir, peer);
      if (value == null) {
        LOG.warn(
            "replica {}: no {}: ordering waits until replica {} has been up once",
            self,
            EngineKeys.diffieHellmanFile(dir, peer),
            peer);
        continue;
      }
      keys.put(peer, secretKey(value.modPow(exponent, EngineConfiguration.DH_P)));
    }
    return new LinkKeys(self, keys);
  }

  /** The library's key for a Diffie-Hellman secret. */
  static SecretKey secretKey(BigInteger secret) {
    try {
      return SecretKeyFactory.getInstance(KEY_FACTORY)
          .generateSecret(new PBEKeySpec(secret.toString().toCharArray()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM lacks " + KEY_FACTORY, e);
    }
  }

  /** The computed key with {@code peer}, or null when its public value was missing. */
  SecretKey of(int peer) {
    return keys.get(peer);
  }

  /**
   * Gives every connection of {@code layer} to a peer that has not completed an exchange yet the
   * computed key. A connection that is being (re)established holds its lock for the whole exchange,
   * so a key is never installed half-way through one (the library would then skip its exchange).
   *
   * @return the peers whose connection got a key now
   * @throws IllegalStateException if the library's fields are not where this build has them
   */
  int[] install(TOMLayer layer) {
    ServersCommunicationLayer servers = layer.getCommunication().getServersConn();
    try {
      Map<?, ?> connections = (Map<?, ?>) field(servers, "connections");
      java.util.List<Integer> installed = new java.util.ArrayList<>();
      for (Map.Entry<Integer, SecretKey> e : keys.entrySet()) {
        Object connection = connections.get(e.getKey());
        if (connection instanceof ServerConnection c && installInto(c, e.getValue())) {
          installed.add(e.getKey());
        }
      }
      if (!installed.isEmpty()) {
        LOG.info(
            "replica {}: link keys installed for peers not yet connected: {}", self, installed);
      }
      return installed.stream().mapToInt(Integer::intValue).toArray();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException(
          "BFT-SMaRt's connection fields are not laid out as in 0.0.8.RELEASE", e);
    }
  }

  private static boolean installInto(ServerConnection c, SecretKey key)
      throws ReflectiveOperationException {
    Lock lock = (Lock) field(c, "connectLock");
    if (!lock.tryLock()) {
      return false; // an exchange runs now: it sets the key itself
    }
    try {
      Socket socket = (Socket) field(c, "socket");
      if (c.getSecretKey() != null || (socket != null && socket.isConnected())) {
        return false;
      }
      set(c, "authKey", key);
      return true;
    } finally {
      lock.unlock();
    }
  }

  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    Field f = owner.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(owner);
  }

  private static void set(Object owner, String name, Object value)
      throws ReflectiveOperationException {
    Field f = owner.getClass().getDeclaredField(name);
    f.setAccessible(true);
    f.set(owner, value);
  }
}
