package org.bftnfs.bench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import org.bftnfs.bench.BenchException;
import org.bftnfs.bench.BenchOptions;
import org.bftnfs.bench.Part;
import org.bftnfs.bench.Progress;
import org.bftnfs.bench.results.MachineInfo;
import org.bftnfs.bench.results.Measurement;
import org.bftnfs.bench.results.PeakMemory;
import org.bftnfs.bench.results.ProfileResult;
import org.bftnfs.bench.results.RunResults;
import org.bftnfs.bench.results.Summary;
import org.bftnfs.bench.results.TargetInfo;
import org.bftnfs.bench.targets.Launcher;
import org.bftnfs.bench.targets.ProcStat;
import org.bftnfs.bench.targets.ProcessRole;
import org.bftnfs.bench.targets.Target;
import org.bftnfs.bench.targets.TargetKind;
import org.bftnfs.bench.targets.TargetStarter;

/**
 * One benchmark run: starts the targets, opens the client connections, warms every target up,
 * measures its idle CPU, then runs the parts — every comparison interleaved across targets (the
 * order rotates with each repetition) — profiles one extra Andrew run, and stops everything.
 */
public final class BenchRun {

  /** How long the idle CPU of the targets is measured. */
  static final Duration IDLE = Duration.ofSeconds(3);

  private final BenchOptions options;
  private final Progress progress;
  private final Launcher launcher;
  private final List<Measurement> measurements = new ArrayList<>();
  private final List<TargetSession> sessions = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  /**
   * @param options what to run
   * @param progress where progress lines go
   * @param launcher how to start {@code bftnfs} subcommands
   */
  public BenchRun(BenchOptions options, Progress progress, Launcher launcher) {
    this.options = options;
    this.progress = progress;
    this.launcher = launcher;
  }

  /** Runs everything and returns the results (not yet written). */
  public RunResults run() throws BenchException, InterruptedException {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    Path work = workDirectory();
    MachineInfo machine = machine(work);
    progress.accept(
        "machine: "
            + machine.cores()
            + " cores, "
            + String.format("%.1f", machine.memoryGiB())
            + " GiB, kernel "
            + machine.kernel()
            + ", "
            + machine.jdk()
            + "; data on "
            + machine.fileSystem()
            + " in "
            + work);
    List<Target> targets = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(options.maxClients(), daemonThreads());
    boolean done = false;
    List<TargetInfo> infos;
    List<PeakMemory> memory;
    Optional<ProfileResult> profile;
    try {
      TargetStarter factory = new TargetStarter(work, launcher, progress);
      for (TargetKind kind : options.targets()) {
        progress.accept("starting " + kind.label() + ": " + kind.description());
        Target t = factory.start(kind);
        targets.add(t);
        sessions.add(TargetSession.open(t));
        progress.accept(kind.label() + " ready at " + t.endpoint().where() + " " + roles(t));
      }
      if (options.profile().isPresent()) {
        profiler().prime(profiled());
      }
      if (options.runs(Part.MICRO)) {
        for (TargetSession s : sessions) {
          progress.accept(s.name() + ": making the microbenchmark fixture");
          s.prepareMicro(options.maxClients(), pool);
        }
      }
      warmUp();
      infos = idle(targets);
      if (options.runs(Part.ANDREW)) {
        new AndrewPart(options, progress, measurements).run(sessions);
      }
      if (options.runs(Part.MICRO)) {
        new MicroPart(options, progress, measurements).run(sessions);
      }
      if (options.runs(Part.SEQUENTIAL) && options.seqMib() > 0) {
        new SequentialPart(options, progress, measurements).run(sessions);
      }
      profile = profile(notes);
      memory = peakMemory(targets);
      done = true;
    } finally {
      pool.shutdownNow();
      for (TargetSession s : sessions) {
        s.close();
      }
      for (int i = targets.size() - 1; i >= 0; i--) {
        progress.accept("stopping " + targets.get(i).kind().label());
        targets.get(i).close();
      }
      if (!done) {
        progress.accept("failed; the targets' data and logs stay in " + work);
      }
    }
    if (options.work().isEmpty()) {
      deleteTree(work);
    }
    return new RunResults(
        "bin/bftnfs bench " + String.join(" ", options.args()),
        started.toString(),
        (System.nanoTime() - t0) / 1e9,
        machine,
        Settings.of(options),
        infos,
        memory,
        List.copyOf(measurements),
        Summary.of(measurements, RunResults.BASELINE),
        profile,
        List.copyOf(notes));
  }

  private Path workDirectory() throws BenchException {
    try {
      if (options.work().isPresent()) {
        return Files.createDirectories(options.work().get()).toAbsolutePath();
      }
      return Files.createTempDirectory("bftnfs-bench-").toAbsolutePath();
    } catch (IOException e) {
      throw new BenchException("cannot create the work directory: " + e.getMessage(), e);
    }
  }

  private static MachineInfo machine(Path work) throws BenchException, InterruptedException {
    try {
      return MachineInfo.current(work);
    } catch (IOException e) {
      throw new BenchException("cannot describe this machine: " + e.getMessage(), e);
    }
  }

  /** One small Andrew run and a short run of every micro operation on every target. */
  private void warmUp() throws BenchException, InterruptedException {
    for (TargetSession s : sessions) {
      progress.accept(s.name() + ": warm-up");
      new AndrewPart(options, progress, new ArrayList<>()).warmUp(s);
      if (options.runs(Part.MICRO)) {
        new MicroPart(options, progress, new ArrayList<>()).warmUp(s);
      }
    }
  }

  /** The CPU each target uses while nobody calls it (background work disturbing the others). */
  private List<TargetInfo> idle(List<Target> targets) throws InterruptedException {
    List<org.bftnfs.bench.targets.CpuSnapshot> before = new ArrayList<>();
    for (Target t : targets) {
      before.add(org.bftnfs.bench.targets.CpuSnapshot.of(t));
    }
    Thread.sleep(IDLE.toMillis());
    List<TargetInfo> infos = new ArrayList<>();
    StringBuilder line = new StringBuilder("idle CPU (% of one core):");
    for (int i = 0; i < targets.size(); i++) {
      Target t = targets.get(i);
      double percent =
          org.bftnfs.bench.targets.CpuSnapshot.of(t).since(before.get(i)).targetSeconds()
              * 100
              / (IDLE.toMillis() / 1e3);
      line.append(String.format(" %s %.1f", t.kind().label(), percent));
      infos.add(
          new TargetInfo(
              t.kind().label(),
              t.kind().description(),
              t.endpoint().host() + ":" + t.endpoint().nfsPort() + t.endpoint().exportPath(),
              t.processes().stream().map(p -> p.role() + " " + p.pid()).toList(),
              percent));
    }
    progress.accept(line.toString());
    return infos;
  }

  /**
   * The peak resident memory of every live process of every target, then of this process (the
   * client); a process gone meanwhile is left out.
   */
  private List<PeakMemory> peakMemory(List<Target> targets) {
    List<PeakMemory> peaks = new ArrayList<>();
    StringBuilder line = new StringBuilder("peak RSS (MiB):");
    for (Target t : targets) {
      for (ProcessRole p : t.processes()) {
        Optional<Long> kib = ProcStat.peakRssKib(p.pid());
        if (kib.isPresent()) {
          peaks.add(new PeakMemory(t.kind().label(), p.role(), p.pid(), kib.get()));
        }
      }
    }
    long self = ProcessHandle.current().pid();
    peaks.add(
        new PeakMemory(
            PeakMemory.BENCH, PeakMemory.CLIENT, self, ProcStat.peakRssKib(self).orElseThrow()));
    for (PeakMemory m : peaks) {
      line.append(String.format(" %s/%s %.0f", m.target(), m.role(), m.peakRssMib()));
    }
    progress.accept(line.toString());
    return List.copyOf(peaks);
  }

  /**
   * The profiled run; a profile that fails (jcmd not answering on a loaded machine) is a note in
   * the report, not the end of the measurements.
   */
  private Optional<ProfileResult> profile(List<String> notes) throws InterruptedException {
    if (options.profile().isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(profiler().run(profiled()));
    } catch (BenchException e) {
      String note = "no profile: " + e.getMessage();
      progress.accept(note);
      notes.add(note);
      return Optional.empty();
    }
  }

  private ProfilePart profiler() {
    return new ProfilePart(
        options, progress, launcher.jcmd(), options.out().resolve("profile").toAbsolutePath());
  }

  /** The session of the target to profile. */
  private TargetSession profiled() {
    return sessions.stream()
        .filter(x -> x.target().kind() == options.profile().orElseThrow())
        .findFirst()
        .orElseThrow();
  }

  private static String roles(Target t) {
    List<String> parts = new ArrayList<>();
    for (ProcessRole p : t.processes()) {
      parts.add(p.role() + " " + p.pid());
    }
    return "(" + String.join(", ", parts) + ")";
  }

  private static ThreadFactory daemonThreads() {
    return r -> {
      Thread t = new Thread(r, "bench-client");
      t.setDaemon(true);
      return t;
    };
  }

  private void deleteTree(Path dir) throws BenchException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new BenchException("cannot remove the work directory " + dir + ": " + e, e);
    }
  }
}
