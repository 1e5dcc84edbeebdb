package org.bftnfs.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.service.MonotonicAgreedTime;
import org.bftnfs.spec.service.SerialService;
import org.bftnfs.testkit.nfs.NfsArgs;
import org.bftnfs.testkit.rpc.NfsTestClient;
import org.bftnfs.xdr.mount.mount3;
import org.bftnfs.xdr.mount.mountres3;
import org.bftnfs.xdr.nfs.CREATE3args;
import org.bftnfs.xdr.nfs.CREATE3res;
import org.bftnfs.xdr.nfs.LOOKUP3args;
import org.bftnfs.xdr.nfs.LOOKUP3res;
import org.bftnfs.xdr.nfs.READ3args;
import org.bftnfs.xdr.nfs.READ3res;
import org.bftnfs.xdr.nfs.REMOVE3args;
import org.bftnfs.xdr.nfs.REMOVE3res;
import org.bftnfs.xdr.nfs.WRITE3args;
import org.bftnfs.xdr.nfs.WRITE3res;
import org.bftnfs.xdr.nfs.nfs3;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.dcache.oncrpc4j.rpc.RpcAuth;
import org.dcache.oncrpc4j.rpc.RpcAuthTypeUnix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The relay over {@link SerialService} and the reference implementation, driven by an oncrpc4j
 * client. Covers what the libnfs command line tools cannot do (they have no rm): a file is created,
 * written, read, removed, and is then gone.
 */
@Timeout(60)
class RelayOverSpecTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final RpcAuth ROOT = new RpcAuthTypeUnix(0, 0, new int[0], 0, "test");

  private ExecutorService serviceThread;
  private ExecutorService workers;
  private SerialService service;
  private Relay relay;

  @BeforeEach
  void start() throws IOException {
    serviceThread = Executors.newSingleThreadExecutor();
    workers = Executors.newFixedThreadPool(2);
    SpecConfig config = SpecConfig.defaults();
    service =
        SerialService.reference(config, serviceThread, new MonotonicAgreedTime(Clock.systemUTC()));
    relay = new Relay(RelayConfig.defaults(), service, config.handles(), workers);
    relay.start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    relay.stop();
    service.close();
    workers.shutdownNow();
    serviceThread.shutdownNow();
    assertThat(workers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    assertThat(serviceThread.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void createWriteReadRemove() throws Exception {
    byte[] root;
    try (NfsTestClient mount = new NfsTestClient(relay.mountPort(), TIMEOUT)) {
      root =
          mount.call(mount3.MOUNT_PROGRAM, 1, NfsArgs.mountPath("/bftnfs"), new mountres3(), ROOT)
              .mountinfo
              .fhandle;
    }
    try (NfsTestClient nfs = new NfsTestClient(relay.nfsPort(), TIMEOUT)) {
      CREATE3args create = NfsArgs.create(root, "doomed", 0644, false);
      CREATE3res created = nfs.call(nfs3.NFS_PROGRAM, 8, create, new CREATE3res(), ROOT);
      assertThat(created.status).isEqualTo(nfsstat3.NFS3_OK);
      byte[] file = created.resok.obj.handle.data;

      WRITE3args write = NfsArgs.write(file, 0, "hello".getBytes(StandardCharsets.UTF_8));
      assertThat(nfs.call(nfs3.NFS_PROGRAM, 7, write, new WRITE3res(), ROOT).status)
          .isEqualTo(nfsstat3.NFS3_OK);

      READ3args read = NfsArgs.read(file, 0, 100);
      READ3res data = nfs.call(nfs3.NFS_PROGRAM, 6, read, new READ3res(), ROOT);
      assertThat(data.status).isEqualTo(nfsstat3.NFS3_OK);
      assertThat(new String(data.resok.data, StandardCharsets.UTF_8)).isEqualTo("hello");

      REMOVE3args remove = NfsArgs.remove(root, "doomed");
      assertThat(nfs.call(nfs3.NFS_PROGRAM, 12, remove, new REMOVE3res(), ROOT).status)
          .isEqualTo(nfsstat3.NFS3_OK);

      LOOKUP3args lookup = NfsArgs.lookup(root, "doomed");
      assertThat(nfs.call(nfs3.NFS_PROGRAM, 3, lookup, new LOOKUP3res(), ROOT).status)
          .isEqualTo(nfsstat3.NFS3ERR_NOENT);
      assertThat(nfs.call(nfs3.NFS_PROGRAM, 12, remove, new REMOVE3res(), ROOT).status)
          .isEqualTo(nfsstat3.NFS3ERR_NOENT);
      assertThat(nfs.call(nfs3.NFS_PROGRAM, 6, read, new READ3res(), ROOT).status)
          .isEqualTo(nfsstat3.NFS3ERR_STALE);
    }
  }
}
