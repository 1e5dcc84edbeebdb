package org.bftnfs.bench.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bftnfs.bench.BenchException;
import org.bftnfs.bench.BenchOptions;
import org.bftnfs.bench.Progress;
import org.bftnfs.bench.profile.JfrProfile;
import org.bftnfs.bench.profile.JfrRecorder;
import org.bftnfs.bench.profile.RoleProfile;
import org.bftnfs.bench.results.CpuUsage;
import org.bftnfs.bench.results.Measurement;
import org.bftnfs.bench.results.ProfileResult;
import org.bftnfs.bench.workload.AndrewWorkload;

/**
 * One extra Andrew run, not among the measurements, with JFR recording in every JVM of the target
 * (relay and replicas), summarised by role.
 */
final class ProfilePart {

  private final BenchOptions options;
  private final Progress progress;
  private final Path jcmd;
  private final Path dir;

  ProfilePart(BenchOptions options, Progress progress, Path jcmd, Path dir) {
    this.options = options;
    this.progress = progress;
    this.jcmd = jcmd;
    this.dir = dir;
  }

  /**
   * A thrown-away recording in every JVM of the target, before the warm-up: the first recording
   * costs a JVM a burst of recompilation, which must not land in the profiled run.
   */
  void prime(TargetSession s) throws BenchException, InterruptedException {
    progress.accept(s.name() + ": priming JFR in its JVMs (before the warm-up)");
    new JfrRecorder(jcmd, dir).prime(s.name(), s.target().processes());
  }

  ProfileResult run(TargetSession s) throws BenchException, InterruptedException {
    JfrRecorder recorder = new JfrRecorder(jcmd, dir);
    List<JfrRecorder.Recording> recordings = recorder.start(s.name(), s.target().processes());
    progress.accept(
        s.name() + ": profiled Andrew run (JFR in " + recordings.size() + " JVMs, not measured)");
    List<Measurement> ms;
    try {
      ms =
          new AndrewPart(options, progress, new ArrayList<>())
              .once(s, AndrewWorkload.trees(options.seed(), options.scale()), "andrew-profiled", 0);
    } finally {
      recorder.stop(recordings);
    }
    Measurement total = ms.get(ms.size() - 1);
    List<RoleProfile> roles;
    try {
      roles = JfrProfile.summarise(recordings);
    } catch (IOException e) {
      throw new BenchException("cannot read the JFR recordings: " + e.getMessage(), e);
    }
    CpuUsage cpu = total.cpu();
    progress.accept(
        String.format(
            "%s: profiled run %.2fs, target CPU %.1fs; recordings in %s",
            s.name(), total.seconds(), cpu.targetSeconds(), dir));
    return new ProfileResult(
        s.name(),
        total.seconds(),
        cpu,
        roles,
        recordings.stream().map(r -> r.file().getFileName().toString()).toList());
  }
}
