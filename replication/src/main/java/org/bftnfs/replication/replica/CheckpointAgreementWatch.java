package org.bftnfs.replication.replica;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.bftnfs.statetransfer.CheckpointCertificate;
import org.bftnfs.statetransfer.CheckpointStatement;
import org.bftnfs.statetransfer.SignatureVerifier;
import org.bftnfs.statetransfer.SignedStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoint certificates built from the peers' signed statements (paper §2.2): every round ({@link
 * #check()}, driven every few seconds by whoever composes the replica), this replica asks each peer
 * for its signed ⟨seq, root⟩ of this replica's latest checkpoints not yet known stable, and checks
 * every signature with the signer's public key; a statement whose signature does not verify, or of
 * another number, is ignored (logged once per peer).
 *
 * <ul>
 *   <li><b>Stable</b>: when 2f + 1 replicas (this one included) validly signed this replica's own
 *       root for a checkpoint, the certificate is handed to {@code stable} (which records it);
 *       later rounds ask only for newer checkpoints.
 *   <li><b>Diverged</b>: when f + 1 peers validly signed the <i>same</i> root for a checkpoint and
 *       it is not this replica's root, at least one correct replica computed that root, and correct
 *       replicas compute the same root at the same point: this replica's state is wrong. It logs an
 *       ERROR naming the checkpoint and both roots and completes {@link #diverged()} with that
 *       message, so that its owner repairs it (from the state the others vouch for); it then stops
 *       checking until {@link #resume()}.
 * </ul>
 *
 * <p>Nothing here reaches execution or the agreed state: the rounds are scheduled by the local
 * clock, and what they find only decides which checkpoints are kept and whether the replica is
 * recovered.
 *
 * <p>Thread-safety: {@link #check()} must not run concurrently with itself (one scheduling thread);
 * {@link #diverged()} may be read from any thread.
 */
public final class CheckpointAgreementWatch {

  private static final Logger LOG = LoggerFactory.getLogger(CheckpointAgreementWatch.class);

  /** How many of this replica's latest checkpoints a round asks about at most. */
  static final int ASKED = 4;

  /** The peers' signed statements. */
  @FunctionalInterface
  public interface Peers {
    /**
     * Peer {@code peer}'s signed statement of its checkpoint {@code seq}, unverified, or null when
     * it sent none (down, slow, not holding it). Bounded in time; never throws.
     */
    SignedStatement statement(int peer, long seq);
  }

  /**
   * What one round found.
   *
   * @param asked the checkpoint numbers asked about, newest first
   * @param stable the certificate of the newest checkpoint found stable in this round, if any
   * @param divergence the ERROR's message, when this replica's root differs from one f + 1 peers
   *     signed
   */
  public record Round(
      List<Long> asked, Optional<CheckpointCertificate> stable, Optional<String> divergence) {}

  private final int replica;
  private final int f;
  private final SortedSet<Integer> peerIds;
  private final Peers peers;
  private final SignatureVerifier verifier;
  private final Supplier<List<SignedStatement>> own;
  private final Predicate<CheckpointCertificate> stable;
  private volatile CompletableFuture<String> diverged = new CompletableFuture<>();
  private final TreeSet<Integer> warned = new TreeSet<>();
  private long latestStable = -1;

  /**
   * @param replica this replica's id
   * @param f the number of faulty replicas tolerated
   * @param peerIds the other replicas' ids
   * @param peers where their signed statements are asked for
   * @param verifier checks a replica's signature (every replica's public key, this one's included)
   * @param own this replica's signed statements of the checkpoints it keeps, oldest first
   * @param stable records a certificate of one of this replica's checkpoints signed by 2f + 1
   *     replicas; returns whether it was recorded
   */
  public CheckpointAgreementWatch(
      int replica,
      int f,
      SortedSet<Integer> peerIds,
      Peers peers,
      SignatureVerifier verifier,
      Supplier<List<SignedStatement>> own,
      Predicate<CheckpointCertificate> stable) {
    if (f < 0) {
      throw new IllegalArgumentException("f = " + f);
    }
    this.replica = replica;
    this.f = f;
    this.peerIds = new TreeSet<>(peerIds);
    this.peerIds.remove(replica);
    this.peers = Objects.requireNonNull(peers, "peers");
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.own = Objects.requireNonNull(own, "own");
    this.stable = Objects.requireNonNull(stable, "stable");
  }

  /**
   * Completes, with the ERROR's message, when this replica's root for a checkpoint differs from the
   * root f + 1 peers signed for it: its state is wrong and must be repaired.
   */
  public CompletionStage<String> diverged() {
    return diverged;
  }

  /**
   * Checks again after a divergence was found and the replica's state repaired: {@link #diverged()}
   * is a new, pending stage, and the next round asks about the replica's checkpoints as they are
   * now (a repair replaces them). Same thread as {@link #check()}.
   */
  public void resume() {
    if (diverged.isDone()) {
      diverged = new CompletableFuture<>();
    }
  }

  /** One round: asks, builds the certificates, records stability, reports divergence. */
  public Round check() {
    if (diverged.isDone()) {
      return new Round(List.of(), Optional.empty(), Optional.empty());
    }
    List<SignedStatement> mine = new ArrayList<>(own.get());
    List<Long> asked = new ArrayList<>();
    CheckpointCertificate newestStable = null;
    for (int k = mine.size() - 1; k >= 0 && asked.size() < ASKED; k--) {
      SignedStatement s = mine.get(k);
      if (s.seq() <= latestStable) {
        break;
      }
      asked.add(s.seq());
      Map<String, CheckpointCertificate> byRoot = certificates(s);
      CheckpointCertificate mineCert = byRoot.remove(s.root().hex());
      for (CheckpointCertificate other : byRoot.values()) {
        if (other.vouched(f, verifier)) {
          String why = divergence(s, other);
          LOG.error("replica {}: {}", replica, why);
          diverged.complete(why);
          return new Round(asked, Optional.ofNullable(newestStable), Optional.of(why));
        }
      }
      if (newestStable == null && mineCert.stable(f, verifier) && stable.test(mineCert)) {
        newestStable = mineCert;
      }
    }
    if (newestStable != null) {
      latestStable = newestStable.statement().seq();
      LOG.debug(
          "replica {}: checkpoint {} is stable (signed by {})",
          replica,
          latestStable,
          newestStable.signatures().keySet());
    }
    return new Round(asked, Optional.ofNullable(newestStable), Optional.empty());
  }

  /**
   * The certificates of checkpoint {@code mine.seq()} by root (hex), from this replica's statement
   * and each peer's whose signature verifies.
   */
  private Map<String, CheckpointCertificate> certificates(SignedStatement mine) {
    Map<String, CheckpointCertificate> byRoot = new TreeMap<>();
    byRoot.put(
        mine.root().hex(),
        CheckpointCertificate.of(mine.statement()).with(replica, mine.signature()));
    for (int peer : peerIds) {
      SignedStatement theirs = peers.statement(peer, mine.seq());
      if (theirs == null) {
        continue;
      }
      CheckpointStatement st = theirs.statement();
      if (st.seq() != mine.seq() || !verifier.verify(peer, st.encode(), theirs.signature())) {
        if (warned.add(peer)) {
          LOG.warn(
              "replica {}: peer {} sent a statement of checkpoint {} that is not its valid"
                  + " signature: ignored (it may be faulty)",
              replica,
              peer,
              mine.seq());
        }
        continue;
      }
      byRoot.merge(
          st.root().hex(),
          CheckpointCertificate.of(st).with(peer, theirs.signature()),
          (a, b) -> a.with(peer, theirs.signature()));
    }
    return byRoot;
  }

  private String divergence(SignedStatement mine, CheckpointCertificate other) {
    return "its checkpoint "
        + mine.seq()
        + " has root "
        + mine.root().hex()
        + " but replicas "
        + other.signatures().keySet()
        + " signed root "
        + other.statement().root().hex()
        + " for it (f + 1 = "
        + (f + 1)
        + " valid signatures): its state is wrong and must be repaired";
  }
}
