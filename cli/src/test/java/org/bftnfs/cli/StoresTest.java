package org.bftnfs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.bftnfs.replication.config.ClusterConfig;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.testkit.Prerequisite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one place that opens a process's implementation of the specification: its errors, and the two
 * policies for an export the wrapper cannot take over (refuse for {@code serve}, start clean for a
 * replica).
 */
class StoresTest {

  @Test
  void aMissingNfsGaneshaIsAUsageErrorWithTheInstallLine(@TempDir Path dir) {
    DataLayout layout = DataLayout.of(dir);
    assertThatThrownBy(
            () ->
                Stores.open(
                    ClusterConfig.Backend.GANESHA,
                    layout,
                    SpecConfig.defaults(),
                    Optional.of(
                        "nfs-ganesha cannot run here: ganesha.nfsd not found (Debian package"
                            + " nfs-ganesha)"),
                    Stores.UnknownExport.REFUSE))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "--backend ganesha needs nfs-ganesha"
                + " (apt-get install nfs-ganesha nfs-ganesha-vfs rpcbind)");
  }

  @Test
  void anInstalledNfsGaneshaThatCannotRunSaysWhy() {
    assertThat(
            Stores.ganeshaMissing(
                "nfs-ganesha cannot run here: not running as root (FSAL_VFS needs"
                    + " CAP_DAC_READ_SEARCH for file handles)"))
        .isEqualTo(
            "--backend ganesha: nfs-ganesha cannot run here: not running as root (FSAL_VFS needs"
                + " CAP_DAC_READ_SEARCH for file handles)");
  }

  @Test
  void anExportWithFilesAndNoRepIsRefusedByServeAndStartedCleanByAReplica(@TempDir Path dir)
      throws Exception {
    Prerequisite.require(
        new com.sun.security.auth.module.UnixSystem().getUid() == 0,
        () -> "the local directory backend sets owners: run as root");
    DataLayout layout = DataLayout.of(dir).prepare();
    Files.createDirectories(layout.export().resolve("root"));
    Files.writeString(layout.export().resolve("root/stray.txt"), "not made by the wrapper");
    assertThatThrownBy(
            () ->
                Stores.open(
                    ClusterConfig.Backend.LOCAL,
                    layout,
                    SpecConfig.defaults(),
                    Optional.empty(),
                    Stores.UnknownExport.REFUSE))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("there is no " + layout.rep());
    assertThat(layout.export().resolve("root/stray.txt")).exists();

    Store store =
        Stores.open(
            ClusterConfig.Backend.LOCAL,
            layout,
            SpecConfig.defaults(),
            Optional.empty(),
            Stores.UnknownExport.START_CLEAN);
    try {
      assertThat(layout.export().resolve("root/stray.txt")).doesNotExist();
      assertThat(store.note()).contains("new file system");
    } finally {
      store.close(true);
    }
    assertThat(layout.rep()).as("saved at the clean stop").exists();
  }

  @Test
  void theSpecKindIsTheReferenceInMemory(@TempDir Path dir) throws Exception {
    Store store =
        Stores.open(
            ClusterConfig.Backend.SPEC,
            DataLayout.of(dir),
            SpecConfig.defaults().withCapacity(10),
            Optional.empty(),
            Stores.UnknownExport.REFUSE);
    assertThat(store.machine().capacity()).isEqualTo(10);
    assertThat(store.note()).contains("in memory");
    store.close(true);
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void oneLineMessages() {
    assertThat(OneLine.of("a\n  b\r\nc\n")).isEqualTo("a b c");
  }
}
