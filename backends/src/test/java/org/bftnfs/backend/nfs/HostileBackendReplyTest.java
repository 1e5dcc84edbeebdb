package org.bftnfs.backend.nfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bftnfs.backend.BackendException;
import org.bftnfs.testkit.AllocationMeter;
import org.bftnfs.xdr.mount.mntargs3;
import org.bftnfs.xdr.mount.mount3;
import org.bftnfs.xdr.mount.mountres3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A backend that answers with a reply whose length word claims gigabytes: the wrapper's RPC client
 * must refuse it as malformed without allocating what it claims (backends are not trusted).
 */
@Timeout(60)
class HostileBackendReplyTest {

  private static final long ALLOWED_ALLOCATION = 64L << 20;

  /** Answers the first call on one connection with {@code result} after an accepted header. */
  private static CompletableFuture<Void> answerOnce(ServerSocket listener, int... result) {
    return CompletableFuture.runAsync(
        () -> {
          try (Socket socket = listener.accept()) {
            socket.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int mark = in.readInt();
            byte[] call = new byte[mark & 0x7fffffff];
            in.readFully(call);
            ByteBuffer reply = ByteBuffer.allocate(4 + 24 + 4 * result.length);
            reply.putInt(0x80000000 | (24 + 4 * result.length));
            reply.putInt(ByteBuffer.wrap(call).getInt()); // xid
            reply.putInt(1).putInt(0).putInt(0).putInt(0).putInt(0); // REPLY, accepted, SUCCESS
            for (int word : result) {
              reply.putInt(word);
            }
            OutputStream out = socket.getOutputStream();
            out.write(reply.array());
            out.flush();
            // hold the connection until the client is done with it
            while (in.read() >= 0) {
              // discard
            }
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static mntargs3 export() {
    mntargs3 args = new mntargs3();
    args.dirpath = "/x".getBytes(StandardCharsets.UTF_8);
    return args;
  }

  @Test
  void aHandleLengthClaimingTwoGigabytesIsAMalformedReplyWithoutTheAllocation() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = listener.getLocalPort();
      CompletableFuture<Void> server = answerOnce(listener, 0, 0x7ffffff0); // MNT3_OK, fhandle
      NfsEndpoint endpoint =
          NfsEndpoint.of("hostile", "127.0.0.1", port, port, "/x")
              .withTimeout(Duration.ofSeconds(5));
      AllocationMeter meter = new AllocationMeter();
      try (RpcConnection mount =
          new RpcConnection(endpoint, "MOUNT", port, mount3.MOUNT_PROGRAM, mount3.MOUNT_V3)) {
        assertThatThrownBy(
                () -> mount.call("MNT", mount3.MOUNTPROC3_MNT, export(), new mountres3()))
            .isInstanceOf(BackendException.class)
            .hasMessageContaining("malformed reply");
        // measured while the client's network threads still live
        assertThat(meter.allocatedBytes()).isLessThan(ALLOWED_ALLOCATION);
      }
      server.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aWellFormedReplyStillDecodes() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = listener.getLocalPort();
      // MNT3_OK, a 4-byte handle, one auth flavor (AUTH_SYS)
      CompletableFuture<Void> server = answerOnce(listener, 0, 4, 0x01020304, 1, 1);
      NfsEndpoint endpoint =
          NfsEndpoint.of("fine", "127.0.0.1", port, port, "/x").withTimeout(Duration.ofSeconds(5));
      try (RpcConnection mount =
          new RpcConnection(endpoint, "MOUNT", port, mount3.MOUNT_PROGRAM, mount3.MOUNT_V3)) {
        mountres3 res = mount.call("MNT", mount3.MOUNTPROC3_MNT, export(), new mountres3());
        assertThat(res.mountinfo.fhandle).containsExactly(1, 2, 3, 4);
        assertThat(res.mountinfo.auth_flavors).containsExactly(1);
      }
      server.get(10, TimeUnit.SECONDS);
    }
  }
}
