package org.bftnfs.relay;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A byte-level ONC RPC client over TCP for tests that need to send what a well-behaved client would
 * not (bad flavors, oversized records, garbage) and to see every field of a reply. Every read is
 * bounded by a 5 s socket timeout.
 */
final class RawRpcClient implements AutoCloseable {

  static final int AUTH_NONE = 0;
  static final int AUTH_SYS = 1;

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  RawRpcClient(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
    socket.setSoTimeout(5_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** The body of an AUTH_SYS credential. */
  static byte[] authSys(int uid, int gid, int... gids) {
    byte[] machine = "test".getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(4 + 4 + 4 + 4 + 4 + 4 + 4 * gids.length);
    b.putInt(0).putInt(machine.length).put(machine).putInt(uid).putInt(gid).putInt(gids.length);
    for (int g : gids) {
      b.putInt(g);
    }
    return b.array();
  }

  /** An RPC call message (without record mark); the verifier is AUTH_NONE. */
  static byte[] call(
      int xid, int prog, int vers, int proc, int flavor, byte[] credential, byte[] args) {
    int credPad = (4 - credential.length % 4) % 4;
    ByteBuffer b = ByteBuffer.allocate(6 * 4 + 8 + credential.length + credPad + 8 + args.length);
    b.putInt(xid).putInt(0).putInt(2).putInt(prog).putInt(vers).putInt(proc);
    b.putInt(flavor).putInt(credential.length).put(credential).put(new byte[credPad]);
    b.putInt(AUTH_NONE).putInt(0);
    b.put(args);
    return b.array();
  }

  /** Sends {@code message} as one record of one fragment. */
  void send(byte[] message) throws IOException {
    out.write(ByteBuffer.allocate(4).putInt(0x80000000 | message.length).array());
    out.write(message);
    out.flush();
  }

  /** Sends bytes as they are (record marks included by the caller). */
  void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Reads one reply record. */
  Reply receive() throws IOException {
    ByteArrayOutputStream record = new ByteArrayOutputStream();
    boolean last;
    do {
      int mark = in.readInt();
      last = (mark & 0x80000000) != 0;
      byte[] fragment = new byte[mark & 0x7fffffff];
      in.readFully(fragment);
      record.write(fragment);
    } while (!last);
    return Reply.parse(record.toByteArray());
  }

  /** True when the server closed the connection (EOF or reset) within 5 s. */
  boolean closedByServer() throws IOException {
    byte[] sink = new byte[8192];
    try {
      while (in.read(sink) >= 0) {
        // drain whatever the server sent before closing
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return e.getMessage() != null && e.getMessage().contains("reset");
    }
  }

  /** Hangs up abruptly: closes with a TCP reset (linger 0), as a crashed or hostile client. */
  void abort() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /**
   * A parsed RPC reply.
   *
   * @param xid transaction id
   * @param replyStat 0 accepted, 1 denied
   * @param acceptStat accept_stat when accepted
   * @param rejectStat reject_stat when denied
   * @param authStat auth_stat when denied with AUTH_ERROR
   * @param low lowest version (PROG_MISMATCH, RPC_MISMATCH)
   * @param high highest version (PROG_MISMATCH, RPC_MISMATCH)
   * @param body the result bytes of an accepted SUCCESS reply
   */
  record Reply(
      int xid,
      int replyStat,
      int acceptStat,
      int rejectStat,
      int authStat,
      int low,
      int high,
      byte[] body) {

    static Reply parse(byte[] record) throws EOFException {
      ByteBuffer b = ByteBuffer.wrap(record);
      int xid = b.getInt();
      if (b.getInt() != 1) {
        throw new EOFException("not a reply");
      }
      int replyStat = b.getInt();
      if (replyStat == 0) {
        b.getInt(); // verifier flavor
        int verfLength = b.getInt();
        b.position(b.position() + verfLength + (4 - verfLength % 4) % 4);
        int accept = b.getInt();
        if (accept == 2) {
          return new Reply(xid, 0, accept, -1, -1, b.getInt(), b.getInt(), new byte[0]);
        }
        byte[] body = Arrays.copyOfRange(record, b.position(), record.length);
        return new Reply(xid, 0, accept, -1, -1, -1, -1, body);
      }
      int reject = b.getInt();
      if (reject == 0) {
        return new Reply(xid, 1, -1, 0, -1, b.getInt(), b.getInt(), new byte[0]);
      }
      return new Reply(xid, 1, -1, reject, b.getInt(), -1, -1, new byte[0]);
    }
  }
}
