package org.bftnfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bftnfs.backend.ganesha.GaneshaServer;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.service.LogicalAgreedTime;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.workload.RandomWorkload;
import org.bftnfs.testkit.Prerequisite;
import org.bftnfs.testkit.rpc.NfsTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --logical-clock}: two {@code bin/bftnfs serve} processes with different implementations
 * behind them (the in-memory reference and a conformance wrapper over a local directory or
 * nfs-ganesha), fed the same NFSv3 calls over the wire, give byte-identical reply bodies — the
 * timestamps included, which come from the deterministic counter, not the clock. A scripted
 * sequence (GETATTR, CREATE, WRITE, READ, MKDIR, READDIRPLUS, ...) that must succeed comes first,
 * then a seeded random workload over every procedure and several callers.
 */
@Timeout(120)
class LogicalClockIT {

  private static final String EXPORT = "/bftnfs";
  private static final int RANDOM_CALLS = 1000;
  private static final long SEED = 20_490_777L;

  private final List<ServerProcess> servers = new ArrayList<>();

  @AfterEach
  void stopServers() throws InterruptedException {
    for (ServerProcess s : servers) {
      s.destroyForcibly();
    }
  }

  @Test
  void theReferenceAndTheLocalDirectoryBackendAnswerTheSameBytes(@TempDir Path dir)
      throws Exception {
    compareWith("local", dir);
  }

  @Test
  void theReferenceAndNfsGaneshaAnswerTheSameBytes(@TempDir Path dir) throws Exception {
    Prerequisite.require(
        GaneshaServer.available(),
        () -> "nfs-ganesha cannot run here: " + GaneshaServer.unavailableReason().orElse(""));
    compareWith("ganesha", dir);
  }

  private ServerProcess serve(Path dir, String... options) throws Exception {
    List<String> all = new ArrayList<>(List.of("--port", "0", "--logical-clock"));
    all.addAll(List.of(options));
    ServerProcess s = ServerProcess.start(dir, all.toArray(new String[0]));
    servers.add(s);
    return s;
  }

  private void compareWith(String backend, Path dir) throws Exception {
    ServerProcess reference = serve(dir, "--backend", "spec");
    ServerProcess other =
        serve(dir, "--backend", backend, "--data", dir.resolve("data").toString());
    try (NfsTestClient a = new NfsTestClient(reference.nfsPort(), Duration.ofSeconds(20));
        NfsTestClient b = new NfsTestClient(other.nfsPort(), Duration.ofSeconds(20))) {
      byte[] root = a.mount(EXPORT);
      assertThat(b.mount(EXPORT)).isEqualTo(root);
      Lockstep both = new Lockstep(a, b, "spec and " + backend);

      scriptedCalls(both, root);
      RandomWorkload workload = new RandomWorkload(SEED, SpecConfig.defaults().handles(), 64 << 10);
      for (int i = 0; i < RANDOM_CALLS; i++) {
        NfsCall call = workload.next();
        NfsReply reply = both.call(call);
        workload.observe(call, reply);
      }
      assertThat(both.calls()).isGreaterThan(RANDOM_CALLS);
    }
    assertThat(reference.terminate(20)).isZero();
    assertThat(other.terminate(20)).as(other.stderr()).isZero();
    assertThat(other.stderr()).doesNotContain("WARN");
  }

  private static void scriptedCalls(Lockstep both, byte[] root) throws Exception {
    NfsScript s = new NfsScript(both);
    s.getattr(root);
    byte[] file = s.create(root, "hello.txt", 0644);
    assertThat(s.lastMtimeSeconds())
        .as("CREATE's mtime comes from the logical clock")
        .isEqualTo(LogicalAgreedTime.START_SECONDS);
    byte[] data = new byte[20_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    s.write(file, 0, data);
    assertThat(s.read(file, 0, 32_768)).isEqualTo(data);
    byte[] sub = s.mkdir(root, "dir", 0755);
    s.create(sub, "inner", 0600);
    s.write(file, 100_000, "tail".getBytes(StandardCharsets.US_ASCII));
    s.getattr(file);
    assertThat(s.readdirplus(root)).containsExactly(".", "..", "dir", "hello.txt");
    assertThat(s.readdirplus(sub)).containsExactly(".", "..", "inner");
  }
}
