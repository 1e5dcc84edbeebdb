package org.bftnfs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.bftnfs.spec.SpecConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WrappedFileSystemsTest {

  @Test
  void aMissingNfsGaneshaIsAUsageErrorWithTheInstallLine(@TempDir Path dir) {
    DataLayout layout = DataLayout.of(dir);
    assertThatThrownBy(
            () ->
                WrappedFileSystems.open(
                    BackendKind.GANESHA,
                    layout,
                    SpecConfig.defaults(),
                    Optional.of(
                        "nfs-ganesha cannot run here: ganesha.nfsd not found (Debian package"
                            + " nfs-ganesha)")))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "--backend ganesha needs nfs-ganesha"
                + " (apt-get install nfs-ganesha nfs-ganesha-vfs rpcbind)");
  }

  @Test
  void anInstalledNfsGaneshaThatCannotRunSaysWhy() {
    assertThat(
            WrappedFileSystems.ganeshaMissing(
                "nfs-ganesha cannot run here: not running as root (FSAL_VFS needs"
                    + " CAP_DAC_READ_SEARCH for file handles)"))
        .isEqualTo(
            "--backend ganesha: nfs-ganesha cannot run here: not running as root (FSAL_VFS needs"
                + " CAP_DAC_READ_SEARCH for file handles)");
  }

  @Test
  void oneLineMessages() {
    assertThat(OneLine.of("a\n  b\r\nc\n")).isEqualTo("a b c");
  }
}
