package org.bftnfs.replication.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.bftnfs.replication.auth.SigningKey;
import org.bftnfs.replication.auth.VerifyingKey;
import org.bftnfs.statetransfer.CheckpointCertificate;
import org.bftnfs.statetransfer.CheckpointStatement;
import org.bftnfs.statetransfer.Digest;
import org.bftnfs.statetransfer.SignatureVerifier;
import org.bftnfs.statetransfer.SignedStatement;
import org.junit.jupiter.api.Test;

/**
 * Checkpoint certificates from the peers' signed statements, f = 1 (4 replicas, this one 0), with
 * real Ed25519 keys: 2f + 1 valid signatures of this replica's root make a checkpoint stable; f + 1
 * valid signatures of another root mean this replica's state is wrong; f such signatures, forged
 * ones and statements of another checkpoint prove nothing.
 */
class CheckpointAgreementWatchTest {

  private static final int F = 1;
  private final List<SigningKey> keys = new ArrayList<>();
  private final SignatureVerifier verifier;

  /** What each peer answers, by peer and checkpoint number (absent: silent). */
  private final Map<Integer, Map<Long, SignedStatement>> answers = new HashMap<>();

  private final List<SignedStatement> own = new ArrayList<>();
  private final List<CheckpointCertificate> recorded = new ArrayList<>();
  private final List<Long> asked = new ArrayList<>();

  CheckpointAgreementWatchTest() {
    for (int r = 0; r < 4; r++) {
      byte[] seed = new byte[32];
      seed[0] = (byte) (r + 1);
      keys.add(SigningKey.fromSeed(seed));
    }
    List<VerifyingKey> pub = keys.stream().map(SigningKey::verifyingKey).toList();
    verifier = (r, st, sig) -> r >= 0 && r < pub.size() && pub.get(r).verifies(st, sig);
  }

  private static Digest root(int b) {
    byte[] d = new byte[Digest.LENGTH];
    d[0] = (byte) b;
    d[31] = (byte) 0x5a;
    return Digest.of(d);
  }

  private SignedStatement signed(int replica, long seq, Digest root) {
    CheckpointStatement st = new CheckpointStatement(seq, root);
    return new SignedStatement(st, keys.get(replica).sign(st.encode()));
  }

  private void answer(int peer, SignedStatement s) {
    answers.computeIfAbsent(peer, p -> new HashMap<>()).put(s.seq(), s);
  }

  private CheckpointAgreementWatch watch() {
    return new CheckpointAgreementWatch(
        0,
        F,
        new TreeSet<>(List.of(1, 2, 3)),
        (peer, seq) -> {
          asked.add(seq);
          return answers.getOrDefault(peer, Map.of()).get(seq);
        },
        verifier,
        () -> List.copyOf(own),
        c -> recorded.add(c));
  }

  @Test
  void fPlusOnePeersSigningTheSameOtherRootReportDivergence() {
    own.add(signed(0, 100, root(1)));
    answer(1, signed(1, 100, root(2)));
    answer(2, signed(2, 100, root(2)));
    answer(3, signed(3, 100, root(1)));
    CheckpointAgreementWatch w = watch();

    CheckpointAgreementWatch.Round round = w.check();

    assertThat(round.divergence()).isPresent();
    String why = round.divergence().get();
    assertThat(why)
        .contains("checkpoint 100")
        .contains(root(1).hex())
        .contains(root(2).hex())
        .contains("[1, 2]");
    assertThat(w.diverged().toCompletableFuture()).isCompletedWithValue(why);
    assertThat(recorded).isEmpty();
    asked.clear();
    assertThat(w.check().asked()).as("no more rounds once diverged").isEmpty();
    assertThat(asked).isEmpty();
  }

  /**
   * Divergence repaired in place (paper §3.4, {@link DivergenceRepair}): the repair starts the
   * engine's in-place fetch, resumes the watch once a state was installed, and escalates what it
   * cannot repair: no install by the deadline, an engine that cannot start, a replica that keeps
   * diverging.
   */
  @Test
  void aDivergenceIsRepairedInPlaceAndTheWatchResumes() {
    own.add(signed(0, 100, root(1)));
    answer(1, signed(1, 100, root(2)));
    answer(2, signed(2, 100, root(2)));
    CheckpointAgreementWatch w = watch();
    long[] now = {0};
    long[] installs = {5};
    List<String> started = new ArrayList<>();
    DivergenceRepair repair =
        new DivergenceRepair(
            0,
            w,
            () -> started.add("repair"),
            () -> installs[0],
            () -> now[0],
            Duration.ofSeconds(90),
            Duration.ofHours(1));

    repair.afterRound(w.check());
    assertThat(started).hasSize(1);
    assertThat(repair.repairing()).isTrue();
    now[0] += Duration.ofSeconds(10).toNanos();
    repair.afterRound(w.check());
    assertThat(repair.repaired()).as("nothing installed yet").isZero();

    // the replica installed its peers' state: its checkpoints are replaced, the watch checks again
    installs[0]++;
    own.clear();
    own.add(signed(0, 200, root(2)));
    answer(1, signed(1, 200, root(2)));
    answer(2, signed(2, 200, root(2)));
    repair.afterRound(w.check());
    assertThat(repair.repaired()).isEqualTo(1);
    assertThat(w.diverged().toCompletableFuture()).isNotDone();
    asked.clear();
    CheckpointAgreementWatch.Round after = w.check();
    repair.afterRound(after);
    assertThat(after.asked()).containsExactly(200L);
    assertThat(after.divergence()).isEmpty();
    assertThat(repair.escalated().toCompletableFuture()).isNotDone();

    // diverged again, and this time nothing is installed within the deadline: escalated
    own.add(signed(0, 300, root(7)));
    answer(1, signed(1, 300, root(8)));
    answer(2, signed(2, 300, root(8)));
    repair.afterRound(w.check());
    assertThat(started).hasSize(2);
    now[0] += Duration.ofSeconds(91).toNanos();
    repair.afterRound(w.check());
    assertThat(repair.escalated().toCompletableFuture().join())
        .contains("installed no state within 90 s")
        .contains("checkpoint 300");
  }

  @Test
  void aDivergenceTheEngineCannotRepairOrThatKeepsComingBackIsEscalated() {
    CheckpointAgreementWatch w = watch();
    DivergenceRepair refused =
        new DivergenceRepair(
            0, w, () -> false, () -> 0, () -> 0, Duration.ofSeconds(90), Duration.ofHours(1));
    refused.afterRound(
        new CheckpointAgreementWatch.Round(List.of(), Optional.empty(), Optional.of("wrong")));
    assertThat(refused.escalated().toCompletableFuture().join())
        .contains("could not start an in-place repair: wrong");

    long[] installs = {0};
    DivergenceRepair repair =
        new DivergenceRepair(
            0,
            w,
            () -> true,
            () -> installs[0],
            () -> 0,
            Duration.ofSeconds(90),
            Duration.ofHours(1));
    CheckpointAgreementWatch.Round diverged =
        new CheckpointAgreementWatch.Round(List.of(), Optional.empty(), Optional.of("wrong"));
    CheckpointAgreementWatch.Round clean =
        new CheckpointAgreementWatch.Round(List.of(), Optional.empty(), Optional.empty());
    for (int k = 0; k < DivergenceRepair.MAX_REPAIRS; k++) {
      repair.afterRound(diverged);
      installs[0]++;
      repair.afterRound(clean);
    }
    assertThat(repair.repaired()).isEqualTo(DivergenceRepair.MAX_REPAIRS);
    assertThat(repair.escalated().toCompletableFuture()).isNotDone();
    repair.afterRound(diverged);
    assertThat(repair.escalated().toCompletableFuture().join())
        .contains("diverged again after 3 in-place repairs");
  }

  @Test
  void fPeersSigningAnotherRootProveNothing() {
    own.add(signed(0, 100, root(1)));
    answer(1, signed(1, 100, root(2)));
    answer(2, signed(2, 100, root(3))); // another root again: no two agree
    CheckpointAgreementWatch w = watch();

    CheckpointAgreementWatch.Round round = w.check();

    assertThat(round.divergence()).isEmpty();
    assertThat(round.stable()).isEmpty();
    assertThat(w.diverged().toCompletableFuture()).isNotDone();
    answers.remove(2);
    assertThat(w.check().divergence()).as("one peer alone").isEmpty();
  }

  @Test
  void forgedOrMisnumberedStatementsAreIgnored() {
    own.add(signed(0, 100, root(1)));
    answer(1, signed(1, 100, root(2)));
    // peer 2 sends root 2 "signed" with peer 1's key, peer 3 a valid signature of checkpoint 99
    CheckpointStatement st = new CheckpointStatement(100, root(2));
    answer(2, new SignedStatement(st, keys.get(1).sign(st.encode())));
    SignedStatement other = signed(3, 99, root(2));
    answers.computeIfAbsent(3, p -> new HashMap<>()).put(100L, other);
    CheckpointAgreementWatch w = watch();

    assertThat(w.check().divergence()).isEmpty();
    assertThat(w.diverged().toCompletableFuture()).isNotDone();

    // a corrupted signature does not count either; a valid one then does
    byte[] sig = keys.get(2).sign(st.encode());
    sig[5] ^= 1;
    answer(2, new SignedStatement(st, sig));
    assertThat(w.check().divergence()).isEmpty();
    answer(2, signed(2, 100, root(2)));
    assertThat(w.check().divergence()).isPresent();
  }

  @Test
  void twoFPlusOneSignaturesOfTheOwnRootMakeTheCheckpointStable() {
    own.add(signed(0, 50, root(7)));
    own.add(signed(0, 100, root(1)));
    answer(1, signed(1, 100, root(1)));
    answer(2, signed(2, 50, root(7)));
    CheckpointAgreementWatch w = watch();

    CheckpointAgreementWatch.Round first = w.check();
    assertThat(first.asked()).containsExactly(100L, 50L);
    assertThat(first.stable()).as("own + 1 peer: vouched, not stable").isEmpty();

    answer(2, signed(2, 100, root(1)));
    CheckpointAgreementWatch.Round second = w.check();
    assertThat(second.stable()).isPresent();
    CheckpointCertificate c = second.stable().get();
    assertThat(c.statement()).isEqualTo(new CheckpointStatement(100, root(1)));
    assertThat(c.signatures().keySet()).containsExactly(0, 1, 2);
    assertThat(c.stable(F, verifier)).isTrue();
    assertThat(recorded).containsExactly(c);

    own.add(signed(0, 150, root(4)));
    assertThat(w.check().asked()).as("only checkpoints after the stable one").containsExactly(150L);
    assertThat(w.diverged().toCompletableFuture()).isNotDone();
  }

  @Test
  void aStableCertificateNotRecordedIsAskedAgain() {
    own.add(signed(0, 100, root(1)));
    for (int p = 1; p <= 3; p++) {
      answer(p, signed(p, 100, root(1)));
    }
    CheckpointAgreementWatch w =
        new CheckpointAgreementWatch(
            0,
            F,
            new TreeSet<>(List.of(1, 2, 3)),
            (peer, seq) -> answers.getOrDefault(peer, Map.of()).get(seq),
            verifier,
            () -> List.copyOf(own),
            c -> false); // e.g. the checkpoint was discarded meanwhile
    assertThat(w.check().stable()).isEmpty();
    assertThat(w.check().asked()).containsExactly(100L);
    assertThat(w.check().divergence()).isEmpty();
  }
}
