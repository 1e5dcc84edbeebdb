package org.bftnfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bftnfs.bench.targets.JvmHeap;
import org.bftnfs.testkit.process.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every JVM the project starts has an explicit heap limit: {@code bin/bftnfs} sets {@code -Xmx} per
 * subcommand (checked through its {@code BFTNFS_DRY_RUN=1} mode, which prints the JVM options it
 * would exec with), its table agrees with {@link JvmHeap}, and {@code local-cluster} gives its
 * replica processes the replica heap.
 */
@Timeout(60)
class HeapLimitTest {

  private static final Map<String, String> DEFAULTS =
      Map.of(
          "replica", "-Xmx512m",
          "relay", "-Xmx256m",
          "local-cluster", "-Xmx256m",
          "serve", "-Xmx512m",
          "status", "-Xmx128m",
          "keygen", "-Xmx128m",
          "bench", "-Xmx1g");

  /** The launcher's output and exit code. */
  private record Run(int code, List<String> options, String stderr) {}

  /** Runs {@code bin/bftnfs args} in dry-run mode with exactly {@code env} as heap settings. */
  private static Run dryRun(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command =
        new java.util.ArrayList<>(List.of(Repository.checkout().resolve("bin/bftnfs").toString()));
    command.addAll(List.of(args));
    ProcessBuilder b = new ProcessBuilder(command);
    b.environment().keySet().removeIf(k -> k.startsWith("BFTNFS_") || k.equals("JAVA_OPTS"));
    b.environment().put("BFTNFS_DRY_RUN", "1");
    // never a build from a test, even if the dry-run mode were missing
    b.environment().put("BFTNFS_SKIP_BUILD", "1");
    b.environment().putAll(env);
    Path err = java.nio.file.Files.createTempFile("bftnfs-dry-run", ".err");
    try {
      Process p = b.redirectError(err.toFile()).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        throw new AssertionError("bin/bftnfs dry run took more than 30 s");
      }
      String stdout = new String(out, StandardCharsets.UTF_8);
      return new Run(
          p.exitValue(),
          stdout.lines().toList(),
          java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      java.nio.file.Files.deleteIfExists(err);
    }
  }

  @Test
  void eachSubcommandGetsItsDocumentedDefaultHeap() throws Exception {
    JvmHeap table = JvmHeap.from(Map.<String, String>of()::get);
    for (Map.Entry<String, String> e : DEFAULTS.entrySet()) {
      Run run = dryRun(Map.of(), e.getKey(), "--whatever");
      assertThat(run.code()).as(run.stderr()).isZero();
      assertThat(run.options()).as(e.getKey()).containsExactly(e.getValue());
      assertThat(table.option(e.getKey())).as("JvmHeap for " + e.getKey()).isEqualTo(e.getValue());
    }
  }

  @Test
  void theRoleVariablesChangeTheDefaultsInTheScriptAsInJava() throws Exception {
    Map<String, String> env =
        Map.of(
            "BFTNFS_REPLICA_HEAP", "700m",
            "BFTNFS_RELAY_HEAP", "300m",
            "BFTNFS_SERVE_HEAP", "2g");
    JvmHeap table = JvmHeap.from(env::get);
    for (String sub : List.of("replica", "relay", "local-cluster", "serve", "status")) {
      Run run = dryRun(env, sub);
      assertThat(run.options()).as(sub).containsExactly(table.option(sub));
    }
    assertThat(table.option("replica")).isEqualTo("-Xmx700m");
    assertThat(table.option("local-cluster")).isEqualTo("-Xmx300m");
    assertThat(table.option("serve")).isEqualTo("-Xmx2g");
  }

  @Test
  void bftnfsHeapSizesThisJvmAndAnXmxInJavaOptsWins() throws Exception {
    assertThat(dryRun(Map.of("BFTNFS_HEAP", "3g"), "serve").options()).containsExactly("-Xmx3g");
    assertThat(dryRun(Map.of("BFTNFS_HEAP", "3g", "JAVA_OPTS", "-Dx=1 -Xmx2g"), "serve").options())
        .containsExactly("-Dx=1", "-Xmx2g");
    assertThat(dryRun(Map.of("JAVA_OPTS", "-XX:MaxRAMPercentage=10"), "replica").options())
        .containsExactly("-XX:MaxRAMPercentage=10");
    assertThat(dryRun(Map.of("JAVA_OPTS", "-Dx=1"), "replica").options())
        .containsExactly("-Dx=1", "-Xmx512m");
  }

  @Test
  void aHeapThatIsNotASizeIsAUsageError() throws Exception {
    Run run = dryRun(Map.of("BFTNFS_HEAP", "lots"), "serve");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.options()).isEmpty();
    assertThat(run.stderr()).contains("'lots' is not a size");
  }

  @Test
  void localClusterStartsEachReplicaWithTheReplicaHeap() {
    Path config = Path.of("/data/cluster.properties");
    List<String> defaults =
        LocalClusterCommand.replicaCommand(
            "/jdk/bin/java", "a.jar:b.jar", JvmHeap.from(Map.<String, String>of()::get), config, 2);
    assertThat(defaults)
        .containsExactly(
            "/jdk/bin/java",
            "-Xmx512m",
            "-cp",
            "a.jar:b.jar",
            Main.class.getName(),
            "replica",
            "--config",
            config.toString(),
            "--id",
            "2");
    List<String> configured =
        LocalClusterCommand.replicaCommand(
            "java", "cp", JvmHeap.from(Map.of("BFTNFS_REPLICA_HEAP", "1g")::get), config, 0);
    assertThat(configured).contains("-Xmx1g").doesNotContain("-Xmx512m");
  }
}
