package org.bftnfs.replication.ordering.smart;

import bftsmart.consensus.messages.ConsensusMessage;
import bftsmart.tom.leaderchange.CertifiedDecision;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * Checks the proof that comes with a state a peer sends: the 2f+1 ACCEPTs of the last decision it
 * holds, each authenticated by a vector of MACs (one per replica) under the link keys.
 *
 * <p>Why not the library's {@code LCManager.hasValidProof}: it initialises one shared {@link Mac}
 * with the key of each sender's connection, and a connection without a key yet (a replica that just
 * restarted, before every peer connected) makes {@code Mac.init(null)} fail — after which that
 * {@code Mac} object refuses every key for the life of the replica (the JDK's delayed provider
 * selection is left broken). Every later proof then looked forged, a recovered replica installed
 * states without the decision of their last instance, and when it later had to lead a regency
 * change the library's synchroniser dereferenced that missing decision and its message thread died
 * (seen in {@code ProactiveRecoveryIT}). Here the keys are the link keys computed at start ({@link
 * LinkKeys}, never missing for a configured peer), and each check uses a fresh {@code Mac}.
 *
 * <p>What is checked is what the library checks: each message is for the proof's instance, carries
 * the hash of the decided value and a MAC for this replica that verifies under the sender's key;
 * 2f+1 distinct senders make a proof.
 */
final class DecisionProofs {

  /** The library's MAC algorithm for consensus proofs (ServerConnection.MAC_ALGORITHM). */
  private static final String MAC_ALGORITHM = "HmacMD5";

  private final int self;
  private final IntFunction<SecretKey> keys;

  /**
   * @param self this replica's id (its entry of each MAC vector is checked)
   * @param keys the link key with each peer (null for an unknown one)
   */
  DecisionProofs(int self, IntFunction<SecretKey> keys) {
    this.self = self;
    this.keys = keys;
  }

  /**
   * True when {@code proof} holds 2f+1 authenticated ACCEPTs of its decision.
   *
   * @param hash the engine's hash of a proposed value (what an ACCEPT carries)
   */
  boolean valid(CertifiedDecision proof, int f, UnaryOperator<byte[]> hash) {
    if (proof.getCID() == -1) {
      return true; // nothing decided yet: nothing to prove
    }
    if (proof.getDecision() == null || proof.getConsMessages() == null) {
      return false;
    }
    byte[] decided = hash.apply(proof.getDecision());
    TreeSet<Integer> senders = new TreeSet<>();
    for (ConsensusMessage m : proof.getConsMessages()) {
      if (m.getNumber() == proof.getCID()
          && Arrays.equals(m.getValue(), decided)
          && !senders.contains(m.getSender())
          && macVerifies(m)) {
        senders.add(m.getSender());
      }
    }
    return senders.size() >= 2 * f + 1;
  }

  private boolean macVerifies(ConsensusMessage m) {
    if (!(m.getProof() instanceof Map<?, ?> vector)
        || !(vector.get(self) instanceof byte[] received)) {
      return false;
    }
    SecretKey key = keys.apply(m.getSender());
    if (key == null) {
      return false;
    }
    byte[] data =
        serialized(
            new ConsensusMessage(
                m.getType(), m.getNumber(), m.getEpoch(), m.getSender(), m.getValue()));
    try {
      Mac mac = Mac.getInstance(MAC_ALGORITHM);
      mac.init(key);
      return MessageDigest.isEqual(received, mac.doFinal(data));
    } catch (GeneralSecurityException e) {
      return false; // a key this JVM cannot use proves nothing
    }
  }

  /**
   * The bytes the library MACs: the message without its proof, Java-serialised exactly as its
   * acceptor does it — into a fresh stream that is neither flushed nor closed before the bytes are
   * taken (a flush would add the buffered tail and change the MAC).
   */
  private static byte[] serialized(ConsensusMessage m) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(248);
    try {
      @SuppressWarnings("resource") // as the library: closing would flush
      ObjectOutputStream out = new ObjectOutputStream(bytes);
      out.writeObject(m);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
