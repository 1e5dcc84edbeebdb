package org.bftnfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.bftnfs.backend.ganesha.GaneshaServer;
import org.bftnfs.testkit.Prerequisite;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The real-client suite against {@code bin/bftnfs serve --backend ganesha}: the server starts its
 * own nfs-ganesha and must stop it. Skipped, with the reason, where nfs-ganesha cannot run (a
 * failure under CI, where {@code bin/test} installs it).
 */
class LibnfsClientGaneshaIT extends LibnfsClientSuite {

  @Override
  String backend() {
    return "ganesha";
  }

  @Override
  void assumeBackendPresent() {
    Prerequisite.require(
        GaneshaServer.available(),
        () -> "nfs-ganesha cannot run here: " + GaneshaServer.unavailableReason().orElse(""));
  }

  @Test
  @Order(8)
  void theServerRunsItsOwnNfsGanesha() {
    assertThat(server().children())
        .anySatisfy(
            p ->
                assertThat(p.info().command())
                    .hasValueSatisfying(c -> assertThat(c).endsWith("ganesha.nfsd")));
  }
}
