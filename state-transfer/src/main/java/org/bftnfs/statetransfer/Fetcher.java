package org.bftnfs.statetransfer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The fetching side of state transfer (paper §3.4), pure: from a root digest vouched for by a
 * checkpoint certificate, walks the partition tree down from the root, comparing with the local
 * tree, and returns the objects whose value differs.
 *
 * <ul>
 *   <li>It descends only into nodes whose vouched digest differs from the local one.
 *   <li>It verifies every answer against the digest vouched from above: the children's digests must
 *       hash ({@link TreeHasher#inner}) to their parent's vouched digest, and an object's value
 *       must hash ({@link TreeHasher#leaf}) to its leaf's. So every digest it descends into, and
 *       every value it returns, is the checkpoint's (barring a SHA-256 collision).
 *   <li>A node whose vouched digest is its level's empty digest needs no request: every object
 *       under it is free, so the local non-free ones under it are returned as free. Likewise a free
 *       leaf.
 *   <li>Requests go round-robin over the peers still trusted. A peer that answers wrongly is marked
 *       faulty and never asked again; one that cannot answer is marked silent and not asked again;
 *       the request goes to the next peer. If none is left, the fetch fails.
 * </ul>
 *
 * <p>Requests are made one at a time in breadth-first order, ascending index within a level, so a
 * fetch is deterministic for given peers' answers. Batching and parallelism belong to the caller's
 * {@link StateSource} and are not part of this core.
 *
 * <p>Thread-safety: not thread-safe; one fetch at a time per instance, on one thread (the replica's
 * state-transfer thread, while execution is paused). The local tree must not change during a fetch.
 */
public final class Fetcher {

  private final TreeShape shape;
  private final TreeHasher hasher;

  /** A fetcher for trees of {@code shape}. */
  public Fetcher(TreeShape shape) {
    this.shape = Objects.requireNonNull(shape, "shape");
    this.hasher = shape.newHasher();
  }

  /**
   * Fetches what differs between the local tree and the checkpoint whose root is {@code
   * vouchedRoot}.
   *
   * @param vouchedRoot the root digest vouched for by f + 1 replicas' signatures
   * @param local the local tree, re-hashed over the local state (e.g. {@link
   *     CheckpointStore#current()}); must have this fetcher's shape
   * @param peers the sources to ask, by replica id (the fetching replica excluded); exceptions they
   *     throw propagate
   * @return the differing objects (in memory) and the accounting; applying them to the local state
   *     gives the checkpoint's state
   * @throws FetchFailedException if some request found no peer answering correctly
   */
  public FetchResult fetch(
      Digest vouchedRoot, TreeView local, SortedMap<Integer, StateSource> peers)
      throws FetchFailedException {
    return fetch(vouchedRoot, local, peers, SpilledValues.inMemory());
  }

  /**
   * As {@link #fetch(Digest, TreeView, SortedMap)}, putting each differing object's value into
   * {@code into} as soon as it is verified (a spilled store keeps a large fetch out of the heap).
   * On failure {@code into} holds what was fetched so far; the caller closes it either way.
   */
  public FetchResult fetch(
      Digest vouchedRoot, TreeView local, SortedMap<Integer, StateSource> peers, SpilledValues into)
      throws FetchFailedException {
    Objects.requireNonNull(vouchedRoot, "vouchedRoot");
    if (!sameShape(local.shape())) {
      throw new IllegalArgumentException("local tree has shape " + local.shape());
    }
    Run run = new Run(new ArrayList<>(peers.keySet()), peers, into);
    Deque<Pending> queue = new ArrayDeque<>();
    if (!vouchedRoot.equals(local.root())) {
      queue.add(new Pending(shape.height(), 0, vouchedRoot));
    }
    int f = shape.fanout();
    while (!queue.isEmpty()) {
      Pending p = queue.poll();
      if (p.expected.equals(shape.emptyDigest(p.level))) {
        for (int i : local.nonFreeLeaves(p.level, p.index)) {
          run.objects.put(i, shape.freeEncoding());
        }
        continue;
      }
      if (p.level == 0) {
        run.fetchObject(p.index, p.expected, hasher);
        continue;
      }
      List<Digest> children =
          run.ask(
              "children of node " + p.index + " of level " + p.level,
              s -> s.children(p.level, p.index),
              c -> verifiesChildren(p, c));
      run.nodesFetched++;
      int below = shape.nodesAt(p.level - 1);
      for (int k = 0; k < f; k++) {
        int c = p.index * f + k;
        if (c >= below) {
          break;
        }
        Digest d = children.get(k);
        if (!d.equals(local.node(p.level - 1, c))) {
          queue.add(new Pending(p.level - 1, c, d));
        }
      }
    }
    return new FetchResult(
        run.objects,
        run.faulty,
        run.silent,
        run.objectsFetched,
        run.bytesFetched,
        run.nodesFetched);
  }

  private boolean sameShape(TreeShape other) {
    return other.capacity() == shape.capacity()
        && other.fanout() == shape.fanout()
        && shape.isFree(other.freeEncoding());
  }

  private boolean verifiesChildren(Pending p, List<Digest> children) {
    if (children.size() != shape.fanout()) {
      return false;
    }
    for (Digest d : children) {
      if (d == null) {
        return false;
      }
    }
    return hasher.inner(p.level, p.index, children).equals(p.expected);
  }

  /** A peer that could not send a value (not an I/O failure of the fetching side). */
  private static final class Unanswered extends IOException {
    private static final long serialVersionUID = 1L;

    Unanswered() {
      super("no answer");
    }
  }

  /** Writes to two streams: the digest and the spill. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int x) throws IOException {
      a.write(x);
      b.write(x);
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
      a.write(bytes, off, len);
      b.write(bytes, off, len);
    }
  }

  /** A node (or leaf at level 0) to resolve, with the digest vouched for it from above. */
  private record Pending(int level, int index, Digest expected) {}

  /** The state of one fetch: peers still trusted, round-robin cursor, findings. */
  private static final class Run {
    final List<Integer> live;
    final SortedMap<Integer, StateSource> peers;
    final TreeSet<Integer> faulty = new TreeSet<>();
    final TreeSet<Integer> silent = new TreeSet<>();
    final SpilledValues objects;
    int cursor;
    int objectsFetched;
    long bytesFetched;
    int nodesFetched;

    Run(List<Integer> live, SortedMap<Integer, StateSource> peers, SpilledValues objects) {
      this.live = live;
      this.peers = peers;
      this.objects = objects;
    }

    /**
     * Asks the next trusted peers in turn for object {@code index} until one's value hashes to
     * {@code expected}, streaming each answer into {@link #objects} while it is hashed: a value of
     * any size is never held whole. A value that does not verify is removed again.
     */
    void fetchObject(int index, Digest expected, TreeHasher hasher) throws FetchFailedException {
      ask(
          "object " + index,
          source -> streamed(source, index, hasher),
          got -> got.equals(expected),
          wrong -> objects.remove(index));
      objectsFetched++;
      bytesFetched += objects.length(index);
    }

    /**
     * The leaf digest of the value {@code source} sends for object {@code index}, put into {@link
     * #objects} as it comes; null if the peer could not send it.
     *
     * @throws UncheckedIOException when the value cannot be kept ({@link #objects} fails)
     */
    private Digest streamed(StateSource source, int index, TreeHasher hasher) {
      try {
        return hasher.leaf(
            index,
            digest ->
                objects.put(
                    index,
                    (i, spill) -> {
                      if (!source.object(i, new Tee(digest, spill))) {
                        throw new Unanswered();
                      }
                    }));
      } catch (Unanswered e) {
        return null;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot keep a fetched value: " + e.getMessage(), e);
      }
    }

    /** Asks the next trusted peers in turn until one answers and its answer verifies. */
    <T> T ask(String what, Function<StateSource, T> request, Predicate<T> verifies)
        throws FetchFailedException {
      return ask(what, request, verifies, wrong -> {});
    }

    /** As above; {@code rejected} is told each answer that does not verify. */
    <T> T ask(
        String what, Function<StateSource, T> request, Predicate<T> verifies, Consumer<T> rejected)
        throws FetchFailedException {
      while (!live.isEmpty()) {
        int at = cursor % live.size();
        int peer = live.get(at);
        T answer = request.apply(peers.get(peer));
        if (answer != null && verifies.test(answer)) {
          cursor = at + 1;
          return answer;
        }
        if (answer != null) {
          rejected.accept(answer);
        }
        (answer == null ? silent : faulty).add(peer);
        live.remove(at);
        cursor = at;
      }
      throw new FetchFailedException(
          "no peer answered " + what + " correctly; faulty " + faulty + ", silent " + silent);
    }
  }
}
