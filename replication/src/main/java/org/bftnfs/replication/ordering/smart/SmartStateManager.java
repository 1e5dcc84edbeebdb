package org.bftnfs.replication.ordering.smart;

import bftsmart.consensus.Consensus;
import bftsmart.consensus.Epoch;
import bftsmart.consensus.messages.ConsensusMessage;
import bftsmart.consensus.messages.MessageFactory;
import bftsmart.reconfiguration.views.View;
import bftsmart.statemanagement.ApplicationState;
import bftsmart.statemanagement.SMMessage;
import bftsmart.statemanagement.strategy.BaseStateManager;
import bftsmart.statemanagement.strategy.StandardSMMessage;
import bftsmart.tom.MessageContext;
import bftsmart.tom.core.DeliveryThread;
import bftsmart.tom.core.ExecutionManager;
import bftsmart.tom.core.TOMLayer;
import bftsmart.tom.leaderchange.CertifiedDecision;
import bftsmart.tom.leaderchange.LCManager;
import bftsmart.tom.server.defaultservices.CommandsInfo;
import bftsmart.tom.server.defaultservices.DefaultApplicationState;
import bftsmart.tom.util.TOMUtil;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SmartReplica}'s state manager: BFT-SMaRt's checkpoint + log state transfer (the library's
 * {@code StandardStateManager} protocol and messages, on the library's {@link BaseStateManager}),
 * with the decisions rewritten so that a replica catches up while f of its peers are down or
 * faulty.
 *
 * <h2>Why not the library's</h2>
 *
 * The library installs a state only when more than {@code getQuorum()} peers (all three others when
 * n = 4) sent their regency, leader and view, and it takes the checkpoint itself from one peer it
 * picked at random, waiting for a state timer of 80 s (doubling) when that peer is down; at start
 * it waits until 2f+1 peers report the same last executed instance. With one replica down a
 * restarted replica therefore never starts, and a lagging one waits minutes; with one replica down
 * and one restarting, the group as a whole stops.
 *
 * <h2>What this one does</h2>
 *
 * <ul>
 *   <li><b>Where the group is</b> ({@link #currentConsensusIdReceived}, at start and in a {@link
 *       #catchUp} round): the peers' answers to "what did you execute last" decide the instance
 *       {@code c} to fetch: the highest {@code c} that f+1 peers report to have executed (the
 *       f+1-th highest answer). Answers from the replica itself are ignored.
 *   <li><b>Every peer sends its full state</b> ({@link #SMRequestDeliver}): the checkpoint our
 *       application hands the library is a small descriptor, so there is no point in having one
 *       peer send it and the others only its hash.
 *   <li><b>Installing</b> ({@link #SMReplyDeliver}): a state is installed as soon as f+1 peers sent
 *       the same state for {@code c} ({@link #fingerprint}: checkpoint hash, checkpoint and last
 *       instances, the logged requests with their agreed contexts), and f+1 peers (not necessarily
 *       the same ones) the same regency and leader and the same view. The checkpoint bytes are
 *       taken from any of the matching peers whose bytes hash to the matching checkpoint hash; the
 *       proof of the last decision from any of them whose proof verifies (it is self-certifying:
 *       2f+1 authenticated ACCEPTs). No peer is waited for in particular.
 *   <li><b>Retrying</b>: a request not answered by f+1 matching states within {@link #RETRY_MILLIS}
 *       (doubling up to {@link #MAX_RETRY_MILLIS}), or for which f+1 matching states can no longer
 *       come (too many peers answered that they do not hold the state at {@code c}), is dropped and
 *       the replica asks again where the group is: at start the library's start-up thread keeps
 *       asking, during a catch-up round the round's thread does, and a replica whose transfer the
 *       library started because it saw instances far beyond its own starts a catch-up round. A
 *       leader change waiting for the state ({@code requestAppState}) asks for the same instance
 *       again. The library's own state timer is never started, and a {@code stateTimeout} (which
 *       any peer can trigger with a message of an unknown type) is ignored.
 * </ul>
 *
 * <h2>Safety</h2>
 *
 * At most f replicas are faulty, so f+1 matching answers include one from a correct replica: the
 * state installed (checkpoint descriptor and the requests ordered after it, with the contexts they
 * are executed with) is exactly what a correct replica executed up to {@code c}, and the regency,
 * leader and view are ones a correct replica holds; the checkpoint bytes and the proof are checked
 * against that (hash, authenticators), so a faulty peer can delay the transfer but not make the
 * replica install anything a correct replica did not have. The objects the descriptor names are
 * then fetched by the application and verified against the descriptor's root
 * (docs/state-transfer.md). Liveness needs f+1 correct peers that answer, which n - f = 2f+1
 * replicas up always leave.
 *
 * <h2>Also</h2>
 *
 * <ul>
 *   <li>it hands out the replica's {@link TOMLayer} as soon as the library creates it ({@link
 *       #layer}), before the library's replica constructor returns: that constructor blocks until
 *       the replica knows it is up to date, so this is the only handle on a replica that never gets
 *       there;
 *   <li>it can end the start-up and state-transfer waits of a replica being stopped ({@link
 *       #abandonStartUp}): otherwise the start-up thread polls the peers every second for ever and
 *       the delivery thread waits for a state that will never come;
 *   <li>it can make a running replica that stopped executing catch up ({@link #catchUp}): it asks
 *       its peers for their last executed consensus instance, as a starting replica does, and
 *       fetches their state when f+1 of them executed beyond its own. The library alone leaves such
 *       a replica stuck until the group is {@code highMark} instances ahead, which may never happen
 *       (seen after a restarted replica installed a state while the group went on ordering, and
 *       then never executed again).
 * </ul>
 *
 * <p>Locking: the protocol state is guarded by this object's monitor; the library calls in on its
 * message handler thread, the retry timer and the catch-up thread are ours. {@link #initializing}
 * reads a volatile copy, because the delivery thread asks it (answering a ping) while it holds the
 * library's delivery lock, which an installation takes under this monitor.
 */
final class SmartStateManager extends BaseStateManager {

  private static final Logger LOG = LoggerFactory.getLogger(SmartStateManager.class);

  /** How long a state request may go without f+1 matching answers before it is asked again. */
  static final long RETRY_MILLIS = 4_000;

  /** The longest wait between two state requests (the wait doubles after each failed one). */
  static final long MAX_RETRY_MILLIS = 32_000;

  /** The peers' answers in the current round: replica id to its last executed instance. */
  private final Map<Integer, Integer> reported = new HashMap<>();

  /** The peers' answers to the current state request. */
  private final Map<Integer, Reply> replies = new HashMap<>();

  /** Whether the replica is catching up (started by {@link #catchUp}, not the library's start). */
  private boolean catchingUp;

  /**
   * Whether the round is a repair ({@link #repair}): the state is fetched even when f+1 peers
   * executed no further than this replica, because its own state is known to be wrong.
   */
  private boolean repairing;

  /**
   * The round does not end before f+1 peers executed this instance ({@link #lacksValueOf}), or
   * {@link Integer#MIN_VALUE}.
   */
  private int atLeast = Integer.MIN_VALUE;

  /** The highest instance a peer was seen working on (set at init). */
  private volatile GroupProgress progress;

  /** The message thread's queue, or null when it could not be installed. */
  private volatile InboundQueue inbound;

  /** Whether an agreed state is being installed (on the message thread, which it holds long). */
  private volatile boolean installing;

  /** Copy of {@code isInitializing} readable without this monitor (see the class comment). */
  private volatile boolean starting = true;

  /** Numbers the state requests; a retry is for one request only. */
  private long request;

  private long retryMillis = RETRY_MILLIS;

  private ScheduledExecutorService retries;

  private final CompletableFuture<TOMLayer> layer = new CompletableFuture<>();

  /** Told when a state was installed (the replica's watchdog); never blocks. */
  private volatile Runnable installed = () -> {};

  /** Screens a test adds after this replica's own. */
  private final List<InboundQueue.Screen> faults;

  /** Checks the proof of the last decision in a peer's state (not the library's check). */
  private final DecisionProofs proofs;

  /**
   * @param proofs how the proof of the last decision in a peer's state is checked
   * @param faults screens of the peers' messages after this replica's own (fault-injection tests)
   */
  SmartStateManager(DecisionProofs proofs, List<InboundQueue.Screen> faults) {
    this.proofs = proofs;
    this.faults = List.copyOf(faults);
  }

  /** One peer's answer to a state request. */
  private record Reply(
      DefaultApplicationState state,
      byte[] fingerprint,
      int regency,
      int leader,
      View view,
      CertifiedDecision proof) {}

  @Override
  public void init(TOMLayer tomLayer, DeliveryThread dt) {
    synchronized (this) {
      this.SVController = tomLayer.controller;
      this.tomLayer = tomLayer;
      this.dt = dt;
      EmptyDecisions.install(dt, SVController.getStaticConf().getProcessId());
      int me = SVController.getStaticConf().getProcessId();
      List<InboundQueue.Screen> screens = new ArrayList<>();
      EmptyStops stops = EmptyStops.create(SVController, me);
      if (stops != null) {
        screens.add(stops);
      }
      screens.add(new ValuelessDecisions(me, tomLayer, this::lacksValueOf));
      screens.add(progress = new GroupProgress(SVController.getStaticConf().getUseMACs() != 0));
      screens.addAll(faults);
      inbound = InboundQueue.install(tomLayer.getCommunication(), me, screens, System::nanoTime);
      state = null;
      lastCID = -1;
      waitingCID = -1;
      appStateOnly = false;
      int id = SVController.getStaticConf().getProcessId();
      retries =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "bftnfs-replica-" + id + "-state-retry");
                t.setDaemon(true);
                return t;
              });
    }
    layer.complete(tomLayer);
  }

  /** Completes with the replica's TOM layer once the library created it. */
  CompletableFuture<TOMLayer> layer() {
    return layer;
  }

  /**
   * How long the engine's message thread has been handling one message, as of {@code now}
   * (System.nanoTime), not counting the installation of a state, which it does on that thread and
   * which takes as long as the state's objects take to fetch; 0 when unknown.
   */
  long messageHandlingNanos(long now) {
    InboundQueue q = inbound;
    return q == null || installing ? 0 : q.handlingNanos(now);
  }

  /** The highest consensus instance a peer was seen working on (-1: none, or not started). */
  int highestInstanceSeen() {
    GroupProgress p = progress;
    return p == null ? -1 : p.highest();
  }

  /** Whether the replica is still starting (or fetching state at start, or catching up). */
  boolean initializing() {
    return starting;
  }

  private void setInitializing(boolean value) {
    isInitializing = value;
    starting = value;
  }

  /**
   * Marks the replica as neither starting nor waiting for state and stops the retry timer; only for
   * a replica whose TOM layer has been shut down.
   */
  synchronized void abandonStartUp() {
    setInitializing(false);
    waitingCID = -1;
    catchingUp = false;
    repairing = false;
    atLeast = Integer.MIN_VALUE;
    request++;
    if (retries != null) {
      retries.shutdownNow();
    }
  }

  /**
   * Starts a catch-up round unless the replica is starting, fetching state or already catching up,
   * or executed beyond {@code seen} (the instance its caller saw it stuck at: an installation that
   * held this monitor may have just ended): its delivery thread pauses, and a thread named {@code
   * threadName} asks the peers once a second for their last executed consensus instance until the
   * round ends (see {@link #currentConsensusIdReceived}). Returns whether a round started.
   */
  synchronized boolean catchUp(String threadName, int seen) {
    if (tomLayer == null || isInitializing || waitingCID > -1 || tomLayer.getLastExec() != seen) {
      return false;
    }
    startRound(threadName);
    return true;
  }

  /**
   * Starts a repair round unless the replica is starting, fetching state or already catching up: as
   * {@link #catchUp}, but the replica installs its peers' state at the instance f+1 of them
   * executed even when it executed that far itself — its own state is wrong (its checkpoint root
   * differs from the one f+1 peers signed), so what it executed cannot be kept. While f+1 peers
   * report less than it executed, it keeps asking. The application's install then fetches only the
   * objects whose value differs from the peers' checkpoint (paper §3.4) and the requests logged
   * after it are replayed. Returns whether a round started.
   */
  synchronized boolean repair(String threadName) {
    if (tomLayer == null || isInitializing || waitingCID > -1) {
      return false;
    }
    repairing = true;
    startRound(threadName);
    return true;
  }

  /**
   * The group decided instance {@code cid} on a value this replica does not hold ({@link
   * ValuelessDecisions}, on the message thread): starts a catch-up round, unless one is under way
   * or the replica is starting or fetching state, that does not end before f+1 peers report to have
   * executed {@code cid} (they may not have yet when they first answer), and then fetches their
   * state.
   */
  synchronized void lacksValueOf(int cid) {
    if (tomLayer == null || isInitializing || waitingCID > -1 || tomLayer.getLastExec() >= cid) {
      return;
    }
    atLeast = cid;
    startRound("bftnfs-replica-" + me() + "-catch-up");
  }

  private void startRound(String threadName) {
    setInitializing(true);
    catchingUp = true;
    reported.clear();
    Thread asker = new Thread(this::askWhileCatchingUp, threadName);
    asker.setDaemon(true);
    asker.start();
  }

  /**
   * Forgets the requests this replica holds for ordering, and their timers, after it installed a
   * state: the requests it received while it was behind were ordered by the others and are covered
   * by that state, but the engine would keep them pending for ever — its request timer would then
   * keep voting for a new leader and its watchdog would see work that never executes. A request not
   * ordered yet is still held by the other replicas (clients send to all), which order it.
   */
  void forgetPendingRequests() {
    tomLayer.clientsManager.clear();
    tomLayer.requestsTimer.clearAll();
  }

  /** Who is told when a state was installed (must not block or take a lock this one is under). */
  void onInstalled(Runnable listener) {
    installed = listener;
  }

  /** Whether a catch-up round is under way (it ends when a fetched state was installed). */
  synchronized boolean catchingUp() {
    if (catchingUp && !isInitializing) {
      catchingUp = false;
      LOG.warn(
          "replica {}: caught up: installed its peers' state up to consensus {}",
          me(),
          tomLayer.getLastExec());
    }
    return catchingUp;
  }

  private void askWhileCatchingUp() {
    SMMessage ask = new StandardSMMessage(me(), -1, TOMUtil.SM_ASK_INITIAL, 0, null, null, 0, 0);
    while (catchingUp()) {
      tomLayer.getCommunication().send(SVController.getCurrentViewOtherAcceptors(), ask);
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * A peer's last executed consensus instance, at start or in a catch-up round (otherwise ignored).
   * Once f+1 peers executed up to some instance beyond this replica's last, the replica requests
   * the state at the highest such instance; when no f+1 peers executed beyond it, it is up to date
   * and the start or the round ends. A request that fails leaves the asking going on.
   */
  @Override
  public synchronized void currentConsensusIdReceived(SMMessage message) {
    if (!isInitializing || waitingCID > -1 || tomLayer == null) {
      return;
    }
    if (message.getSender() == me() || !isOtherAcceptor(message.getSender())) {
      return;
    }
    reported.put(message.getSender(), message.getCID());
    int agreed = agreedInstance();
    if (agreed == Integer.MIN_VALUE) {
      return;
    }
    if (agreed < atLeast) {
      return; // f+1 peers have not executed the instance this replica lacks yet: ask again
    }
    int executed = tomLayer.getLastExec(); // stable: delivery waits while initializing
    if (repairing && agreed < executed) {
      return; // its peers are behind it: ask again until f+1 executed at least as far
    }
    if (agreed <= executed && !repairing) {
      LOG.info(
          "replica {}: up to date: f+1 peers executed up to consensus {}, it up to {}",
          me(),
          agreed,
          executed);
      GroupProgress p = progress;
      if (p != null) {
        p.refuted(executed); // on the message thread, as the screen
      }
      dt.deliverLock();
      try {
        setInitializing(false);
        catchingUp = false;
        reported.clear();
        dt.canDeliver();
      } finally {
        dt.deliverUnlock();
      }
    } else {
      LOG.warn(
          repairing
              ? "replica {}: repairing its state: f+1 peers executed consensus {}, it {}: fetching"
                  + " their state"
              : "replica {}: behind its peers (f+1 executed consensus {}, it {}): fetching their"
                  + " state",
          me(),
          agreed,
          executed);
      reported.clear();
      lastCID = agreed + 1;
      waitingCID = agreed;
      requestState();
    }
  }

  /**
   * The highest instance that f+1 peers of this round report to have executed (the f+1-th highest
   * answer), or {@link Integer#MIN_VALUE} when fewer than f+1 peers answered. One of those f+1 is
   * correct, so some correct replica executed it; the f highest answers may be lies and are not
   * followed.
   */
  private int agreedInstance() {
    int f = SVController.getCurrentViewF();
    if (reported.size() <= f) {
      return Integer.MIN_VALUE;
    }
    int[] cids = reported.values().stream().mapToInt(Integer::intValue).sorted().toArray();
    return cids[cids.length - 1 - f];
  }

  /** The library's transfer start for a replica that saw instances far beyond its own. */
  @Override
  public synchronized void analyzeState(int cid) {
    super.analyzeState(cid);
  }

  /** The library's transfer start for a leader change that needs the state first. */
  @Override
  public synchronized void requestAppState(int cid) {
    super.requestAppState(cid);
  }

  /**
   * Asks every peer for its full state at {@code waitingCID} and arms a retry for this request. The
   * request names no peer to send the checkpoint: ours all send it.
   */
  @Override
  protected synchronized void requestState() {
    if (tomLayer.requestsTimer != null) {
      tomLayer.requestsTimer.clearAll();
    }
    replies.clear();
    reset();
    long number = ++request;
    SMMessage ask =
        new StandardSMMessage(me(), waitingCID, TOMUtil.SM_REQUEST, -1, null, null, -1, -1);
    tomLayer.getCommunication().send(SVController.getCurrentViewOtherAcceptors(), ask);
    LOG.info("replica {}: asked its peers for their state up to consensus {}", me(), waitingCID);
    if (!retries.isShutdown()) {
      retries.schedule(() -> retry(number), retryMillis, TimeUnit.MILLISECONDS);
    }
  }

  /** Request {@code number} got no f+1 matching states in time: drops it and asks again. */
  private synchronized void retry(long number) {
    if (number != request || waitingCID == -1) {
      return; // answered, or superseded
    }
    LOG.warn(
        "replica {}: no f+1 matching states for consensus {} within {} ms ({} answers): asking"
            + " again",
        me(),
        waitingCID,
        retryMillis,
        replies.size());
    retryMillis = Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
    if (appStateOnly) {
      requestState(); // the leader change waits for this very instance
    } else {
      giveUpRequest();
    }
  }

  /**
   * Drops the current state request; the replica then finds out again where the group is: at start
   * and in a catch-up round the asking goes on, otherwise a catch-up round starts.
   */
  private void giveUpRequest() {
    boolean wasInitializing = isInitializing;
    if (!wasInitializing) {
      startRound(
          "bftnfs-replica-" + me() + "-catch-up"); // before waitingCID: delivery stays paused
    }
    request++;
    replies.clear();
    reset();
    reported.clear();
    waitingCID = -1;
  }

  /** Ignored: retries are ours ({@link #RETRY_MILLIS}); a peer can trigger this at will. */
  @Override
  public void stateTimeout() {
    LOG.debug("replica {}: state timeout message ignored", me());
  }

  /** Sends the asking peer this replica's full state at the instance it asks for. */
  @Override
  public void SMRequestDeliver(SMMessage msg, boolean isBFT) {
    if (!SVController.getStaticConf().isStateTransferEnabled() || dt.getRecoverer() == null) {
      return;
    }
    ApplicationState mine = dt.getRecoverer().getState(msg.getCID(), true);
    if (mine == null) {
      mine = dt.getRecoverer().getState(-1, true);
    }
    SMMessage reply =
        new StandardSMMessage(
            me(),
            msg.getCID(),
            TOMUtil.SM_REPLY,
            -1,
            mine,
            SVController.getCurrentView(),
            tomLayer.getSynchronizer().getLCManager().getLastReg(),
            tomLayer.execManager.getCurrentLeader());
    tomLayer.getCommunication().send(new int[] {msg.getSender()}, reply);
  }

  /**
   * A peer's state for the instance this replica waits for: installed once f+1 peers match (see the
   * class comment); then the end of a catch-up round it completed.
   */
  @Override
  public void SMReplyDeliver(SMMessage msg, boolean isBFT) {
    synchronized (this) {
      if (SVController.getStaticConf().isStateTransferEnabled()
          && waitingCID != -1
          && msg.getCID() == waitingCID
          && msg.getSender() != me()
          && isOtherAcceptor(msg.getSender())) {
        record(msg);
        tryInstall();
      }
      catchingUp(); // ends the round when that state was installed
    }
  }

  private void record(SMMessage msg) {
    if (!(msg.getState() instanceof DefaultApplicationState)) {
      LOG.warn(
          "replica {}: replica {} sent a state of an unexpected kind; ignored",
          me(),
          msg.getSender());
      return;
    }
    DefaultApplicationState sent = (DefaultApplicationState) msg.getState();
    CertifiedDecision proof;
    try {
      proof = sent.getCertifiedDecision(SVController);
    } catch (RuntimeException e) {
      LOG.warn(
          "replica {}: replica {} sent a state whose last decision cannot be rebuilt: {}",
          me(),
          msg.getSender(),
          e.toString());
      proof = null;
    }
    replies.put(
        msg.getSender(),
        new Reply(
            sent, fingerprint(sent), msg.getRegency(), msg.getLeader(), msg.getView(), proof));
  }

  private void tryInstall() {
    int f = SVController.getCurrentViewF();
    List<Reply> matching = largestMatching();
    if (matching.size() <= f) {
      int unanswered = SVController.getCurrentViewOtherAcceptors().length - replies.size();
      if (matching.size() + unanswered <= f && !appStateOnly) { // a leader change retries
        LOG.warn(
            "replica {}: no f+1 peers can send a matching state at consensus {} (some no longer"
                + " hold it): asking again",
            me(),
            waitingCID);
        giveUpRequest();
      }
      return;
    }
    DefaultApplicationState agreed = matching.get(0).state();
    DefaultApplicationState chosen = null;
    for (Reply r : matching) {
      byte[] bytes = r.state().getSerializedState();
      if (bytes != null && Arrays.equals(tomLayer.computeHash(bytes), agreed.getStateHash())) {
        chosen = r.state();
        break;
      }
    }
    if (chosen == null) {
      return; // no checkpoint bytes that hash right yet
    }
    int regency;
    int leader;
    View view;
    LCManager lc = tomLayer.getSynchronizer().getLCManager();
    if (appStateOnly) {
      regency = lc.getLastReg();
      leader = tomLayer.execManager.getCurrentLeader();
      view = SVController.getCurrentView();
    } else {
      long pair = agreedRegencyAndLeader(f);
      view = agreedView(f);
      if (pair == Long.MIN_VALUE || view == null) {
        return;
      }
      regency = (int) (pair >> 32);
      leader = (int) pair;
    }
    installing = true;
    try {
      install(chosen, regency, leader, view, validProof(matching));
    } finally {
      installing = false;
    }
  }

  /**
   * The largest set of replies that hold the state (a peer that no longer, or not yet, holds it
   * sends an empty one) with the same fingerprint.
   */
  private List<Reply> largestMatching() {
    Map<ByteBuffer, List<Reply>> groups = new HashMap<>();
    List<Reply> best = List.of();
    for (Reply r : replies.values()) {
      if (!r.state().hasState()) {
        continue;
      }
      List<Reply> group =
          groups.computeIfAbsent(ByteBuffer.wrap(r.fingerprint()), k -> new ArrayList<>());
      group.add(r);
      if (group.size() > best.size()) {
        best = group;
      }
    }
    return best;
  }

  /** The highest (regency, leader) that f+1 peers report, packed, or Long.MIN_VALUE. */
  private long agreedRegencyAndLeader(int f) {
    Map<Long, Integer> counts = new HashMap<>();
    long best = Long.MIN_VALUE;
    for (Reply r : replies.values()) {
      long pair = ((long) r.regency() << 32) | (r.leader() & 0xFFFFFFFFL);
      if (counts.merge(pair, 1, Integer::sum) > f && (best == Long.MIN_VALUE || pair > best)) {
        best = pair;
      }
    }
    return best;
  }

  /** A view that f+1 peers report, or null. */
  private View agreedView(int f) {
    for (Reply r : replies.values()) {
      if (r.view() == null) {
        continue;
      }
      int count = 0;
      for (Reply other : replies.values()) {
        if (r.view().equals(other.view())) {
          count++;
        }
      }
      if (count > f) {
        return r.view();
      }
    }
    return null;
  }

  /** A proof of the decision of {@code waitingCID} among the matching replies that verifies. */
  private CertifiedDecision validProof(List<Reply> matching) {
    for (Reply r : matching) {
      CertifiedDecision proof = r.proof();
      if (proof != null
          && proof.getCID() == waitingCID
          && consistent(proof)
          && proofs.valid(proof, SVController.getCurrentViewF(), tomLayer::computeHash)) {
        return proof;
      }
    }
    return null;
  }

  /** Whether every message of a proof is about its instance and one value. */
  private static boolean consistent(CertifiedDecision proof) {
    if (proof.getConsMessages() == null || proof.getConsMessages().isEmpty()) {
      return false;
    }
    byte[] value = null;
    for (ConsensusMessage cm : proof.getConsMessages()) {
      if (cm.getNumber() != proof.getCID() || cm.getValue() == null) {
        return false;
      }
      if (value == null) {
        value = cm.getValue();
      } else if (!Arrays.equals(value, cm.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** Installs an agreed state (what the library does once it accepted one). */
  private void install(
      DefaultApplicationState chosen, int regency, int leader, View view, CertifiedDecision proof) {
    LOG.info(
        "replica {}: installing the state at consensus {} that {} peers agree on (regency {},"
            + " leader {})",
        me(),
        waitingCID,
        largestMatching().size(),
        regency,
        leader);
    ExecutionManager exec = tomLayer.execManager;
    LCManager lc = tomLayer.getSynchronizer().getLCManager();
    lc.setLastReg(regency);
    lc.setNextReg(regency);
    lc.setNewLeader(leader);
    exec.setNewLeader(leader);
    if (proof != null && !appStateOnly) {
      installProof(proof);
    } else if (!appStateOnly) {
      decidedWithoutProof();
    }
    // a replica that timed out before the transfer stops re-sending STOPs up to this regency
    if (regency > 0) {
      tomLayer.getSynchronizer().removeSTOPretransmissions(regency - 1);
    }
    state = chosen;
    repairing = false;
    atLeast = Integer.MIN_VALUE;
    dt.deliverLock();
    try {
      waitingCID = -1;
      dt.update(chosen);
      if (!appStateOnly && exec.stopped()) {
        Queue<ConsensusMessage> stoppedMsgs = exec.getStoppedMsgs();
        for (ConsensusMessage stopped : stoppedMsgs) {
          if (stopped.getNumber() > chosen.getLastCID()) {
            exec.addOutOfContextMessage(stopped);
          }
        }
        exec.clearStopped();
        exec.restart();
      }
      tomLayer.processOutOfContext();
      if (SVController.getCurrentViewId() != view.getId()) {
        SVController.reconfigureTo(view);
      }
      setInitializing(false);
      dt.canDeliver();
    } finally {
      dt.deliverUnlock();
    }
    request++; // disarms the retry
    retryMillis = RETRY_MILLIS;
    replies.clear();
    reset();
    reported.clear();
    tomLayer.requestsTimer.Enabled(true);
    tomLayer.requestsTimer.startTimer();
    if (appStateOnly) {
      appStateOnly = false;
      tomLayer.getSynchronizer().resumeLC();
    }
    installed.run();
  }

  /**
   * Marks instance {@code waitingCID} decided without a value or proof, when no matching state came
   * with a proof that verifies (a state at a checkpoint's instance has none). The library's
   * synchroniser, should this replica lead a regency change, then reports "no proof" for its last
   * instance (its designed fallback) instead of dereferencing a missing decision — which kills the
   * thread that handles every message from the peers.
   */
  private void decidedWithoutProof() {
    LOG.info(
        "replica {}: installed the state at consensus {} without a proof of its last decision",
        me(),
        waitingCID);
    Consensus cons = tomLayer.execManager.getConsensus(waitingCID);
    if (cons.getDecisionEpoch() == null) {
      cons.decided(cons.getEpoch(0, true, SVController), false);
    }
  }

  /** Records the verified decision of {@code waitingCID}, so this replica can prove it later. */
  private void installProof(CertifiedDecision proof) {
    Consensus cons = tomLayer.execManager.getConsensus(waitingCID);
    Epoch epoch = null;
    for (ConsensusMessage cm : proof.getConsMessages()) {
      epoch = cons.getEpoch(cm.getEpoch(), true, SVController);
      epoch.addToProof(cm);
      if (cm.getType() == MessageFactory.ACCEPT) {
        epoch.setAccept(cm.getSender(), cm.getValue());
      } else if (cm.getType() == MessageFactory.WRITE) {
        epoch.setWrite(cm.getSender(), cm.getValue());
      }
    }
    if (epoch != null) {
      epoch.propValueHash = tomLayer.computeHash(proof.getDecision());
      epoch.propValue = proof.getDecision();
      epoch.deserializedPropValue = tomLayer.checkProposedValue(proof.getDecision(), false);
      cons.decided(epoch, false);
    }
  }

  /**
   * What correct replicas agree on in a state at an instance: whether it is held, the checkpoint's
   * instance and hash, the last instance, and every logged batch (the requests, and of each
   * request's context what is agreed and used to execute it again: client, session, sequence,
   * operation, timestamp, instance, no-op). Not the proof of the last decision (each replica holds
   * its own set of ACCEPTs; it is verified on its own) nor per-replica regency or leader.
   */
  static byte[] fingerprint(DefaultApplicationState s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeBoolean(s.hasState());
      out.writeInt(s.getLastCheckpointCID());
      out.writeInt(s.getLastCID());
      writeBytes(out, s.getStateHash());
      CommandsInfo[] batches = s.getMessageBatches();
      out.writeInt(batches == null ? -1 : batches.length);
      if (batches != null) {
        for (CommandsInfo batch : batches) {
          writeBatch(out, batch);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in-memory stream
    }
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  private static void writeBatch(DataOutputStream out, CommandsInfo batch) throws IOException {
    if (batch == null) {
      out.writeInt(-2);
      return;
    }
    byte[][] commands = batch.commands;
    MessageContext[] contexts = batch.msgCtx;
    out.writeInt(commands == null ? -1 : commands.length);
    if (commands != null) {
      for (byte[] command : commands) {
        writeBytes(out, command);
      }
    }
    out.writeInt(contexts == null ? -1 : contexts.length);
    if (contexts != null) {
      for (MessageContext c : contexts) {
        out.writeBoolean(c != null);
        if (c != null) {
          out.writeInt(c.getSender());
          out.writeInt(c.getSession());
          out.writeInt(c.getSequence());
          out.writeInt(c.getOperationId());
          out.writeLong(c.getTimestamp());
          out.writeInt(c.getConsensusId());
          out.writeBoolean(c.isNoOp());
        }
      }
    }
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b == null ? -1 : b.length);
    if (b != null) {
      out.write(b);
    }
  }

  private boolean isOtherAcceptor(int id) {
    for (int p : SVController.getCurrentViewOtherAcceptors()) {
      if (p == id) {
        return true;
      }
    }
    return false;
  }

  private int me() {
    return SVController.getStaticConf().getProcessId();
  }
}
