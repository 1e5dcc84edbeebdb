package org.bftnfs.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing prerequisite fails under CI and skips elsewhere; a present one does neither. */
class PrerequisiteTest {

  private static final Prerequisite UNDER_CI = new Prerequisite(Map.of("CI", "true")::get);
  private static final Prerequisite LOCAL = new Prerequisite(Map.of("HOME", "/root")::get);

  @Test
  void ciMeansTheVariableIsSetToAnythingNonEmpty() {
    assertThat(UNDER_CI.underCi()).isTrue();
    assertThat(new Prerequisite(Map.of("CI", "1")::get).underCi()).isTrue();
    assertThat(LOCAL.underCi()).isFalse();
    assertThat(new Prerequisite(Map.of("CI", "")::get).underCi()).isFalse();
  }

  @Test
  void underCiAMissingPrerequisiteFailsTheTestWithItsReason() {
    assertThatThrownBy(() -> UNDER_CI.check(false, () -> "ganesha.nfsd not found"))
        .isInstanceOf(AssertionFailedError.class)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ganesha.nfsd not found")
        .hasMessageContaining("CI is set");
    assertThatThrownBy(() -> UNDER_CI.unmet("mounting xfs failed"))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("mounting xfs failed");
  }

  @Test
  void outsideCiAMissingPrerequisiteSkipsTheTestWithItsReason() {
    assertThatThrownBy(() -> LOCAL.check(false, () -> "needs root"))
        .isInstanceOf(TestAbortedException.class)
        .isNotInstanceOf(AssertionError.class)
        .hasMessageContaining("needs root");
    assertThatThrownBy(() -> new Prerequisite(Map.of("CI", "")::get).unmet("nfs-ls missing"))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("nfs-ls missing");
  }

  @Test
  void aPresentPrerequisitePassesEverywhereWithoutBuildingTheReason() {
    AtomicInteger asked = new AtomicInteger();
    for (Prerequisite p : new Prerequisite[] {UNDER_CI, LOCAL}) {
      assertThatCode(() -> p.check(true, () -> "reason " + asked.incrementAndGet()))
          .doesNotThrowAnyException();
    }
    assertThat(asked).hasValue(0);
  }

  @Test
  void theStaticFormsFollowTheRealEnvironment() {
    String ci = System.getenv("CI");
    Class<? extends Throwable> expected =
        ci != null && !ci.isEmpty() ? AssertionFailedError.class : TestAbortedException.class;
    assertThatThrownBy(() -> Prerequisite.require(false, () -> "probe")).isInstanceOf(expected);
    assertThatThrownBy(() -> Prerequisite.missing("probe")).isInstanceOf(expected);
    assertThatCode(() -> Prerequisite.require(true, () -> "probe")).doesNotThrowAnyException();
  }
}
