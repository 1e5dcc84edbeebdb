package org.bftnfs.statetransfer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Incremental copy-on-write checkpoints of the abstract state and of its partition tree (paper
 * §2.2, §3.4).
 *
 * <p>The replica calls {@link #modify(int)} before object {@code i} changes (the wrapper's upcall,
 * paper Figure 1) and {@link #checkpoint(long)} every k ordered requests. For each checkpoint not
 * yet discarded the store keeps only what changed since it was taken:
 *
 * <ul>
 *   <li>the value of an object, copied (streamed from the replica's {@code getObj}; large values to
 *       a spill file when the store has a spill directory) on the first {@code modify} of that
 *       object after the checkpoint;
 *   <li>the digest of a tree node, copied just before the tree first replaces it after the
 *       checkpoint (the tree is re-hashed at each checkpoint and by {@link #current()}).
 * </ul>
 *
 * <p>So the value or node digest as of checkpoint {@code n} is the copy kept by the first
 * checkpoint {@code >= n} that has one, or else the current one: if no later checkpoint copied it,
 * it has not changed since {@code n}. Copies cost memory in proportion to the objects and nodes
 * changed, and a checkpoint costs time in proportion to the objects changed since the previous one
 * (their leaves and ancestors are re-hashed), not to the capacity. {@link #discardBefore(long)}
 * drops older checkpoints and their copies, which no later checkpoint needs.
 *
 * <p>The store starts with every object free; a replica whose state is not all free calls {@code
 * modify(i)} for each object in use before its first checkpoint (no copy is made before the first
 * checkpoint).
 *
 * <p>Thread-safety: not thread-safe. Single-threaded and externally synchronised: every method, and
 * the {@link CheckpointView}s it hands out, must be called on the replica's execution thread (or
 * under one lock that thread also holds while it executes requests); serving a fetching peer from
 * another thread means taking that lock.
 */
public final class CheckpointStore {

  private final TreeShape shape;
  private final Path spillDirectory;
  private final IntFunction<byte[]> getObj;
  private final ObjectStream streamed;
  private final TreeHasher hasher;
  private final PartitionTree tree;
  private final NavigableMap<Long, Checkpoint> checkpoints = new TreeMap<>();
  private final PieceStream pieces;
  private final Map<Integer, TreeMap<Long, Digest>> pieceDigests = new HashMap<>();
  private final Map<Integer, TreeMap<Long, Long>> dirtyPieces = new HashMap<>();
  private boolean taken;
  private long latest;

  /**
   * A store over an all-free state.
   *
   * @param shape the tree's shape
   * @param getObj the current value of an object (the wrapper's abstraction function); never null;
   *     called on the calling thread from {@link #modify(int)}, {@link #checkpoint(long)}, {@link
   *     #current()} and value reads
   */
  public CheckpointStore(TreeShape shape, IntFunction<byte[]> getObj) {
    this(shape, getObj, (index, out) -> out.write(getObj.apply(index)));
  }

  /**
   * A store over an all-free state that hashes current values as a stream.
   *
   * @param shape the tree's shape
   * @param getObj the current value of an object, for the copies kept for checkpoints and for
   *     values served; never null
   * @param streamed writes the same bytes as {@code getObj} to a stream: what re-hashing a changed
   *     object reads, so an object's digest is computed without holding its value whole
   */
  public CheckpointStore(TreeShape shape, IntFunction<byte[]> getObj, ObjectStream streamed) {
    this(shape, getObj, streamed, null);
  }

  /**
   * A store over an all-free state that hashes current values as a stream and spills the copies it
   * keeps for checkpoints to files in {@code spillDirectory} (values above {@value
   * SpilledValues#INLINE_BYTES} bytes, copied as a stream): an object of any size changed after a
   * checkpoint costs disk for its copy, not heap.
   *
   * @param spillDirectory where copies are spilled; null keeps them in memory
   */
  public CheckpointStore(
      TreeShape shape, IntFunction<byte[]> getObj, ObjectStream streamed, Path spillDirectory) {
    this(shape, getObj, streamed, spillDirectory, null);
  }

  /**
   * As {@link #CheckpointStore(TreeShape, IntFunction, ObjectStream, Path)}, over a state machine
   * that can also write one piece of a {@linkplain Pieces framed} value: then {@link #modifyPieces}
   * copies and re-hashes only the pieces of a large value that change.
   *
   * @param pieces writes the body of one piece of an object's current value (nothing if the piece
   *     is absent); null when the state machine cannot
   */
  public CheckpointStore(
      TreeShape shape,
      IntFunction<byte[]> getObj,
      ObjectStream streamed,
      Path spillDirectory,
      PieceStream pieces) {
    this.pieces = pieces;
    this.spillDirectory = spillDirectory;
    this.shape = Objects.requireNonNull(shape, "shape");
    this.getObj = Objects.requireNonNull(getObj, "getObj");
    this.streamed = Objects.requireNonNull(streamed, "streamed");
    this.tree = new PartitionTree(shape);
    this.hasher = shape.newHasher();
  }

  /** Writes the current value of an object to a stream. */
  @FunctionalInterface
  public interface ObjectStream {
    /**
     * @throws IOException when {@code out} fails
     */
    void write(int index, OutputStream out) throws IOException;
  }

  /** Writes the body of one piece of an object's current value. */
  @FunctionalInterface
  public interface PieceStream {
    /**
     * Writes the body of piece {@code key} of the current value of object {@code index}, or nothing
     * if that value has no such piece: exactly the body that value's framing holds.
     *
     * @throws IOException when {@code out} fails
     */
    void write(int index, long key, OutputStream out) throws IOException;
  }

  /**
   * A value with at least this many pieces keeps its pieces' digests, so a change to some of its
   * pieces re-hashes those only.
   */
  static final int CACHED_PIECES = 3;

  /** A change announced over more keys than this is handled as a change of the whole value. */
  static final long MAX_PIECE_RANGE = 1024;

  /** The tree's shape. */
  public TreeShape shape() {
    return shape;
  }

  /**
   * Object {@code index} is about to change: copies its current value into the latest checkpoint if
   * this is its first change since that checkpoint, and marks its leaf dirty.
   *
   * @throws IndexOutOfBoundsException if {@code index} is not an object index
   */
  public void modify(int index) {
    shape.checkObject(index);
    Map.Entry<Long, Checkpoint> last = checkpoints.lastEntry();
    if (last != null && !last.getValue().values.has(index)) {
      Checkpoint c = last.getValue();
      long seq = last.getKey();
      try {
        if (c.pieces.has(index)) {
          // some pieces changed already: the copy is the value as of the checkpoint, assembled
          c.values.put(index, (i, out) -> assemble(seq, i, out));
          c.pieces.remove(index);
        } else {
          c.values.put(index, streamed);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("copying object " + index + " failed", e);
      }
    }
    pieceDigests.remove(index);
    dirtyPieces.remove(index);
    tree.markDirty(index);
  }

  /**
   * Object {@code index} is about to change in piece 0 and in pieces {@code fromKey} to {@code
   * toKey} only (none when {@code toKey = fromKey - 1}; its value being {@linkplain Pieces framed};
   * a piece in that range may appear or disappear): copies, for the latest checkpoint, those of
   * these pieces not copied since it, and marks them for re-hashing, so a large value costs in
   * proportion to the pieces that change. It is {@link #modify(int)} when the store has no piece
   * stream, does not know the value's pieces (it is small, or changed whole since the last
   * re-hash), or the range is long.
   *
   * @throws IndexOutOfBoundsException if {@code index} is not an object index
   * @throws IllegalArgumentException if {@code fromKey < 1} or {@code toKey < fromKey - 1}
   */
  public void modifyPieces(int index, long fromKey, long toKey) {
    shape.checkObject(index);
    if (fromKey < 1 || toKey < fromKey - 1) {
      throw new IllegalArgumentException("pieces " + fromKey + " to " + toKey);
    }
    TreeMap<Long, Digest> known = pieceDigests.get(index);
    if (pieces == null || known == null || toKey - fromKey >= MAX_PIECE_RANGE) {
      modify(index);
      return;
    }
    Map.Entry<Long, Checkpoint> last = checkpoints.lastEntry();
    if (last != null && !last.getValue().values.has(index)) {
      try {
        last.getValue().pieces.copy(index, fromKey, toKey, known.navigableKeySet(), pieces);
      } catch (IOException e) {
        throw new UncheckedIOException("copying pieces of object " + index + " failed", e);
      }
    }
    TreeMap<Long, Long> dirty = dirtyPieces.computeIfAbsent(index, k -> new TreeMap<>());
    if (toKey >= fromKey) {
      dirty.merge(fromKey, toKey, Math::max);
    }
    tree.markDirty(index);
  }

  /**
   * Takes checkpoint {@code seq} of the current state: re-hashes the objects modified since the
   * last re-hash and returns the root.
   *
   * @param seq the sequence number of the last request executed, greater than every checkpoint
   *     taken before (discarded ones included)
   * @throws IllegalArgumentException if {@code seq} is not greater than the latest checkpoint's
   */
  public Digest checkpoint(long seq) {
    if (taken && seq <= latest) {
      throw new IllegalArgumentException(
          "checkpoint " + seq + " is not after checkpoint " + latest);
    }
    Digest root = rehash();
    checkpoints.put(seq, new Checkpoint(newValues(), newValues(), new PieceCopies(spillDirectory)));
    taken = true;
    latest = seq;
    return root;
  }

  /**
   * The tree over the current state: re-hashes the objects modified since the last re-hash (the
   * digests replaced are first copied for the latest checkpoint, so this is safe at any time). The
   * view is valid until the next {@link #modify(int)}.
   */
  public TreeView current() {
    rehash();
    return tree;
  }

  private Digest rehash() {
    Map.Entry<Long, Checkpoint> last = checkpoints.lastEntry();
    NodeObserver keep =
        last == null
            ? NodeObserver.NONE
            : (level, index, previous) ->
                last.getValue().nodes.putIfAbsent(key(level, index), previous);
    return tree.recomputeLeaves(this::currentLeaf, keep);
  }

  private Digest currentLeaf(int index) {
    try {
      TreeMap<Long, Long> dirty = dirtyPieces.remove(index);
      TreeMap<Long, Digest> known = pieceDigests.get(index);
      if (dirty != null && known != null) {
        rehashPiece(index, 0, known);
        for (Map.Entry<Long, Long> range : dirty.entrySet()) {
          for (long key = range.getKey(); key <= range.getValue(); key++) {
            rehashPiece(index, key, known);
          }
        }
        if (known.containsKey(0L)) {
          return hasher.leafOfPieces(index, known);
        }
        pieceDigests.remove(index); // no longer framed as it was: hash it whole
      }
      TreeHasher.Leaf leaf = hasher.leafWithPieces(index, out -> streamed.write(index, out));
      if (pieces != null && leaf.pieces() != null && leaf.pieces().size() >= CACHED_PIECES) {
        pieceDigests.put(index, new TreeMap<>(leaf.pieces()));
      } else {
        pieceDigests.remove(index);
      }
      return leaf.digest();
    } catch (IOException e) {
      throw new UncheckedIOException("hashing object " + index + " failed", e);
    }
  }

  private void rehashPiece(int index, long key, TreeMap<Long, Digest> known) throws IOException {
    Digest d = hasher.piece(out -> pieces.write(index, key, out));
    if (d == null) {
      known.remove(key);
    } else {
      known.put(key, d);
    }
  }

  /**
   * Whether object {@code index} changed since the latest checkpoint (its value as of that
   * checkpoint was copied); true when there is no checkpoint yet.
   *
   * @throws IndexOutOfBoundsException if {@code index} is not an object index
   */
  public boolean changedSinceLatest(int index) {
    shape.checkObject(index);
    Map.Entry<Long, Checkpoint> last = checkpoints.lastEntry();
    return last == null || last.getValue().values.has(index) || last.getValue().pieces.has(index);
  }

  /** The sequence numbers of the checkpoints kept, ascending. */
  public long[] checkpoints() {
    return checkpoints.keySet().stream().mapToLong(Long::longValue).toArray();
  }

  /** Whether checkpoint {@code seq} is kept. */
  public boolean has(long seq) {
    return checkpoints.containsKey(seq);
  }

  /**
   * The value of object {@code index} as of checkpoint {@code seq} (a copy).
   *
   * @throws IllegalArgumentException if checkpoint {@code seq} is not kept
   * @throws IndexOutOfBoundsException if {@code index} is not an object index
   */
  public byte[] valueAt(long seq, int index) {
    shape.checkObject(index);
    for (Checkpoint c : from(seq).values()) {
      if (c.values.has(index)) {
        return c.values.copy(index);
      }
      if (c.pieces.has(index)) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
          assemble(seq, index, out);
        } catch (IOException e) {
          throw new UncheckedIOException("assembling object " + index + " failed", e);
        }
        return out.toByteArray();
      }
    }
    return read(index);
  }

  /**
   * Writes the value of object {@code index} as of checkpoint {@code seq}, some of whose pieces
   * were copied by checkpoints from {@code seq} on: each piece is taken from the first of those
   * copies that covers its key, the others from the first whole copy after them or else from the
   * current value.
   */
  private void assemble(long seq, int index, OutputStream out) throws IOException {
    java.util.List<Checkpoint> covering = new java.util.ArrayList<>();
    SpilledValues whole = null;
    for (Checkpoint c : from(seq).values()) {
      if (c.values.has(index)) {
        whole = c.values;
        break;
      }
      if (c.pieces.has(index)) {
        covering.add(c);
      }
    }
    // the copied pieces that win, by key, each with where its body is
    TreeMap<Long, Checkpoint> kept = new TreeMap<>();
    for (int k = 0; k < covering.size(); k++) {
      for (long key : covering.get(k).pieces.get(index).slots.keySet()) {
        if (!coveredBefore(covering, k, index, key)) {
          kept.put(key, covering.get(k));
        }
      }
    }
    Pieces.Splitter merge =
        new Pieces.Splitter(
            new Pieces.Listener() {
              private boolean skip;
              private int pieceLength;

              @Override
              public void start(long key, int length) throws IOException {
                pieceLength = length;
                writeKept(kept.headMap(key, false), index, out);
                skip = coveredBefore(covering, covering.size(), index, key);
                if (!skip) {
                  Pieces.writeHeader(out, key, length);
                }
              }

              @Override
              public void body(byte[] b, int off, int len) throws IOException {
                if (!skip) {
                  out.write(b, off, len);
                }
              }

              @Override
              public void end(long key) throws IOException {
                if (!skip) {
                  Pieces.writePadding(out, pieceLength);
                }
              }
            });
    if (whole != null) {
      long length = whole.length(index);
      byte[] buffer = new byte[1 << 20];
      for (long at = 0; at < length; at += buffer.length) {
        int n = (int) Math.min(buffer.length, length - at);
        whole.read(index, at, buffer, 0, n);
        merge.write(buffer, 0, n);
      }
    } else {
      streamed.write(index, merge);
    }
    if (!merge.framed()) {
      throw new IllegalStateException(
          "object " + index + " had pieces copied but its value is not framed");
    }
    writeKept(kept, index, out);
    Pieces.writeEnd(out);
  }

  /** Whether one of the first {@code k} copies covers piece {@code key} of object {@code index}. */
  private static boolean coveredBefore(
      java.util.List<Checkpoint> covering, int k, int index, long key) {
    for (int j = 0; j < k; j++) {
      if (covering.get(j).pieces.get(index).covers(key)) {
        return true;
      }
    }
    return false;
  }

  /** Writes the framed copied pieces of {@code kept} (key to the checkpoint that copied it). */
  private static void writeKept(SortedMap<Long, Checkpoint> kept, int index, OutputStream out)
      throws IOException {
    for (var it = kept.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Checkpoint> e = it.next();
      PieceCopies copies = e.getValue().pieces;
      int slot = copies.get(index).slots.get(e.getKey());
      SpilledValues bodies = copies.bodies();
      int length = (int) bodies.length(slot);
      Pieces.writeHeader(out, e.getKey(), length);
      byte[] buffer = new byte[Math.min(length, 1 << 20)];
      for (int at = 0; at < length; at += buffer.length) {
        int n = Math.min(buffer.length, length - at);
        bodies.read(slot, at, buffer, 0, n);
        out.write(buffer, 0, n);
      }
      Pieces.writePadding(out, length);
      it.remove();
    }
  }

  /**
   * A value of at most this many bytes that no checkpoint copied is served from a fresh read, not
   * from a copy kept for the checkpoint (one part holds it): copies are made for large values only.
   */
  static final int SERVED_WHOLE_BYTES = 1 << 20;

  /** Part of an object's value: the value's whole length and some of its bytes. */
  public record ValuePart(long length, byte[] bytes) {}

  /**
   * Up to {@code count} bytes of the value of object {@code index} as of checkpoint {@code seq},
   * from byte {@code offset} (fewer at its end, none from its end on), with the value's length: a
   * large value is served in parts, never read whole into memory. A value that no checkpoint copied
   * (the object did not change since checkpoint {@code seq}) is read anew if it has at most {@link
   * #SERVED_WHOLE_BYTES}; a larger one is copied once, as a stream, for that checkpoint, so the
   * next parts come from the copy whatever the state does meanwhile; the copy goes with the
   * checkpoint.
   *
   * @throws IllegalArgumentException if checkpoint {@code seq} is not kept, or {@code offset} or
   *     {@code count} is negative
   * @throws IndexOutOfBoundsException if {@code index} is not an object index
   * @throws UncheckedIOException if the object cannot be read or copied
   */
  public ValuePart partAt(long seq, int index, long offset, int count) {
    shape.checkObject(index);
    SpilledValues holder = null;
    for (Checkpoint c : from(seq).values()) {
      if (c.values.has(index)) {
        holder = c.values;
        break;
      }
      if (c.pieces.has(index)) {
        holder = checkpoints.get(seq).served;
        if (!holder.has(index)) {
          try {
            holder.put(index, (i, out) -> assemble(seq, i, out));
          } catch (IOException e) {
            throw new UncheckedIOException("assembling object " + index + " failed", e);
          }
        }
        break;
      }
    }
    if (holder == null) {
      holder = checkpoints.get(seq).served;
      if (!holder.has(index)) {
        byte[] small = readUpTo(index, SERVED_WHOLE_BYTES);
        if (small != null) {
          int from = (int) Math.min(offset, small.length);
          int n = (int) Math.min(count, small.length - from);
          return new ValuePart(small.length, Arrays.copyOfRange(small, from, from + n));
        }
        try {
          holder.put(index, streamed);
        } catch (IOException e) {
          throw new UncheckedIOException("copying object " + index + " to serve it failed", e);
        }
      }
    }
    return new ValuePart(holder.length(index), holder.read(index, offset, count));
  }

  /**
   * The current value of {@code index} if it has at most {@code limit} bytes, else null (what was
   * read of it is dropped): a value that one part holds is served without a copy.
   */
  private byte[] readUpTo(int index, int limit) {
    Bounded out = new Bounded(limit);
    try {
      streamed.write(index, out);
    } catch (IOException | RuntimeException e) {
      if (out.exceeded) {
        return null; // however the writer passed the refusal on
      }
      if (e instanceof IOException io) {
        throw new UncheckedIOException("reading object " + index + " to serve it failed", io);
      }
      throw (RuntimeException) e;
    }
    return out.exceeded ? null : out.bytes.toByteArray();
  }

  /** A stream into memory that refuses to grow beyond a limit. */
  private static final class Bounded extends OutputStream {
    private final int limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private boolean exceeded;

    Bounded(int limit) {
      this.limit = limit;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (exceeded || bytes.size() + len > limit) {
        exceeded = true;
        throw new IOException("a value of more than " + limit + " bytes");
      }
      bytes.write(b, off, len);
    }
  }

  /**
   * The digest of node {@code (level, index)} as of checkpoint {@code seq}.
   *
   * @throws IllegalArgumentException if checkpoint {@code seq} is not kept
   * @throws IndexOutOfBoundsException if there is no such node
   */
  public Digest nodeAt(long seq, int level, int index) {
    shape.checkNode(level, index);
    long key = key(level, index);
    for (Checkpoint c : from(seq).values()) {
      Digest d = c.nodes.get(key);
      if (d != null) {
        return d;
      }
    }
    return tree.node(level, index);
  }

  /**
   * The root digest of checkpoint {@code seq}.
   *
   * @throws IllegalArgumentException if checkpoint {@code seq} is not kept
   */
  public Digest rootAt(long seq) {
    return nodeAt(seq, shape.height(), 0);
  }

  /**
   * Checkpoint {@code seq} as a tree view with its values: what this replica serves to one that
   * fetches. Each call on the view fails once the checkpoint is discarded.
   *
   * @throws IllegalArgumentException if checkpoint {@code seq} is not kept
   */
  public CheckpointView at(long seq) {
    from(seq);
    return new CheckpointView(this, seq);
  }

  /** Drops every checkpoint before {@code seq} and the copies it kept. */
  public void discardBefore(long seq) {
    NavigableMap<Long, Checkpoint> older = checkpoints.headMap(seq, false);
    older.values().forEach(Checkpoint::close);
    older.clear();
  }

  /**
   * Drops every checkpoint and its copies, and forgets their numbers: the next checkpoint may have
   * any number. For a replica whose state is about to be replaced as a whole (it installs a
   * checkpoint fetched from its peers, whose number may be one it took itself with another state).
   */
  public void discardAll() {
    discardBefore(Long.MAX_VALUE);
    checkpoints.clear();
    taken = false;
  }

  private SpilledValues newValues() {
    return spillDirectory == null
        ? SpilledValues.inMemory()
        : SpilledValues.spillingTo(spillDirectory);
  }

  /** The number of object values copied for the checkpoints kept. */
  public int copiedValues() {
    return checkpoints.values().stream().mapToInt(c -> c.values.size() + c.pieces.size()).sum();
  }

  /** The bytes of the object values copied for the checkpoints kept (in memory or spilled). */
  public long copiedBytes() {
    return checkpoints.values().stream().mapToLong(c -> c.values.bytes() + c.pieces.bytes()).sum();
  }

  /** The number of tree nodes copied for the checkpoints kept. */
  public int copiedNodes() {
    return checkpoints.values().stream().mapToInt(c -> c.nodes.size()).sum();
  }

  private NavigableMap<Long, Checkpoint> from(long seq) {
    if (!checkpoints.containsKey(seq)) {
      throw new IllegalArgumentException("checkpoint " + seq + " is not kept");
    }
    return checkpoints.tailMap(seq, true);
  }

  private byte[] read(int index) {
    byte[] v = getObj.apply(index);
    if (v == null) {
      throw new NullPointerException("getObj returned null for object " + index);
    }
    return v.clone();
  }

  private static long key(int level, int index) {
    return (long) level << 32 | (index & 0xffffffffL);
  }

  /**
   * What one checkpoint copied: values (of the objects changed after it) and node digests as they
   * were when it was taken, and the values of unchanged objects copied to be served in parts.
   */
  private static final class Checkpoint {
    final SpilledValues values;
    final SpilledValues served;
    final PieceCopies pieces;
    final Map<Long, Digest> nodes = new HashMap<>();

    Checkpoint(SpilledValues values, SpilledValues served, PieceCopies pieces) {
      this.values = values;
      this.served = served;
      this.pieces = pieces;
    }

    void close() {
      try {
        values.close();
      } finally {
        try {
          served.close();
        } finally {
          pieces.close();
        }
      }
    }
  }
}
