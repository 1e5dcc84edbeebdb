package org.bftnfs.statetransfer.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.bftnfs.statetransfer.CheckpointStatement;
import org.bftnfs.statetransfer.Digest;
import org.bftnfs.statetransfer.SignedStatement;
import org.bftnfs.statetransfer.TreeShape;
import org.dcache.oncrpc4j.rpc.OncRpcProgram;
import org.dcache.oncrpc4j.rpc.OncRpcSvc;
import org.dcache.oncrpc4j.rpc.OncRpcSvcBuilder;
import org.dcache.oncrpc4j.rpc.RpcAccepsStatus;
import org.dcache.oncrpc4j.rpc.net.IpProtocolType;
import org.dcache.oncrpc4j.xdr.XdrAble;
import org.dcache.oncrpc4j.xdr.XdrDecodingStream;
import org.dcache.oncrpc4j.xdr.XdrEncodingStream;
import org.junit.jupiter.api.Test;

/**
 * The protocol's records on the wire: malformed or oversized calls get an RPC error and the server
 * keeps serving; malformed or oversized replies make the client answer null without allocating what
 * they claim.
 */
class WireTest {

  private static final String HOST = "127.0.0.1";
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final int GARBAGE_ARGS = RpcAccepsStatus.GARBAGE_ARGS;

  private final TreeShape shape = new TreeShape(1000, 8, Replica.FREE);

  /** A raw TCP connection speaking record-marked ONC RPC by hand. */
  private static final class RawConnection implements AutoCloseable {
    final Socket socket;
    final DataOutputStream out;
    final DataInputStream in;
    int xid = 0x5100;

    RawConnection(InetSocketAddress at) throws IOException {
      socket = new Socket(at.getAddress(), at.getPort());
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      out = new DataOutputStream(socket.getOutputStream());
      in = new DataInputStream(socket.getInputStream());
    }

    /** Sends a call of {@code procedure} with {@code args} as the argument bytes. */
    ByteBuffer call(int program, int version, int procedure, byte[] args) throws IOException {
      ByteBuffer b = ByteBuffer.allocate(40 + args.length);
      b.putInt(++xid).putInt(0).putInt(2).putInt(program).putInt(version).putInt(procedure);
      b.putInt(0).putInt(0).putInt(0).putInt(0); // AUTH_NONE credential and verifier
      b.put(args);
      out.writeInt(0x8000_0000 | b.capacity());
      out.write(b.array());
      out.flush();
      int mark = in.readInt();
      assertThat(mark & 0x8000_0000).as("last fragment").isNotZero();
      byte[] body = new byte[mark & 0x7fff_ffff];
      in.readFully(body);
      ByteBuffer reply = ByteBuffer.wrap(body);
      assertThat(reply.getInt()).as("xid").isEqualTo(xid);
      assertThat(reply.getInt()).as("REPLY").isEqualTo(1);
      assertThat(reply.getInt()).as("MSG_ACCEPTED").isZero();
      reply.getInt(); // verifier flavor
      int verifierLength = reply.getInt();
      reply.position(reply.position() + verifierLength);
      return reply; // at accept_stat
    }

    int acceptStatus(int procedure, byte[] args) throws IOException {
      return call(StateTransferProgram.PROGRAM, StateTransferProgram.VERSION, procedure, args)
          .getInt();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static byte[] words(long seq, int... ints) {
    ByteBuffer b = ByteBuffer.allocate(8 + 4 * ints.length).putLong(seq);
    for (int i : ints) {
      b.putInt(i);
    }
    return b.array();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /**
   * Truncated, padded and oversized CHILDREN and OBJECT records get GARBAGE_ARGS, an unknown
   * procedure PROC_UNAVAIL, another version PROG_UNAVAIL; the same connection and a new client are
   * served normally afterwards.
   */
  @Test
  void malformedOrOversizedCallsGetAnRpcErrorAndTheServerKeepsServing() throws Exception {
    Replica a = new Replica(shape);
    Replica.randomWrites(new Random(1), 100, a);
    a.checkpoint(7);
    int h = shape.height();
    try (StateTransferServer server = StateTransferServer.start(a.store, a.lock, HOST, 0);
        RawConnection raw = new RawConnection(server.address())) {
      int children = StateTransferProgram.CHILDREN;
      int object = StateTransferProgram.OBJECT;
      assertThat(raw.acceptStatus(children, new byte[] {0, 0, 0, 0, 0, 0, 0, 7}))
          .isEqualTo(GARBAGE_ARGS);
      assertThat(raw.acceptStatus(children, new byte[0])).isEqualTo(GARBAGE_ARGS);
      assertThat(raw.acceptStatus(children, concat(words(7, h, 0), new byte[4 * 1024])))
          .isEqualTo(GARBAGE_ARGS);
      assertThat(raw.acceptStatus(children, words(7, h, 0, 0))).isEqualTo(GARBAGE_ARGS);
      assertThat(raw.acceptStatus(object, words(7))).isEqualTo(GARBAGE_ARGS);
      assertThat(raw.acceptStatus(object, words(7, 1, 0x7fff_ffff))).isEqualTo(GARBAGE_ARGS);
      assertThat(raw.acceptStatus(9, words(7, 1))).isEqualTo(RpcAccepsStatus.PROC_UNAVAIL);
      assertThat(raw.call(StateTransferProgram.PROGRAM, 2, object, words(7, 1)).getInt())
          .isEqualTo(RpcAccepsStatus.PROG_UNAVAIL);
      assertThat(raw.acceptStatus(StateTransferProgram.NULL, new byte[0]))
          .isEqualTo(RpcAccepsStatus.SUCCESS);

      ByteBuffer ok =
          raw.call(
              StateTransferProgram.PROGRAM, StateTransferProgram.VERSION, children, words(7, h, 0));
      assertThat(ok.getInt()).isEqualTo(RpcAccepsStatus.SUCCESS);
      assertThat(ok.getInt()).isEqualTo(StateTransferProgram.OK);
      assertThat(ok.getInt()).isEqualTo(shape.fanout());
      assertThat(ok.remaining()).isEqualTo(shape.fanout() * 32);
      try (RemoteStateSource source =
          new RemoteStateSource(server.address(), 7, shape, 1024, TIMEOUT)) {
        assertThat(source.children(h, 0)).isEqualTo(a.store.at(7).children(h, 0));
      }
    }
  }

  /**
   * A record whose fragment header announces 1 GiB closes that connection as soon as the header
   * arrives (the server holds none of it), as do fragments that add up past the limit; the server
   * keeps serving its other clients, and a record just within the limit is answered.
   */
  @Test
  void aRecordOverTheLimitClosesItsConnectionAndTheServerKeepsServing() throws Exception {
    Replica a = new Replica(shape);
    Replica.randomWrites(new Random(2), 50, a);
    a.checkpoint(3);
    int h = shape.height();
    try (StateTransferServer server = StateTransferServer.start(a.store, a.lock, HOST, 0);
        RemoteStateSource source =
            new RemoteStateSource(server.address(), 3, shape, 1024, TIMEOUT);
        RawConnection served = new RawConnection(server.address())) {
      assertThat(source.children(h, 0)).isEqualTo(a.store.at(3).children(h, 0));

      try (RawConnection huge = new RawConnection(server.address())) {
        huge.out.writeInt(0x8000_0000 | (1 << 30)); // one fragment of 1 GiB announced
        huge.out.write(new byte[4096]);
        huge.out.flush();
        assertClosedByServer(huge);
      }
      try (RawConnection pieces = new RawConnection(server.address())) {
        byte[] fragment = new byte[4000];
        for (int k = 0; k < 3; k++) { // 3 × (4 + 4000) bytes, none of them the last fragment
          pieces.out.writeInt(fragment.length);
          pieces.out.write(fragment);
        }
        pieces.out.flush();
        assertClosedByServer(pieces);
      }

      assertThat(server.recordsRefused()).isEqualTo(2);
      int room = StateTransferServer.MAX_RECORD_BYTES - 4 - 40 - 16;
      assertThat(
              served.acceptStatus(
                  StateTransferProgram.CHILDREN, concat(words(3, h, 0), new byte[room])))
          .isEqualTo(GARBAGE_ARGS);
      assertThat(source.children(h, 0)).isEqualTo(a.store.at(3).children(h, 0));
      try (RemoteStateSource later =
          new RemoteStateSource(server.address(), 3, shape, 1024, TIMEOUT)) {
        assertThat(later.children(h, 0)).isEqualTo(a.store.at(3).children(h, 0));
      }
      assertThat(server.recordsRefused()).isEqualTo(2);
    }
  }

  /** The server closed {@code c}: reading ends (end of stream or reset) within the timeout. */
  private static void assertClosedByServer(RawConnection c) {
    int got;
    try {
      got = c.in.read();
    } catch (java.net.SocketTimeoutException e) {
      throw new AssertionError("the server kept the connection open for " + TIMEOUT, e);
    } catch (IOException reset) {
      got = -1; // reset by the server: closed too
    }
    assertThat(got).as("bytes after the oversized record").isEqualTo(-1);
  }

  /** Replies as the test says, whatever the call: raw words after the accept status. */
  private static final class Scripted implements XdrAble {
    final int[] words;

    Scripted(int... words) {
      this.words = words;
    }

    @Override
    public void xdrDecode(XdrDecodingStream xdr) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void xdrEncode(XdrEncodingStream xdr) {
      for (int w : words) {
        xdr.xdrEncodeInt(w);
      }
    }
  }

  /**
   * A peer whose replies are malformed (a digest count past the fan-out bound, the wrong count,
   * bytes left over, a value past the size bound, an RPC error, no reply at all) makes the source
   * answer null; it never throws and never allocates what a length claims.
   */
  @Test
  void malformedRepliesAnswerNull() throws Exception {
    AtomicReference<Scripted> script = new AtomicReference<>();
    OncRpcSvc fake =
        new OncRpcSvcBuilder()
            .withTCP()
            .withBindAddress(HOST)
            .withPort(0)
            .withoutAutoPublish()
            .withWorkerThreadIoStrategy()
            .withWorkerThreadPoolSize(1)
            .withServiceName("scripted-peer")
            .withRpcService(
                new OncRpcProgram(StateTransferProgram.PROGRAM, StateTransferProgram.VERSION),
                call -> {
                  Scripted s = script.get();
                  if (s == null) {
                    return; // never answers
                  }
                  if (s.words.length == 1 && s.words[0] == GARBAGE_ARGS) {
                    call.failRpcGarbage();
                  } else {
                    call.reply(s);
                  }
                })
            .build();
    fake.start();
    try (RemoteStateSource source =
        new RemoteStateSource(
            fake.getInetSocketAddress(IpProtocolType.TCP), 1, shape, 100, Duration.ofMillis(500))) {
      int f = shape.fanout();
      int[] good = new int[2 + 8 * f];
      good[1] = f;
      script.set(new Scripted(good));
      assertThat(source.children(1, 0)).hasSize(f);

      script.set(new Scripted(0, 0x7fff_ffff));
      assertThat(source.children(1, 0)).isNull();
      script.set(new Scripted(0, -1));
      assertThat(source.children(1, 0)).isNull();
      int[] short1 = new int[2 + 8 * (f - 1)];
      short1[1] = f - 1;
      script.set(new Scripted(short1));
      assertThat(source.children(1, 0)).isNull();
      script.set(new Scripted(java.util.Arrays.copyOf(good, good.length + 1)));
      assertThat(source.children(1, 0)).isNull();
      script.set(new Scripted(0, f, 1, 2, 3)); // truncated
      assertThat(source.children(1, 0)).isNull();

      // OBJECT: status, the value's length (hyper), the part (opaque)
      script.set(new Scripted(0, 0, 4, 4, 0x01020304));
      assertThat(source.object(0)).containsExactly(1, 2, 3, 4);
      script.set(new Scripted(0, 0, 101, 0));
      assertThat(source.object(0)).as("a value above maxObjectSize").isNull();
      script.set(new Scripted(0, 0x4000_0000, 4, 4, 0x01020304));
      assertThat(source.object(0)).as("a value of 2^62 bytes").isNull();
      script.set(new Scripted(0, 0, 4, 8, 0x01020304, 0x05060708));
      assertThat(source.object(0)).as("a part longer than the value").isNull();
      script.set(new Scripted(0, 0, 8, 4, 0x01020304));
      assertThat(source.object(0)).as("a part shorter than asked for").isNull();
      script.set(new Scripted(0, 0, 4, 0x4000_0000));
      assertThat(source.object(0)).as("a part above MAX_PART").isNull();
      script.set(new Scripted(StateTransferProgram.NOT_HELD));
      assertThat(source.object(0)).isNull();
      script.set(new Scripted(GARBAGE_ARGS));
      assertThat(source.object(0)).isNull();
      script.set(null);
      assertThat(source.object(0)).isNull();

      script.set(new Scripted(0, 0, 4, 4, 0x01020304));
      assertThat(source.object(0)).containsExactly(1, 2, 3, 4);
    } finally {
      fake.stop();
    }
  }

  /** A stand-in signature: 64 bytes derived from the statement (the server never checks it). */
  private static byte[] signature(CheckpointStatement st) {
    byte[] s = new byte[64];
    byte[] e = st.encode();
    for (int i = 0; i < e.length; i++) {
      s[i % 64] ^= e[i];
    }
    return s;
  }

  /**
   * STATEMENT answers the replica's signed statement of a checkpoint it keeps (root and signature
   * as its source gives them) and NOT_HELD otherwise; malformed arguments get GARBAGE_ARGS and the
   * server keeps serving.
   */
  @Test
  void statementServesTheSignedRootOfAKeptCheckpoint() throws Exception {
    Replica a = new Replica(shape);
    Replica.randomWrites(new Random(3), 60, a);
    Digest root = a.checkpoint(12);
    StatementSource source =
        seq -> {
          if (!a.store.has(seq)) {
            return null;
          }
          CheckpointStatement st = new CheckpointStatement(seq, a.store.rootAt(seq));
          return new SignedStatement(st, signature(st));
        };
    try (StateTransferServer server =
            StateTransferServer.start(a.store, source, ServedAnswers.HONEST, a.lock, HOST, 0);
        RemoteStatements peer = new RemoteStatements(server.address(), TIMEOUT);
        RawConnection raw = new RawConnection(server.address())) {
      SignedStatement got = peer.statement(12);
      CheckpointStatement expected = new CheckpointStatement(12, root);
      assertThat(got).isEqualTo(new SignedStatement(expected, signature(expected)));
      assertThat(peer.statement(11)).as("a checkpoint not kept").isNull();
      assertThat(peer.statement(-1)).isNull();
      assertThat(server.statementsServed()).isEqualTo(1);

      int statement = StateTransferProgram.STATEMENT;
      assertThat(raw.acceptStatus(statement, new byte[] {0, 0, 0, 12})).isEqualTo(GARBAGE_ARGS);
      assertThat(raw.acceptStatus(statement, words(12, 0))).isEqualTo(GARBAGE_ARGS);
      assertThat(raw.acceptStatus(statement, new byte[0])).isEqualTo(GARBAGE_ARGS);
      ByteBuffer ok =
          raw.call(
              StateTransferProgram.PROGRAM, StateTransferProgram.VERSION, statement, words(12));
      assertThat(ok.getInt()).isEqualTo(RpcAccepsStatus.SUCCESS);
      assertThat(ok.getInt()).isEqualTo(StateTransferProgram.OK);
      byte[] wireRoot = new byte[Digest.LENGTH];
      ok.get(wireRoot);
      assertThat(Digest.of(wireRoot)).isEqualTo(root);
      assertThat(ok.getInt()).as("signature length").isEqualTo(64);
      assertThat(ok.remaining()).isEqualTo(64);
      assertThat(peer.statement(12)).isEqualTo(got);
    }
    try (StateTransferServer plain = StateTransferServer.start(a.store, a.lock, HOST, 0);
        RemoteStatements peer = new RemoteStatements(plain.address(), TIMEOUT)) {
      assertThat(peer.statement(12)).as("a server that signs nothing").isNull();
    }
  }

  /**
   * A peer whose STATEMENT replies are malformed (a signature longer than the bound, a truncated
   * root, bytes left over, NOT_HELD, an RPC error, no reply) makes the client answer null without
   * allocating what a length claims.
   */
  @Test
  void malformedStatementRepliesAnswerNull() throws Exception {
    AtomicReference<Scripted> script = new AtomicReference<>();
    OncRpcSvc fake =
        new OncRpcSvcBuilder()
            .withTCP()
            .withBindAddress(HOST)
            .withPort(0)
            .withoutAutoPublish()
            .withWorkerThreadIoStrategy()
            .withWorkerThreadPoolSize(1)
            .withServiceName("scripted-statements")
            .withRpcService(
                new OncRpcProgram(StateTransferProgram.PROGRAM, StateTransferProgram.VERSION),
                call -> {
                  Scripted s = script.get();
                  if (s == null) {
                    return;
                  }
                  if (s.words.length == 1 && s.words[0] == GARBAGE_ARGS) {
                    call.failRpcGarbage();
                  } else {
                    call.reply(s);
                  }
                })
            .build();
    fake.start();
    try (RemoteStatements peer =
        new RemoteStatements(
            fake.getInetSocketAddress(IpProtocolType.TCP), Duration.ofMillis(500))) {
      int[] good = new int[1 + 8 + 1 + 16]; // status, root, length 64, signature
      good[9] = 64;
      good[1] = 0x01020304;
      script.set(new Scripted(good));
      SignedStatement s = peer.statement(5);
      assertThat(s).isNotNull();
      assertThat(s.seq()).isEqualTo(5);
      assertThat(s.root().toBytes()).startsWith(1, 2, 3, 4);
      assertThat(s.signature()).hasSize(64);

      int[] huge = new int[1 + 8 + 1];
      huge[9] = StateTransferProgram.MAX_SIGNATURE + 4;
      script.set(new Scripted(huge));
      assertThat(peer.statement(5)).isNull();
      huge[9] = 0x7fff_fff0;
      script.set(new Scripted(huge));
      assertThat(peer.statement(5)).isNull();
      script.set(new Scripted(0, 1, 2, 3)); // root truncated
      assertThat(peer.statement(5)).isNull();
      script.set(new Scripted(java.util.Arrays.copyOf(good, good.length + 1)));
      assertThat(peer.statement(5)).isNull();
      script.set(new Scripted(StateTransferProgram.NOT_HELD));
      assertThat(peer.statement(5)).isNull();
      script.set(new Scripted(GARBAGE_ARGS));
      assertThat(peer.statement(5)).isNull();
      script.set(null);
      assertThat(peer.statement(5)).isNull();

      script.set(new Scripted(good));
      assertThat(peer.statement(5)).isEqualTo(s);
    } finally {
      fake.stop();
    }
  }
}
