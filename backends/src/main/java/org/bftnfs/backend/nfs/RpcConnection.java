package org.bftnfs.backend.nfs;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.CompletionHandler;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bftnfs.backend.BackendException;
import org.bftnfs.spec.xdr.MalformedXdrException;
import org.bftnfs.spec.xdr.XdrCodec;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.dcache.oncrpc4j.rpc.OncRpcClient;
import org.dcache.oncrpc4j.rpc.OncRpcException;
import org.dcache.oncrpc4j.rpc.RpcAuth;
import org.dcache.oncrpc4j.rpc.RpcAuthTypeUnix;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.rpc.RpcReply;
import org.dcache.oncrpc4j.rpc.RpcTransport;
import org.dcache.oncrpc4j.xdr.XdrAble;

/**
 * One TCP connection to one RPC program of an NFS server, as root (AUTH_SYS uid 0, gid 0), through
 * oncrpc4j's {@link CompletionHandler} call variant. Every call is bounded by the endpoint's
 * timeout; replies are decoded on arrival, so a caller may keep several calls in flight.
 *
 * <p>A call that times out or loses the connection drops the connection; the next call connects
 * again (the failed call itself is never retried: it throws).
 */
final class RpcConnection implements AutoCloseable {

  private static final String MACHINE_NAME = "bftnfs";

  private final NfsEndpoint endpoint;
  private final String service;
  private final int port;
  private final int program;
  private final int version;
  private final RpcAuth auth = new RpcAuthTypeUnix(0, 0, new int[0], 0, MACHINE_NAME);

  private OncRpcClient client;
  private RpcTransport transport;

  /**
   * @param endpoint the server (for its host, timeout and messages)
   * @param service the program's name in messages ("NFS", "MOUNT")
   * @param port the program's TCP port
   * @param program the RPC program number
   * @param version the program version
   */
  RpcConnection(NfsEndpoint endpoint, String service, int port, int program, int version) {
    this.endpoint = endpoint;
    this.service = service;
    this.port = port;
    this.program = program;
    this.version = version;
  }

  /** Calls {@code procedure} and waits (bounded) for its result, decoded into {@code result}. */
  <T extends XdrAble> T call(String procedure, int number, XdrAble args, T result) {
    return await(procedure, send(procedure, number, args, result));
  }

  /**
   * Sends a call without waiting for it. The future completes with {@code result} decoded from the
   * reply, or exceptionally when the call fails or times out.
   */
  synchronized <T extends XdrAble> CompletableFuture<T> send(
      String procedure, int number, XdrAble args, T result) {
    RpcTransport connected = connected(procedure);
    CompletableFuture<T> future = new CompletableFuture<>();
    try {
      new RpcCall(program, version, auth, connected)
          .call(
              number,
              args,
              new DecodingHandler<>(result, future),
              endpoint.timeout().toMillis(),
              TimeUnit.MILLISECONDS,
              auth);
    } catch (IOException e) {
      drop();
      throw failure(procedure, "cannot send the call: " + e.getMessage(), e);
    }
    return future;
  }

  /** Waits (bounded) for a call {@link #send sent} earlier. */
  <T> T await(String procedure, CompletableFuture<T> reply) {
    long bound = endpoint.timeout().toMillis() + 1_000;
    try {
      return reply.get(bound, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      drop();
      throw failure(procedure, "no reply within " + endpoint.timeout().toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(procedure, "interrupted while waiting for the reply", e);
    } catch (ExecutionException e) {
      throw failed(procedure, e.getCause());
    }
  }

  /** Throws unless {@code status} is {@code NFS3_OK}, naming the status. */
  void expectOk(String procedure, int status) {
    if (status != nfsstat3.NFS3_OK) {
      throw failure(procedure, NfsStatus.name(status));
    }
  }

  /** A {@link BackendException} "WHERE: PROCEDURE failed: WHAT". */
  BackendException failure(String procedure, String what) {
    return new BackendException(endpoint.where() + ": " + procedure + " failed: " + what);
  }

  private BackendException failure(String procedure, String what, Throwable cause) {
    return new BackendException(endpoint.where() + ": " + procedure + " failed: " + what, cause);
  }

  private BackendException failed(String procedure, Throwable cause) {
    if (cause instanceof TimeoutException) {
      drop();
      return failure(procedure, "no reply within " + endpoint.timeout().toMillis() + " ms", cause);
    }
    if (cause instanceof MalformedReplyException) {
      return failure(procedure, "malformed reply: " + cause.getMessage(), cause);
    }
    if (cause instanceof OncRpcException) {
      return failure(procedure, "RPC error: " + cause.getMessage(), cause);
    }
    if (cause instanceof EOFException || cause instanceof IOException) {
      drop();
      return failure(procedure, "connection lost (" + cause.getMessage() + ")", cause);
    }
    return failure(procedure, String.valueOf(cause), cause);
  }

  private RpcTransport connected(String procedure) {
    if (transport != null && transport.isOpen()) {
      return transport;
    }
    drop();
    long timeout = endpoint.timeout().toMillis();
    OncRpcClient fresh;
    try {
      fresh =
          OncRpcClient.newBuilder()
              .withTCP()
              .withServiceName("bftnfs-" + service.toLowerCase(Locale.ROOT) + "-client")
              .withConnectTimeout(timeout, TimeUnit.MILLISECONDS)
              .build(InetAddress.getByName(endpoint.host()), port);
    } catch (IOException | RuntimeException e) {
      throw failure(procedure, "cannot resolve " + endpoint.host() + ": " + e.getMessage(), e);
    }
    try {
      transport = fresh.connect(timeout, TimeUnit.MILLISECONDS);
      client = fresh;
      return transport;
    } catch (IOException e) {
      closeQuietlyAfter(fresh, e);
      throw failure(
          procedure,
          "cannot connect to the " + service + " port " + port + " (" + e.getMessage() + ")",
          e);
    }
  }

  /** Closes the current connection, if any; the next call connects again. */
  synchronized void drop() {
    OncRpcClient old = client;
    client = null;
    transport = null;
    if (old != null) {
      try {
        old.close();
      } catch (IOException e) {
        throw new BackendException(
            endpoint.where() + ": cannot close the " + service + " connection", e);
      }
    }
  }

  @Override
  public void close() {
    drop();
  }

  private static void closeQuietlyAfter(OncRpcClient failed, IOException primary) {
    try {
      failed.close();
    } catch (IOException e) {
      primary.addSuppressed(e);
    }
  }

  /** The result bytes of a reply are not a canonical XDR encoding of the expected result. */
  private static final class MalformedReplyException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedReplyException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Decodes a reply into the caller's result object on arrival, strictly (no allocation beyond the
   * bytes received, canonical encodings only, no trailing bytes), and completes the future.
   */
  private static final class DecodingHandler<T extends XdrAble>
      implements CompletionHandler<RpcReply, RpcTransport> {

    private final T result;
    private final CompletableFuture<T> future;

    DecodingHandler(T result, CompletableFuture<T> future) {
      this.result = result;
      this.future = future;
    }

    @Override
    public void completed(RpcReply reply, RpcTransport transport) {
      try {
        ReplyBytes raw = new ReplyBytes();
        reply.getReplyResult(raw);
        future.complete(XdrCodec.decode(raw.bytes(), result));
      } catch (MalformedXdrException e) {
        future.completeExceptionally(new MalformedReplyException(e.getMessage(), e));
      } catch (IOException | RuntimeException e) {
        future.completeExceptionally(e);
      }
    }

    @Override
    public void failed(Throwable exc, RpcTransport transport) {
      future.completeExceptionally(exc == null ? new EOFException("call failed") : exc);
    }
  }
}
