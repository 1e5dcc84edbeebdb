package org.bftnfs.statetransfer.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.bftnfs.statetransfer.Digest;
import org.bftnfs.statetransfer.FetchFailedException;
import org.bftnfs.statetransfer.FetchResult;
import org.bftnfs.statetransfer.Fetcher;
import org.bftnfs.statetransfer.SpilledValues;
import org.bftnfs.statetransfer.StateSource;
import org.bftnfs.statetransfer.TreeShape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hierarchical fetch of paper §3.4 over real ONC RPC on 127.0.0.1: a replica behind fetches a
 * checkpoint from its peers' {@link StateTransferServer}s through {@link RemoteStateSource}s,
 * converges on the checkpoint, fetches only what differs, and survives peers that are down, that
 * never answer, that no longer hold the checkpoint or that lie.
 */
class RemoteFetchTest {

  private static final String HOST = "127.0.0.1";
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final int MAX_OBJECT = 1 << 16;

  private final TreeShape shape = new TreeShape(1 << 16, 16, Replica.FREE);
  private final java.util.List<AutoCloseable> open = new java.util.ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int k = open.size() - 1; k >= 0; k--) {
      open.get(k).close();
    }
  }

  private StateTransferServer serve(Replica r) throws IOException {
    StateTransferServer s = StateTransferServer.start(r.store, r.lock, HOST, 0);
    open.add(s);
    return s;
  }

  private RemoteStateSource source(InetSocketAddress at, long seq, Duration timeout) {
    RemoteStateSource s = new RemoteStateSource(at, seq, shape, MAX_OBJECT, timeout);
    open.add(s);
    return s;
  }

  /**
   * Two replicas with the same history serve checkpoint 200 while running ahead; a replica still at
   * checkpoint 100 fetches from both, gets exactly the objects changed in between (fetching only
   * the changed ones in use), and its root then equals the vouched one.
   */
  @Test
  void fetchFromTwoServersConvergesAndFetchesOnlyWhatDiffers() throws Exception {
    Random r = new Random(21);
    Replica a = new Replica(shape);
    Replica b = new Replica(shape);
    Replica.randomWrites(r, 1500, a, b);
    a.checkpoint(100);
    b.checkpoint(100);
    Replica behind = Replica.copyOf(a);
    assertThat(behind.checkpoint(100)).isEqualTo(a.store.rootAt(100));
    Replica.randomWrites(r, 200, a, b);
    Digest vouched = a.checkpoint(200);
    assertThat(b.checkpoint(200)).isEqualTo(vouched);
    TreeMap<Integer, byte[]> at200 = new TreeMap<>(a.values);
    Replica.randomWrites(r, 300, a, b); // the group runs ahead while the replica fetches
    a.checkpoint(300);
    b.checkpoint(300);
    StateTransferServer sa = serve(a);
    StateTransferServer sb = serve(b);
    TreeSet<Integer> changed = Replica.differing(behind.values, at200);
    long changedInUse = changed.stream().filter(at200::containsKey).count();

    SortedMap<Integer, StateSource> peers = new TreeMap<>();
    peers.put(1, source(sa.address(), 200, TIMEOUT));
    peers.put(2, source(sb.address(), 200, TIMEOUT));
    FetchResult result = new Fetcher(shape).fetch(vouched, behind.store.current(), peers);

    assertThat(result.faulty()).isEmpty();
    assertThat(result.silent()).isEmpty();
    assertThat(result.objects().indices()).containsExactlyElementsOf(changed);
    assertThat(result.objectsFetched()).isEqualTo(changedInUse);
    assertThat(sa.objectsServed() + sb.objectsServed()).isEqualTo(changedInUse);
    assertThat(sa.childrenServed() + sb.childrenServed()).isEqualTo(result.nodesFetched());
    assertThat(sa.objectsServed()).isPositive();
    assertThat(sb.objectsServed()).isPositive();
    for (var e : result.objects().asMap().entrySet()) {
      behind.write(e.getKey(), e.getValue());
    }
    assertThat(behind.checkpoint(200)).isEqualTo(vouched);
    assertThat(behind.values).containsOnlyKeys(at200.keySet());
  }

  /**
   * A peer that is down (connection refused) and one that accepts connections but never answers
   * both answer null, within the timeout; the fetch proceeds from the honest peer and reports them
   * silent.
   */
  @Test
  void peersDownOrMuteAnswerNullWithinTheTimeoutAndTheFetchProceeds() throws Exception {
    Replica a = new Replica(shape);
    Replica.randomWrites(new Random(3), 200, a);
    Digest vouched = a.checkpoint(1);
    InetSocketAddress down;
    try (StateTransferServer gone = StateTransferServer.start(a.store, a.lock, HOST, 0)) {
      down = gone.address();
    }
    ServerSocket mute = new ServerSocket(0, 8, InetAddress.getByName(HOST)); // never accepts
    open.add(mute);
    Duration shortTimeout = Duration.ofMillis(300);
    RemoteStateSource refused = source(down, 1, shortTimeout);
    RemoteStateSource silent =
        source(new InetSocketAddress(HOST, mute.getLocalPort()), 1, shortTimeout);

    long t0 = System.nanoTime();
    assertThat(refused.children(shape.height(), 0)).isNull();
    assertThat(refused.object(0)).isNull();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    t0 = System.nanoTime();
    assertThat(silent.children(shape.height(), 0)).isNull();
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isGreaterThanOrEqualTo(shortTimeout)
        .isLessThan(Duration.ofSeconds(3));

    SortedMap<Integer, StateSource> peers = new TreeMap<>();
    peers.put(1, refused);
    peers.put(2, silent);
    peers.put(3, source(serve(a).address(), 1, TIMEOUT));
    Replica empty = new Replica(shape);
    FetchResult result = new Fetcher(shape).fetch(vouched, empty.store.current(), peers);
    assertThat(result.silent()).containsExactly(1, 2);
    assertThat(result.objects().indices()).containsExactlyElementsOf(a.values.keySet());
  }

  /**
   * A server that serves a tree built from different objects is caught by the fetcher at its first
   * answer and reported faulty; the fetch converges from the honest server.
   */
  @Test
  void lyingServerIsDetectedAndTheFetchConvergesFromAnHonestOne() throws Exception {
    Replica honest = new Replica(shape);
    Replica liar = new Replica(shape);
    Random r = new Random(9);
    Replica.randomWrites(r, 300, honest, liar);
    Replica.randomWrites(new Random(10), 40, liar); // different objects, same checkpoint number
    Digest vouched = honest.checkpoint(5);
    assertThat(liar.checkpoint(5)).isNotEqualTo(vouched);

    SortedMap<Integer, StateSource> peers = new TreeMap<>();
    peers.put(1, source(serve(liar).address(), 5, TIMEOUT));
    peers.put(2, source(serve(honest).address(), 5, TIMEOUT));
    Replica empty = new Replica(shape);
    FetchResult result = new Fetcher(shape).fetch(vouched, empty.store.current(), peers);

    assertThat(result.faulty()).containsExactly(1);
    for (var e : result.objects().asMap().entrySet()) {
      empty.write(e.getKey(), e.getValue());
    }
    assertThat(empty.checkpoint(5)).isEqualTo(vouched);
  }

  /**
   * A server asked for a checkpoint it never took or has discarded, or for a node or object outside
   * the tree, answers a status the source turns into null; the checkpoint it holds is served.
   */
  @Test
  void checkpointNotHeldOrNodeOutsideTheTreeAnswersNull() throws Exception {
    Replica a = new Replica(shape);
    Replica.randomWrites(new Random(4), 50, a);
    a.checkpoint(1);
    Replica.randomWrites(new Random(5), 50, a);
    a.checkpoint(2);
    a.lock.lock();
    try {
      a.store.discardBefore(2);
    } finally {
      a.lock.unlock();
    }
    InetSocketAddress at = serve(a).address();
    int someObject = a.values.firstKey();

    RemoteStateSource discarded = source(at, 1, TIMEOUT);
    assertThat(discarded.children(shape.height(), 0)).isNull();
    assertThat(discarded.object(someObject)).isNull();
    RemoteStateSource never = source(at, 99, TIMEOUT);
    assertThat(never.children(shape.height(), 0)).isNull();
    assertThat(never.object(someObject)).isNull();

    RemoteStateSource held = source(at, 2, TIMEOUT);
    assertThat(held.children(shape.height(), 0)).hasSize(shape.fanout());
    assertThat(held.object(someObject)).isEqualTo(a.get(someObject));
    assertThat(held.children(0, 0)).isNull();
    assertThat(held.children(shape.height() + 1, 0)).isNull();
    assertThat(held.children(1, shape.nodesAt(1))).isNull();
    assertThat(held.object(shape.capacity())).isNull();
    assertThat(held.object(-1)).isNull();
    assertThat(held.children(shape.height(), 0)).hasSize(shape.fanout());
  }

  /**
   * A value of three parts ({@link StateTransferProgram#MAX_PART} each at most) moves part by part
   * into a spilled store and verifies against its leaf: the serving peer copies it once for the
   * checkpoint, so an object that changes between two parts (the peer runs ahead while it serves)
   * still arrives as the checkpoint's value. A peer that lies in a middle part only is caught by
   * the leaf's digest.
   */
  @Test
  void aLargeValueMovesInPartsAsOfItsCheckpointWhileTheObjectChanges(@TempDir Path spill)
      throws Exception {
    int object = 5;
    byte[] big = new byte[2 * StateTransferProgram.MAX_PART + 12_345];
    new Random(7).nextBytes(big);
    Replica a = new Replica(shape);
    a.write(object, big);
    Digest vouched = a.checkpoint(100);
    Replica behind = new Replica(shape);
    StateTransferServer sa = serve(a);
    long largest = 4L * StateTransferProgram.MAX_PART;
    RemoteStateSource fromA = new RemoteStateSource(sa.address(), 100, shape, largest, TIMEOUT);
    open.add(fromA);
    AtomicInteger parts = new AtomicInteger();
    StateSource changing =
        new StateSource() {
          @Override
          public List<Digest> children(int level, int index) {
            return fromA.children(level, index);
          }

          @Override
          public byte[] object(int index) {
            throw new AssertionError("the fetcher streams values");
          }

          @Override
          public boolean object(int index, OutputStream out) throws IOException {
            return fromA.object(
                index,
                new FilterOutputStream(out) {
                  @Override
                  public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    if (parts.incrementAndGet() == 1) {
                      a.write(object, new byte[] {1, 2, 3}); // the peer runs ahead meanwhile
                      a.write(object, new byte[] {4, 5, 6});
                    }
                  }
                });
          }
        };
    try (SpilledValues into = SpilledValues.spillingTo(spill)) {
      FetchResult result =
          new Fetcher(shape)
              .fetch(vouched, behind.store.current(), new TreeMap<>(Map.of(2, changing)), into);
      assertThat(parts.get()).as("parts the value came in").isEqualTo(3);
      assertThat(result.faulty()).isEmpty();
      assertThat(result.objects().indices()).containsExactly(object);
      assertThat(result.bytesFetched()).isEqualTo(big.length);
      assertThat(into.spilledBytes()).as("bytes spilled as they came").isEqualTo(big.length);
      assertThat(into.get(object)).isEqualTo(big);
    }
    assertThat(sa.objectsServed()).isEqualTo(1);

    // a peer that lies in the second part only (the value's length and every other byte honest)
    Replica c = new Replica(shape);
    c.write(object, big);
    assertThat(c.checkpoint(100)).isEqualTo(vouched);
    ServedAnswers middleLie =
        new ServedAnswers() {
          @Override
          public List<Digest> children(long seq, int level, int index, List<Digest> honest) {
            return honest;
          }

          @Override
          public byte[] part(long seq, int index, long offset, long length, byte[] honest) {
            if (offset != StateTransferProgram.MAX_PART) {
              return honest;
            }
            byte[] lie = honest.clone();
            lie[17] ^= 1;
            return lie;
          }
        };
    StateTransferServer liar =
        StateTransferServer.start(c.store, StatementSource.NONE, middleLie, c.lock, HOST, 0);
    open.add(liar);
    SortedMap<Integer, StateSource> peers = new TreeMap<>();
    peers.put(3, new RemoteStateSource(liar.address(), 100, shape, largest, TIMEOUT));
    open.add((AutoCloseable) peers.get(3));
    assertThatThrownBy(() -> new Fetcher(shape).fetch(vouched, behind.store.current(), peers))
        .isInstanceOf(FetchFailedException.class)
        .hasMessageContaining("faulty [3]");
  }
}
