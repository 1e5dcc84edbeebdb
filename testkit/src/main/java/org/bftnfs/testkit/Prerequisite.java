package org.bftnfs.testkit;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The one place a test decides what a missing prerequisite (nfs-ganesha, root, libnfs-utils, a
 * mkfs, a mountable file system...) means.
 *
 * <p>Outside CI a missing prerequisite <em>skips</em> the test, with the reason (JUnit's {@link
 * org.opentest4j.TestAbortedException}), so a developer without root or nfs-ganesha can still run
 * the rest. Under CI, that is when the environment variable {@value #CI_VARIABLE} is set to any
 * non-empty value, it <em>fails</em> the test ({@link org.opentest4j.AssertionFailedError}, an
 * {@link AssertionError}): CI installs every prerequisite ({@code bin/test}), so a skip there would
 * hide a test that silently stopped running.
 *
 * <p>Tests use the static methods, which read the real environment; an instance built with {@link
 * #Prerequisite(Function)} reads an injected one (for testing this class). Instances are immutable.
 */
public final class Prerequisite {

  /** The environment variable whose non-empty value means "running under CI". */
  public static final String CI_VARIABLE = "CI";

  private static final Prerequisite PROCESS_ENVIRONMENT = new Prerequisite(System::getenv);

  private final Function<String, String> environment;

  /**
   * A policy reading the environment through {@code environment}.
   *
   * @param environment maps a variable name to its value, or to null when it is not set
   */
  public Prerequisite(Function<String, String> environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  /**
   * Passes when {@code present}; otherwise fails the calling test under CI and skips it elsewhere
   * (see the class comment), with {@code why} as the reason.
   *
   * @param present whether the prerequisite is there
   * @param why what is missing and how to get it; only called when {@code present} is false
   */
  public static void require(boolean present, Supplier<String> why) {
    PROCESS_ENVIRONMENT.check(present, why);
  }

  /**
   * Never returns: fails the calling test under CI and skips it elsewhere, with {@code why} as the
   * reason. For prerequisites found missing by trying (a mount that failed).
   *
   * @param why what is missing and how to get it
   * @param <T> whatever the caller's expression needs, so it can be written {@code return
   *     Prerequisite.missing(...)}
   * @return never
   */
  public static <T> T missing(String why) {
    return PROCESS_ENVIRONMENT.unmet(why);
  }

  /** True when {@value #CI_VARIABLE} is set to a non-empty value in this policy's environment. */
  public boolean underCi() {
    String value = environment.apply(CI_VARIABLE);
    return value != null && !value.isEmpty();
  }

  /**
   * {@link #require} against this policy's environment.
   *
   * @param present whether the prerequisite is there
   * @param why what is missing; only called when {@code present} is false
   */
  public void check(boolean present, Supplier<String> why) {
    Objects.requireNonNull(why, "why");
    if (!present) {
      unmet(why.get());
    }
  }

  /**
   * {@link #missing} against this policy's environment.
   *
   * @param why what is missing
   * @param <T> whatever the caller's expression needs
   * @return never
   */
  public <T> T unmet(String why) {
    if (underCi()) {
      return Assertions.fail(
          "missing prerequisite, a failure because "
              + CI_VARIABLE
              + " is set (outside CI this test is skipped): "
              + why);
    }
    return Assumptions.abort("skipped, missing prerequisite: " + why);
  }
}
