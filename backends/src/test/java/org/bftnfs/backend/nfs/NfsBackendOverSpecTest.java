package org.bftnfs.backend.nfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bftnfs.backend.Backend.Entry;
import org.bftnfs.backend.Backend.Found;
import org.bftnfs.backend.Backend.Kind;
import org.bftnfs.backend.BackendException;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.service.Procedure;
import org.bftnfs.spec.xdr.MalformedXdrException;
import org.bftnfs.spec.xdr.XdrCodec;
import org.bftnfs.testkit.nfs.SpecNfsServer;
import org.bftnfs.xdr.nfs.READ3args;
import org.bftnfs.xdr.nfs.WRITE3args;
import org.bftnfs.xdr.nfs.WRITE3res;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.bftnfs.xdr.nfs.stable_how;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link NfsBackend} against an in-process server ({@link SpecNfsServer}) that misbehaves on
 * demand: short reads and writes, unstable writes, READDIRPLUS unsupported, stale cookies, silence.
 * The server announces 4 KiB transfers, so every larger transfer is split and pipelined.
 */
class NfsBackendOverSpecTest {

  private static final int TRANSFER = 4096;

  private SpecNfsServer server;
  private NfsBackend backend;

  @BeforeEach
  void start() throws IOException {
    SpecConfig.Builder config = SpecConfig.defaults().toBuilder();
    config.maxTransfer = TRANSFER;
    server = new SpecNfsServer(config.build());
    backend = NfsBackend.open(endpoint(Duration.ofSeconds(5)));
  }

  @AfterEach
  void stop() throws IOException {
    try {
      backend.close();
    } finally {
      server.close();
    }
  }

  @Test
  void transfersAreSplitAtTheAnnouncedSizes() {
    byte[] data = random(10 * TRANSFER + 17);
    byte[] f = backend.create(backend.root(), bytes("f"), 0644).handle();

    backend.write(f, 0, data);

    assertThat(backend.readChunk()).isEqualTo(TRANSFER);
    assertThat(backend.writeChunk()).isEqualTo(TRANSFER);
    assertThat(server.calls(Procedure.WRITE)).isEqualTo(11);
    assertThat(backend.read(f, 0, data.length)).isEqualTo(data);
    assertThat(server.calls(Procedure.READ)).isEqualTo(11);
    assertThat(server.calls(Procedure.COMMIT)).isZero();
  }

  @Test
  void shortWritesAreCompleted() {
    server.behave(
        (procedure, arguments, spec) ->
            spec.apply(procedure == Procedure.WRITE ? shortenWrite(arguments, 1000) : arguments));
    byte[] data = random(5 * TRANSFER + 3);
    byte[] f = backend.create(backend.root(), bytes("f"), 0644).handle();

    backend.write(f, 100, data);

    server.behaveFaithfully();
    byte[] back = backend.read(f, 0, 200 + data.length);
    assertThat(back).hasSize(100 + data.length);
    assertThat(Arrays.copyOfRange(back, 100, back.length)).isEqualTo(data);
    assertThat(server.calls(Procedure.WRITE)).isGreaterThanOrEqualTo(21);
  }

  @Test
  void shortReadsAreCompleted() {
    byte[] data = random(6 * TRANSFER);
    byte[] f = backend.create(backend.root(), bytes("f"), 0644).handle();
    backend.write(f, 0, data);
    server.behave(
        (procedure, arguments, spec) ->
            spec.apply(procedure == Procedure.READ ? shortenRead(arguments, 777) : arguments));

    assertThat(backend.read(f, 5, data.length)).isEqualTo(Arrays.copyOfRange(data, 5, data.length));
  }

  @Test
  void unstableWritesAreCommitted() {
    server.behave(
        (procedure, arguments, spec) -> {
          byte[] result = spec.apply(arguments);
          return procedure == Procedure.WRITE ? unstable(result) : result;
        });
    byte[] f = backend.create(backend.root(), bytes("f"), 0644).handle();

    backend.write(f, 0, random(3 * TRANSFER));

    assertThat(server.calls(Procedure.COMMIT)).isEqualTo(1);
  }

  @Test
  void aChangedWriteVerifierFailsAnUnstableWrite() {
    server.behave(
        (procedure, arguments, spec) -> {
          byte[] result = spec.apply(arguments);
          if (procedure != Procedure.WRITE) {
            return result;
          }
          WRITE3res res = decode(unstable(result), new WRITE3res());
          res.resok.verf[0] = (byte) server.calls(Procedure.WRITE);
          return XdrCodec.encode(res);
        });
    byte[] f = backend.create(backend.root(), bytes("f"), 0644).handle();

    assertThatThrownBy(() -> backend.write(f, 0, random(3 * TRANSFER)))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("WRITE failed: the write verifier changed");
  }

  @Test
  void readdirFallsBackToReaddirAndLookupWhenReaddirplusIsNotSupported() {
    List<String> names = createFiles(300);
    server.behave(
        (procedure, arguments, spec) ->
            procedure == Procedure.READDIRPLUS
                ? procedure.failureResult(nfsstat3.NFS3ERR_NOTSUPP)
                : spec.apply(arguments));

    List<Entry> entries = backend.readdir(backend.root());

    assertThat(backend.usesReaddirplus()).isFalse();
    assertThat(entries).extracting(e -> string(e.name())).containsExactlyElementsOf(names);
    Found first = backend.lookup(backend.root(), bytes(names.get(0))).orElseThrow();
    assertThat(entries.get(0).handle()).isEqualTo(first.handle());
    assertThat(entries.get(0).attributes()).isEqualTo(first.attributes());
    int readdirs = server.calls(Procedure.READDIR);
    assertThat(readdirs).isGreaterThan(1);
    backend.readdir(backend.root());
    assertThat(server.calls(Procedure.READDIRPLUS)).as("asked once, then never again").isEqualTo(1);
  }

  @Test
  void aStaleCookieStartsTheListingOver() {
    List<String> names = createFiles(300);
    AtomicBoolean refused = new AtomicBoolean();
    server.behave(
        (procedure, arguments, spec) ->
            procedure == Procedure.READDIRPLUS
                    && server.calls(Procedure.READDIRPLUS) == 2
                    && refused.compareAndSet(false, true)
                ? procedure.failureResult(nfsstat3.NFS3ERR_BAD_COOKIE)
                : spec.apply(arguments));

    List<Entry> entries = backend.readdir(backend.root());

    assertThat(refused).isTrue();
    assertThat(entries).extracting(e -> string(e.name())).containsExactlyElementsOf(names);
  }

  @Test
  void aSilentServerTimesOutAndTheNextCallConnectsAgain() throws IOException {
    byte[] f = backend.create(backend.root(), bytes("f"), 0644).handle();
    try (NfsBackend quick = NfsBackend.open(endpoint(Duration.ofMillis(300)))) {
      server.behave((procedure, arguments, spec) -> null);
      long t0 = System.nanoTime();

      assertThatThrownBy(() -> quick.getattr(f))
          .isInstanceOf(BackendException.class)
          .hasMessage("spec at " + where() + ": GETATTR failed: no reply within 300 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
      assertThatThrownBy(() -> quick.read(f, 0, 10 * TRANSFER))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("READ failed: no reply within 300 ms");

      server.behaveFaithfully();
      assertThat(quick.getattr(f).kind()).isEqualTo(Kind.FILE);
    }
  }

  @Test
  void unexpectedStatusesNameServerProcedureAndStatus() {
    server.behave(
        (procedure, arguments, spec) ->
            procedure == Procedure.WRITE
                ? procedure.failureResult(nfsstat3.NFS3ERR_IO)
                : spec.apply(arguments));
    byte[] f = backend.create(backend.root(), bytes("f"), 0644).handle();

    assertThatThrownBy(() -> backend.write(f, 0, random(100)))
        .isInstanceOf(BackendException.class)
        .hasMessage("spec at " + where() + ": WRITE failed: NFS3ERR_IO");
    assertThatThrownBy(() -> backend.readlink(f))
        .isInstanceOf(BackendException.class)
        .hasMessage("spec at " + where() + ": READLINK failed: NFS3ERR_INVAL");
  }

  @Test
  void callsAfterCloseFail() {
    backend.close();
    assertThatThrownBy(() -> backend.getattr(backend.root()))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("after close");
  }

  private List<String> createFiles(int n) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = String.format("file-%04d", i);
      backend.create(backend.root(), bytes(name), 0644);
      names.add(name);
    }
    return names;
  }

  private String where() {
    return "127.0.0.1:" + backend.endpoint().nfsPort();
  }

  private static byte[] shortenWrite(byte[] arguments, int most) {
    WRITE3args args = decode(arguments, new WRITE3args());
    if (args.data.length > most) {
      args.data = Arrays.copyOf(args.data, most);
      args.count = most;
    }
    return XdrCodec.encode(args);
  }

  private static byte[] shortenRead(byte[] arguments, int most) {
    READ3args args = decode(arguments, new READ3args());
    args.count = Math.min(args.count, most);
    return XdrCodec.encode(args);
  }

  private static byte[] unstable(byte[] result) {
    WRITE3res res = decode(result, new WRITE3res());
    if (res.status == nfsstat3.NFS3_OK) {
      res.resok.committed = stable_how.UNSTABLE;
    }
    return XdrCodec.encode(res);
  }

  private static <T extends org.dcache.oncrpc4j.xdr.XdrAble> T decode(byte[] bytes, T target) {
    try {
      return XdrCodec.decode(bytes, target);
    } catch (MalformedXdrException e) {
      throw new AssertionError("cannot decode " + target.getClass().getSimpleName(), e);
    }
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String string(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Where the server is, NFS and MOUNT on the same port. */
  private NfsEndpoint endpoint(Duration timeout) {
    return new NfsEndpoint(
        "spec", "127.0.0.1", server.port(), server.port(), SpecNfsServer.EXPORT, timeout);
  }
}
