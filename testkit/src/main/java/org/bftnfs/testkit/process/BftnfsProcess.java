package org.bftnfs.testkit.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bftnfs.process.ChildProcess;
import org.bftnfs.process.Launch;

/**
 * Starts one {@code bin/bftnfs} command as a child process of a test with the one launcher ({@link
 * Launch}, module {@code process}): the build step switched off ({@code BFTNFS_SKIP_BUILD=1}; the
 * reactor packaged cli before the integration tests), no {@code BFTNFS_FAULT} unless the test sets
 * one, its output appended to files (stdout and stderr in one log, or kept apart). The {@link
 * ChildProcess} it returns bounds every wait and ends the process, and what it started, by PID.
 */
public final class BftnfsProcess {

  private BftnfsProcess() {}

  /**
   * Starts {@code bin/bftnfs args...} in the log's directory.
   *
   * @param name for messages, e.g. "replica 2"
   * @param log the file its stdout and stderr are appended to
   * @param env variables set on top of this process's environment (a null value removes one)
   */
  public static ChildProcess start(
      String name, Path log, Map<String, String> env, List<String> args) throws IOException {
    return launch(name, log.getParent(), env, args).output(log).start();
  }

  /**
   * Starts {@code bin/bftnfs args...} in {@code workDir} with its stdout appended to {@code out}
   * and its stderr to {@code err} ({@link ChildProcess#output} is the stdout, {@link
   * ChildProcess#errors} the stderr).
   */
  public static ChildProcess startApart(
      String name, Path workDir, Path out, Path err, Map<String, String> env, List<String> args)
      throws IOException {
    return launch(name, workDir, env, args).output(out, err).start();
  }

  private static Launch launch(
      String name, Path workDir, Map<String, String> env, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Repository.root().resolve("bin/bftnfs").toString());
    command.addAll(args);
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("BFTNFS_SKIP_BUILD", "1");
    environment.put("BFTNFS_FAULT", null);
    environment.putAll(env);
    return Launch.of(name, command).directory(workDir).environment(environment).appending();
  }
}
