package org.bftnfs.wrapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bftnfs.backend.ganesha.GaneshaServer;
import org.bftnfs.spec.AgreedValues;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.service.Credentials;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.Procedure;
import org.bftnfs.spec.upcall.ReplicaFaultException;
import org.bftnfs.spec.xdr.XdrCodec;
import org.bftnfs.testkit.Prerequisite;
import org.bftnfs.xdr.nfs.GETATTR3args;
import org.bftnfs.xdr.nfs.nfs_fh3;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paper §3.4 over nfs-ganesha: the conformance rep is saved, the server restarts, the wrapper is
 * rebuilt from the saved &lt;fsid, fileid&gt; map by walking the export, and the abstract state and
 * the oids clients hold are unchanged. And a server that dies mid-run is a fault of the replica
 * with a clear message, never a reply.
 */
class GaneshaRestartIT {

  static final SpecConfig CONFIG = GaneshaDifferentialIT.CONFIG;

  @BeforeEach
  void ganeshaPresent() {
    Prerequisite.require(
        GaneshaServer.available(), () -> GaneshaServer.unavailableReason().orElse(""));
  }

  @Test
  void restartedServerAndRebuiltRepKeepTheAbstractState(@TempDir Path dir) throws Exception {
    Path export = Files.createDirectory(dir.resolve("export"));
    Path saved = dir.resolve("conformance-rep");
    Differential.Target reference = Differential.reference(CONFIG);
    try (GaneshaServer ganesha = GaneshaServer.start(export)) {
      List<byte[]> before = new ArrayList<>();
      try (ConformanceWrapper w = ConformanceWrapper.create(ganesha.openBackend(), CONFIG)) {
        Differential.run(
            77,
            3000,
            CONFIG,
            List.of(reference, new Differential.WrapperTarget("before", w)),
            3000,
            100_000);
        for (int i = 0; i < CONFIG.capacity(); i++) {
          before.add(w.getObj(i));
        }
        w.saveRep(saved);
      }
      ganesha.restart();
      try (ConformanceWrapper w =
          ConformanceWrapper.restore(ganesha.openBackend(), CONFIG, saved)) {
        for (int i = 0; i < CONFIG.capacity(); i++) {
          assertThat(w.getObj(i)).as("entry %d after restart", i).isEqualTo(before.get(i));
        }
        // the same oids keep serving: the workload goes on, against the same reference
        Differential.run(
            78,
            2000,
            CONFIG,
            List.of(reference, new Differential.WrapperTarget("after", w)),
            1000,
            100_000);
      }
    }
  }

  @Test
  void aServerThatDiesIsAReplicaFault(@TempDir Path dir) {
    try (GaneshaServer ganesha = GaneshaServer.start(dir);
        ConformanceWrapper w =
            ConformanceWrapper.create(ganesha.openBackend(Duration.ofSeconds(2)), CONFIG)) {
      List<Differential.Target> both =
          List.of(Differential.reference(CONFIG), new Differential.WrapperTarget("w", w));
      Differential.run(5, 500, CONFIG, both, 500, 10_000);
      ganesha.kill();
      assertThatThrownBy(() -> Differential.run(6, 500, CONFIG, both, 500, 10_000))
          .isInstanceOf(ReplicaFaultException.class)
          .hasMessageContaining("nfs-ganesha");
      assertThat(w.fault()).isNotNull();
      GETATTR3args a = new GETATTR3args();
      a.object = new nfs_fh3();
      a.object.data = CONFIG.handles().root();
      NfsCall getattr =
          new NfsCall(Procedure.GETATTR.number(), Credentials.none(), XdrCodec.encode(a));
      assertThatThrownBy(() -> w.execute(getattr, new AgreedValues(2_000_000_000, 0)))
          .isInstanceOf(ReplicaFaultException.class)
          .hasMessageContaining("needs state transfer");
    }
  }
}
