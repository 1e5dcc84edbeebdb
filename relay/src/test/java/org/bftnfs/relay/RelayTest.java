package org.bftnfs.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bftnfs.spec.FileHandles;
import org.bftnfs.spec.service.Credentials;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.service.Procedure;
import org.bftnfs.spec.service.ServiceUnavailableException;
import org.bftnfs.spec.xdr.RawXdr;
import org.bftnfs.spec.xdr.XdrCodec;
import org.bftnfs.testkit.nfs.NfsArgs;
import org.bftnfs.testkit.rpc.NfsTestClient;
import org.bftnfs.xdr.mount.exports3;
import org.bftnfs.xdr.mount.mntargs3;
import org.bftnfs.xdr.mount.mount3;
import org.bftnfs.xdr.mount.mountlist3;
import org.bftnfs.xdr.mount.mountres3;
import org.bftnfs.xdr.mount.mountstat3;
import org.bftnfs.xdr.nfs.GETATTR3args;
import org.bftnfs.xdr.nfs.WRITE3args;
import org.bftnfs.xdr.nfs.nfs3;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.dcache.oncrpc4j.rpc.RpcAuth;
import org.dcache.oncrpc4j.rpc.RpcAuthTypeNone;
import org.dcache.oncrpc4j.rpc.RpcAuthTypeUnix;
import org.dcache.oncrpc4j.xdr.XdrVoid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The relay on a free loopback port, with a scripted service behind it. */
@Timeout(60)
class RelayTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final int EXPORT_ID = 7;
  private static final int NFS = nfs3.NFS_PROGRAM;
  private static final int MOUNT = mount3.MOUNT_PROGRAM;

  private final FakeNfsService service = new FakeNfsService();
  private final FileHandles handles = new FileHandles(EXPORT_ID);
  private ExecutorService workers;
  private Relay relay;

  @BeforeEach
  void start() throws IOException {
    workers = Executors.newFixedThreadPool(4);
    relay = new Relay(RelayConfig.defaults(), service, handles, workers);
    relay.start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    relay.stop();
    workers.shutdownNow();
    assertThat(workers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  private static RpcAuth unix(int uid, int gid, int... gids) {
    return new RpcAuthTypeUnix(uid, gid, gids, 0, "test");
  }

  private static GETATTR3args getattr(byte[] handle) {
    return NfsArgs.getattr(handle);
  }

  @Test
  void urlNamesBothPorts() {
    assertThat(relay.mountPort()).isEqualTo(relay.nfsPort());
    assertThat(relay.url())
        .isEqualTo(
            "nfs://127.0.0.1/bftnfs?version=3&nfsport="
                + relay.nfsPort()
                + "&mountport="
                + relay.nfsPort());
  }

  @Test
  void nullIsAnsweredByTheRelay() throws Exception {
    try (NfsTestClient client = new NfsTestClient(relay.nfsPort(), TIMEOUT)) {
      client.call(NFS, 0, XdrVoid.XDR_VOID, XdrVoid.XDR_VOID, new RpcAuthTypeNone());
    }
    assertThat(service.noCalls()).isTrue();
  }

  @Test
  void getattrBytesAndCredentialsAreForwardedAndTheResultReturnedVerbatim() throws Exception {
    byte[] result = {0, 0, 0, 70, 1, 2, 3, 4};
    service.answer(call -> CompletableFuture.completedFuture(NfsReply.success(result)));
    GETATTR3args args = getattr(handles.root());
    try (NfsTestClient client = new NfsTestClient(relay.nfsPort(), TIMEOUT)) {
      RawXdr reply = client.call(NFS, 1, args, new RawXdr(), unix(1000, 100, 5, 6));
      assertThat(reply.bytes()).isEqualTo(result);
    }
    NfsCall seen = service.nextCall();
    assertThat(seen.procedure()).isEqualTo(Procedure.GETATTR.number());
    assertThat(seen.credentials()).isEqualTo(Credentials.unix(1000, 100, 5, 6));
    assertThat(seen.arguments()).isEqualTo(XdrCodec.encode(args));
  }

  @Test
  void authNoneBecomesAnonymousCredentials() throws Exception {
    try (NfsTestClient client = new NfsTestClient(relay.nfsPort(), TIMEOUT)) {
      client.call(NFS, 1, getattr(handles.root()), new RawXdr(), new RpcAuthTypeNone());
    }
    assertThat(service.nextCall().credentials()).isEqualTo(Credentials.none());
  }

  @Test
  void unknownProgramVersionAndProcedureAreRejected() throws Exception {
    byte[] none = new byte[0];
    try (RawRpcClient raw = new RawRpcClient(relay.nfsPort())) {
      raw.send(RawRpcClient.call(1, 100_099, 3, 0, RawRpcClient.AUTH_NONE, none, none));
      assertThat(raw.receive().acceptStat()).isEqualTo(1); // PROG_UNAVAIL

      raw.send(RawRpcClient.call(2, NFS, 2, 0, RawRpcClient.AUTH_NONE, none, none));
      RawRpcClient.Reply mismatch = raw.receive();
      assertThat(mismatch.acceptStat()).isEqualTo(2); // PROG_MISMATCH
      assertThat(mismatch.low()).isEqualTo(3);
      assertThat(mismatch.high()).isEqualTo(3);

      raw.send(RawRpcClient.call(3, MOUNT, 1, 0, RawRpcClient.AUTH_NONE, none, none));
      assertThat(raw.receive().acceptStat()).isEqualTo(2);

      raw.send(RawRpcClient.call(4, NFS, 3, 22, RawRpcClient.AUTH_NONE, none, none));
      assertThat(raw.receive().acceptStat()).isEqualTo(3); // PROC_UNAVAIL

      raw.send(RawRpcClient.call(5, MOUNT, 3, 6, RawRpcClient.AUTH_NONE, none, none));
      RawRpcClient.Reply last = raw.receive();
      assertThat(last.xid()).isEqualTo(5);
      assertThat(last.acceptStat()).isEqualTo(3);
    }
    assertThat(service.noCalls()).isTrue();
  }

  @Test
  void serviceOutcomesMapToRpcAcceptStatuses() throws Exception {
    byte[] args = XdrCodec.encode(getattr(handles.root()));
    byte[] cred = RawRpcClient.authSys(0, 0);
    try (RawRpcClient raw = new RawRpcClient(relay.nfsPort())) {
      service.answer(call -> CompletableFuture.completedFuture(NfsReply.garbageArgs()));
      raw.send(RawRpcClient.call(1, NFS, 3, 1, RawRpcClient.AUTH_SYS, cred, new byte[] {1, 2}));
      assertThat(raw.receive().acceptStat()).isEqualTo(4); // GARBAGE_ARGS
      assertThat(service.nextCall().arguments()).containsExactly(1, 2);

      service.answer(call -> CompletableFuture.completedFuture(NfsReply.procUnavailable()));
      raw.send(RawRpcClient.call(2, NFS, 3, 1, RawRpcClient.AUTH_SYS, cred, args));
      assertThat(raw.receive().acceptStat()).isEqualTo(3); // PROC_UNAVAIL
    }
  }

  @Test
  void nullWithArgumentsAndMalformedMountArgumentsAreGarbage() throws Exception {
    byte[] none = new byte[0];
    try (RawRpcClient raw = new RawRpcClient(relay.nfsPort())) {
      raw.send(RawRpcClient.call(1, NFS, 3, 0, RawRpcClient.AUTH_NONE, none, new byte[4]));
      assertThat(raw.receive().acceptStat()).isEqualTo(4);
      // MNT dirpath announces 100 bytes, carries 4
      byte[] truncated = ByteBuffer.allocate(8).putInt(100).putInt(0).array();
      raw.send(RawRpcClient.call(2, MOUNT, 3, 1, RawRpcClient.AUTH_NONE, none, truncated));
      assertThat(raw.receive().acceptStat()).isEqualTo(4);
      raw.send(RawRpcClient.call(3, MOUNT, 3, 5, RawRpcClient.AUTH_NONE, none, new byte[4]));
      assertThat(raw.receive().acceptStat()).isEqualTo(4);
    }
  }

  @Test
  void serviceFailureIsServerFaultAndUnavailabilityIsJukebox() throws Exception {
    try (NfsTestClient client = new NfsTestClient(relay.nfsPort(), TIMEOUT)) {
      service.answer(call -> CompletableFuture.failedFuture(new IllegalStateException("boom")));
      assertThat(client.call(NFS, 1, getattr(handles.root()), new RawXdr(), unix(0, 0)).bytes())
          .isEqualTo(Procedure.GETATTR.failureResult(nfsstat3.NFS3ERR_SERVERFAULT));

      service.answer(
          call -> {
            throw new IllegalStateException("thrown, not returned");
          });
      assertThat(client.call(NFS, 1, getattr(handles.root()), new RawXdr(), unix(0, 0)).bytes())
          .isEqualTo(Procedure.GETATTR.failureResult(nfsstat3.NFS3ERR_SERVERFAULT));

      service.answer(
          call -> CompletableFuture.failedFuture(new ServiceUnavailableException("no quorum")));
      assertThat(client.call(NFS, 7, write(4), new RawXdr(), unix(0, 0)).bytes())
          .isEqualTo(Procedure.WRITE.failureResult(nfsstat3.NFS3ERR_JUKEBOX));
    }
  }

  private WRITE3args write(int length) {
    return NfsArgs.write(handles.root(), 0, new byte[length]);
  }

  @Test
  void unsupportedCredentialFlavorsAreRejected() throws Exception {
    byte[] none = new byte[0];
    try (RawRpcClient raw = new RawRpcClient(relay.nfsPort())) {
      raw.send(RawRpcClient.call(1, NFS, 3, 0, 6, new byte[8], none)); // RPCSEC_GSS
      RawRpcClient.Reply gss = raw.receive();
      assertThat(gss.replyStat()).isEqualTo(1);
      assertThat(gss.rejectStat()).isEqualTo(1); // AUTH_ERROR
      assertThat(gss.authStat()).isEqualTo(5); // AUTH_TOOWEAK

      raw.send(RawRpcClient.call(2, NFS, 3, 1, 99, new byte[4], none));
      RawRpcClient.Reply unknown = raw.receive();
      assertThat(unknown.xid()).isEqualTo(2);
      assertThat(unknown.authStat()).isEqualTo(1); // AUTH_BADCRED

      int[] seventeen = new int[17];
      byte[] tooManyGroups = RawRpcClient.authSys(1, 1, seventeen);
      byte[] args = XdrCodec.encode(getattr(handles.root()));
      raw.send(RawRpcClient.call(3, NFS, 3, 1, RawRpcClient.AUTH_SYS, tooManyGroups, args));
      assertThat(raw.receive().authStat()).isEqualTo(1);
    }
    assertThat(service.noCalls()).isTrue();
  }

  @Test
  void anotherRpcVersionIsRejectedWithRpcMismatch() throws Exception {
    byte[] call = RawRpcClient.call(9, NFS, 3, 0, RawRpcClient.AUTH_NONE, new byte[0], new byte[0]);
    ByteBuffer.wrap(call).putInt(8, 3); // rpcvers 3
    try (RawRpcClient raw = new RawRpcClient(relay.nfsPort())) {
      raw.send(call);
      RawRpcClient.Reply reply = raw.receive();
      assertThat(reply.xid()).isEqualTo(9);
      assertThat(reply.replyStat()).isEqualTo(1); // MSG_DENIED
      assertThat(reply.rejectStat()).isEqualTo(0); // RPC_MISMATCH
      assertThat(reply.low()).isEqualTo(2);
      assertThat(reply.high()).isEqualTo(2);
    }
  }

  @Test
  void oversizedRecordClosesTheConnectionButNotTheServer() throws Exception {
    try (RawRpcClient raw = new RawRpcClient(relay.nfsPort())) {
      int announced = RelayConfig.DEFAULT_MAX_RECORD_SIZE + 1;
      raw.sendRaw(ByteBuffer.allocate(4 + 1024).putInt(0x80000000 | announced).array());
      assertThat(raw.closedByServer()).isTrue();
    }
    try (RawRpcClient raw = new RawRpcClient(relay.nfsPort())) {
      // two fragments, each under the limit, together over it
      int half = RelayConfig.DEFAULT_MAX_RECORD_SIZE / 2 + 8;
      raw.sendRaw(ByteBuffer.allocate(4).putInt(half).array());
      raw.sendRaw(new byte[half]);
      raw.sendRaw(ByteBuffer.allocate(4).putInt(0x80000000 | half).array());
      assertThat(raw.closedByServer()).isTrue();
    }
    assertThat(service.noCalls()).isTrue();
    try (NfsTestClient client = new NfsTestClient(relay.nfsPort(), TIMEOUT)) {
      client.call(NFS, 0, XdrVoid.XDR_VOID, XdrVoid.XDR_VOID, new RpcAuthTypeNone());
    }
  }

  @Test
  void aOneMebibyteWriteFitsTheDefaultLimit() throws Exception {
    try (NfsTestClient client = new NfsTestClient(relay.nfsPort(), TIMEOUT)) {
      client.call(NFS, 7, write(1 << 20), new RawXdr(), unix(0, 0));
    }
    assertThat(service.nextCall().arguments().length).isGreaterThan(1 << 20);
  }

  @Test
  void aSlowCallDoesNotHoldUpAnotherClient() throws Exception {
    CompletableFuture<NfsReply> slow = new CompletableFuture<>();
    CountDownLatch slowArrived = new CountDownLatch(1);
    service.answer(
        call -> {
          if (call.credentials().uid() == 1) {
            slowArrived.countDown();
            return slow;
          }
          return CompletableFuture.completedFuture(NfsReply.success(new byte[] {0, 0, 0, 2}));
        });
    try (NfsTestClient a = new NfsTestClient(relay.nfsPort(), TIMEOUT);
        NfsTestClient b = new NfsTestClient(relay.nfsPort(), TIMEOUT)) {
      var pending = a.send(NFS, 1, getattr(handles.root()), unix(1, 1));
      assertThat(slowArrived.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(b.call(NFS, 1, getattr(handles.root()), new RawXdr(), unix(2, 2)).bytes())
          .containsExactly(0, 0, 0, 2);
      // a second call on the slow client's own connection is not held up either
      assertThat(a.call(NFS, 1, getattr(handles.root()), new RawXdr(), unix(3, 3)).bytes())
          .containsExactly(0, 0, 0, 2);
      assertThat(pending).isNotDone();
      slow.complete(NfsReply.success(new byte[] {0, 0, 0, 1}));
      assertThat(a.decode(pending, new RawXdr()).bytes()).containsExactly(0, 0, 0, 1);
    }
  }

  private static mntargs3 path(String path) {
    return NfsArgs.mountPath(path);
  }

  @Test
  void mountMntExportDumpAndUmnt() throws Exception {
    try (NfsTestClient client = new NfsTestClient(relay.mountPort(), TIMEOUT)) {
      RpcAuth auth = unix(0, 0);
      client.call(MOUNT, 0, XdrVoid.XDR_VOID, XdrVoid.XDR_VOID, auth);

      mountres3 ok = client.call(MOUNT, 1, path("/bftnfs"), new mountres3(), auth);
      assertThat(ok.fhs_status).isEqualTo(mountstat3.MNT3_OK);
      assertThat(ok.mountinfo.fhandle).isEqualTo(handles.root());
      assertThat(ok.mountinfo.auth_flavors).containsExactly(1, 0);

      assertThat(client.call(MOUNT, 1, path("/"), new mountres3(), auth).mountinfo.fhandle)
          .isEqualTo(handles.root());
      assertThat(client.call(MOUNT, 1, path("/other"), new mountres3(), auth).fhs_status)
          .isEqualTo(mountstat3.MNT3ERR_NOENT);

      exports3 exports = client.call(MOUNT, 5, XdrVoid.XDR_VOID, new exports3(), auth);
      assertThat(new String(exports.entries.ex_dir, StandardCharsets.UTF_8)).isEqualTo("/bftnfs");
      assertThat(exports.entries.ex_groups).isNull();
      assertThat(exports.entries.ex_next).isNull();

      mountlist3 dump = client.call(MOUNT, 2, XdrVoid.XDR_VOID, new mountlist3(), auth);
      assertThat(new String(dump.entries.ml_hostname, StandardCharsets.UTF_8))
          .isEqualTo("127.0.0.1");
      assertThat(new String(dump.entries.ml_directory, StandardCharsets.UTF_8))
          .isEqualTo("/bftnfs");
      assertThat(new String(dump.entries.ml_next.ml_directory, StandardCharsets.UTF_8))
          .isEqualTo("/");
      assertThat(dump.entries.ml_next.ml_next).isNull();

      client.call(MOUNT, 3, path("/bftnfs"), XdrVoid.XDR_VOID, auth);
      dump = client.call(MOUNT, 2, XdrVoid.XDR_VOID, new mountlist3(), auth);
      assertThat(new String(dump.entries.ml_directory, StandardCharsets.UTF_8)).isEqualTo("/");
      assertThat(dump.entries.ml_next).isNull();

      client.call(MOUNT, 4, XdrVoid.XDR_VOID, XdrVoid.XDR_VOID, auth);
      assertThat(client.call(MOUNT, 2, XdrVoid.XDR_VOID, new mountlist3(), auth).entries).isNull();
    }
  }

  @Test
  void aFailedRpcbindRegistrationFailsTheStartAndReleasesThePort() throws Exception {
    // an "rpcbind" port where nothing listens (whether or not a real rpcbind runs on 111)
    int closedPort;
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = taken.getLocalPort();
    }
    RelayConfig config = RelayConfig.defaults().withRpcbindRegistration(true);
    Relay failing =
        new Relay(
            config,
            service,
            handles,
            workers,
            System::nanoTime,
            new RpcbindRegistration("bftnfs", closedPort));
    assertThatThrownBy(failing::start)
        .isInstanceOf(RpcbindException.class)
        .hasMessageContaining("rpcbind");
    int port = failing.nfsPort();
    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void mountCanHaveItsOwnPort() throws Exception {
    RelayConfig config = RelayConfig.defaults().withPorts(0, 0).withExportPath("/data/");
    try (Relay separate = new Relay(config, service, handles, workers)) {
      separate.start();
      assertThat(separate.mountPort()).isNotEqualTo(separate.nfsPort());
      assertThat(separate.url()).contains("nfs://127.0.0.1/data?version=3&nfsport=");
      try (NfsTestClient client = new NfsTestClient(separate.mountPort(), TIMEOUT)) {
        mountres3 ok = client.call(MOUNT, 1, path("/data"), new mountres3(), new RpcAuthTypeNone());
        assertThat(ok.fhs_status).isEqualTo(mountstat3.MNT3_OK);
      }
    }
  }
}
