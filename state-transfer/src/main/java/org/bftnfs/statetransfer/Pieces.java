package org.bftnfs.statetransfer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A value framed as keyed pieces, so that a large value's leaf digest can be updated from the
 * digests of the pieces that changed instead of from all its bytes (see {@link TreeHasher}).
 *
 * <pre>
 * value := { unsigned int 1; unsigned hyper key; opaque body&lt;&gt;; }*  unsigned int 0
 * </pre>
 *
 * (XDR, big-endian, bodies padded to 4 bytes with zeros.) A framed value has at least one piece.
 * Keys are strictly ascending and bodies are not empty: a piece with nothing in it is left out. Key
 * 0 is conventionally the piece every value has (an object's attributes); a state machine puts what
 * changes apart (a file's data, one piece per segment of it) in pieces of their own. A value that
 * is not framed this way is still a value: it is hashed whole, under another tag, so no framed
 * value can have its digest.
 *
 * <p>Thread-safety: the static methods are; a {@link Splitter} is not.
 */
public final class Pieces {

  private static final int MORE = 1;
  private static final int END = 0;

  /** The largest body a piece may have (a piece is read into memory when it is assembled). */
  public static final int MAX_BODY = 64 << 20;

  private Pieces() {}

  /** Writes one piece's frame: its header, {@code body[off, off + len)} and padding. */
  public static void write(OutputStream out, long key, byte[] body, int off, int len)
      throws IOException {
    writeHeader(out, key, len);
    out.write(body, off, len);
    writePadding(out, len);
  }

  /** Writes the header of a piece whose {@code length} body bytes follow. */
  public static void writeHeader(OutputStream out, long key, int length) throws IOException {
    if (length <= 0) {
      throw new IllegalArgumentException("a piece has at least one byte, not " + length);
    }
    byte[] h = new byte[16];
    putInt(h, 0, MORE);
    putInt(h, 4, (int) (key >>> 32));
    putInt(h, 8, (int) key);
    putInt(h, 12, length);
    out.write(h);
  }

  /** Writes the zero padding after a body of {@code length} bytes. */
  public static void writePadding(OutputStream out, int length) throws IOException {
    int pad = (4 - (length & 3)) & 3;
    if (pad > 0) {
      out.write(new byte[pad]);
    }
  }

  /** Writes the end of a framed value. */
  public static void writeEnd(OutputStream out) throws IOException {
    out.write(new byte[4]);
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  /** What a {@link Splitter} finds in a value, piece by piece. */
  public interface Listener {
    /** Piece {@code key} starts; {@code length} body bytes follow. */
    default void start(long key, int length) throws IOException {}

    /** Bytes of the current piece's body. */
    default void body(byte[] b, int off, int len) throws IOException {}

    /** The current piece ended. */
    default void end(long key) throws IOException {}
  }

  /**
   * Splits a value written to it into pieces as it goes, telling a listener; {@link #framed()}
   * tells at the end whether the value was a well-formed framed value. The listener hears of pieces
   * only while the value is well formed so far (it may hear of some pieces of a value that turns
   * out not to be framed).
   */
  public static final class Splitter extends OutputStream {
    private enum State {
      FLAG,
      KEY,
      LENGTH,
      BODY,
      PADDING,
      ENDED,
      MALFORMED
    }

    private final Listener listener;
    private final byte[] field = new byte[8];
    private State state = State.FLAG;
    private int fieldUsed;
    private long key;
    private long lastKey = -1;
    private int bodyLength;
    private int bodyLeft;
    private int padLeft;

    public Splitter(Listener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      int end = off + len;
      while (off < end && state != State.MALFORMED) {
        switch (state) {
          case FLAG, KEY, LENGTH -> off = field(b, off, end);
          case BODY -> {
            int n = Math.min(bodyLeft, end - off);
            listener.body(b, off, n);
            off += n;
            bodyLeft -= n;
            if (bodyLeft == 0) {
              padLeft = (4 - (bodyLength & 3)) & 3;
              state = State.PADDING;
              finishPieceIfPadded();
            }
          }
          case PADDING -> {
            if (b[off++] != 0) {
              state = State.MALFORMED;
            } else {
              padLeft--;
              finishPieceIfPadded();
            }
          }
          case ENDED -> state = State.MALFORMED; // bytes after the end
          default -> throw new IllegalStateException(state.name());
        }
      }
    }

    private void finishPieceIfPadded() throws IOException {
      if (padLeft == 0) {
        listener.end(key);
        state = State.FLAG;
      }
    }

    private int field(byte[] b, int off, int end) throws IOException {
      int width = state == State.KEY ? 8 : 4;
      int n = Math.min(width - fieldUsed, end - off);
      System.arraycopy(b, off, field, fieldUsed, n);
      fieldUsed += n;
      if (fieldUsed == width) {
        fieldUsed = 0;
        fieldDone();
      }
      return off + n;
    }

    private void fieldDone() throws IOException {
      int first = getInt(0);
      switch (state) {
        case FLAG ->
            state = first == MORE ? State.KEY : first == END ? State.ENDED : State.MALFORMED;
        case KEY -> {
          key = (long) first << 32 | (getInt(4) & 0xffffffffL);
          state = key > lastKey ? State.LENGTH : State.MALFORMED; // so keys are >= 0 too
        }
        case LENGTH -> {
          if (first <= 0 || first > MAX_BODY) {
            state = State.MALFORMED;
          } else {
            bodyLength = first;
            bodyLeft = first;
            lastKey = key;
            state = State.BODY;
            listener.start(key, first);
          }
        }
        default -> throw new IllegalStateException(state.name());
      }
    }

    private int getInt(int at) {
      return (field[at] & 0xff) << 24
          | (field[at + 1] & 0xff) << 16
          | (field[at + 2] & 0xff) << 8
          | (field[at + 3] & 0xff);
    }

    /**
     * Whether everything written so far is exactly one framed value (with at least one piece), its
     * end included.
     */
    public boolean framed() {
      return state == State.ENDED && lastKey >= 0;
    }
  }
}
