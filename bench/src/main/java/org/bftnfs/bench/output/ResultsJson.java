package org.bftnfs.bench.output;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bftnfs.bench.profile.Hot;
import org.bftnfs.bench.profile.RoleProfile;
import org.bftnfs.bench.results.CpuUsage;
import org.bftnfs.bench.results.MachineInfo;
import org.bftnfs.bench.results.Measurement;
import org.bftnfs.bench.results.PeakMemory;
import org.bftnfs.bench.results.ProfileResult;
import org.bftnfs.bench.results.RunResults;
import org.bftnfs.bench.results.SummaryRow;
import org.bftnfs.bench.results.TargetInfo;

/** {@link RunResults} as JSON ({@code results.json}). */
final class ResultsJson {

  private ResultsJson() {}

  static String of(RunResults r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("command", r.commandLine());
    m.put("startedAt", r.startedAt());
    m.put("elapsedSeconds", r.elapsedSeconds());
    m.put("machine", machine(r.machine()));
    Map<String, Object> settings = new LinkedHashMap<>();
    r.settings().forEach(s -> settings.put(s.name(), s.value()));
    m.put("settings", settings);
    m.put("baseline", RunResults.BASELINE);
    m.put("targets", r.targets().stream().map(ResultsJson::target).toList());
    m.put("memory", r.memory().stream().map(ResultsJson::memory).toList());
    m.put("summary", r.summary().stream().map(ResultsJson::row).toList());
    m.put("measurements", r.measurements().stream().map(ResultsJson::measurement).toList());
    m.put("profile", r.profile().map(ResultsJson::profile).orElse(null));
    m.put("notes", r.notes());
    return Json.write(m);
  }

  private static Map<String, Object> machine(MachineInfo x) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", x.cores());
    m.put("cpu", x.cpu());
    m.put("memoryGiB", x.memoryGiB());
    m.put("kernel", x.kernel());
    m.put("os", x.os());
    m.put("jdk", x.jdk());
    m.put("fileSystem", x.fileSystem());
    m.put("nfsGanesha", x.ganesha());
    return m;
  }

  private static Map<String, Object> target(TargetInfo t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", t.name());
    m.put("description", t.description());
    m.put("endpoint", t.endpoint());
    m.put("processes", t.processes());
    m.put("idleCpuPercent", t.idleCpuPercent());
    return m;
  }

  private static Map<String, Object> memory(PeakMemory x) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("target", x.target());
    m.put("role", x.role());
    m.put("pid", x.pid());
    m.put("peakRssKib", x.peakRssKib());
    return m;
  }

  private static Map<String, Object> row(SummaryRow r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("part", r.part().label());
    m.put("case", r.caseName());
    m.put("target", r.target());
    m.put("reps", r.reps());
    m.put("medianSeconds", r.medianSeconds());
    m.put("minSeconds", r.minSeconds());
    m.put("maxSeconds", r.maxSeconds());
    m.put("ops", r.ops());
    m.put("medianOpsPerSecond", r.medianOpsPerSecond());
    m.put("minOpsPerSecond", r.minOpsPerSecond());
    m.put("maxOpsPerSecond", r.maxOpsPerSecond());
    m.put("medianMiBPerSecond", r.medianMiBPerSecond());
    m.put("p50Ms", r.p50Ms());
    m.put("p99Ms", r.p99Ms());
    m.put("cpuSeconds", r.cpuSeconds());
    m.put("systemShare", r.systemShare());
    m.put("cpuMsPerOp", r.cpuMsPerOp());
    m.put("clientCpuMsPerOp", r.clientCpuMsPerOp());
    m.put("cpuSecondsByRole", new LinkedHashMap<String, Object>(r.cpuByRole()));
    m.put("otherCores", r.otherCores());
    m.put("ratioToBaseline", r.ratio());
    m.put("cpuRatioToBaseline", r.cpuRatio());
    return m;
  }

  private static Map<String, Object> measurement(Measurement x) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("part", x.part().label());
    m.put("case", x.caseName());
    m.put("target", x.target());
    m.put("rep", x.rep());
    m.put("seconds", x.seconds());
    m.put("ops", x.ops());
    m.put("bytes", x.bytes());
    m.put("cpu", cpu(x.cpu()));
    x.latency()
        .ifPresent(
            l -> {
              Map<String, Object> lat = new LinkedHashMap<>();
              lat.put("count", l.count());
              lat.put("p50Ms", l.p50Ms());
              lat.put("p99Ms", l.p99Ms());
              lat.put("meanMs", l.meanMs());
              lat.put("maxMs", l.maxMs());
              m.put("latency", lat);
            });
    return m;
  }

  private static Map<String, Object> cpu(CpuUsage c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("targetSeconds", c.targetSeconds());
    m.put("systemSeconds", c.systemSeconds());
    m.put("byRole", new LinkedHashMap<String, Object>(c.byRole()));
    m.put("clientSeconds", c.clientSeconds());
    m.put("machineSeconds", c.machineSeconds());
    return m;
  }

  private static Map<String, Object> profile(ProfileResult p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("target", p.target());
    m.put("seconds", p.seconds());
    m.put("cpu", cpu(p.cpu()));
    List<Object> roles = new ArrayList<>();
    for (RoleProfile r : p.roles()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("role", r.role());
      x.put("processes", r.processes());
      x.put("samples", r.samples());
      x.put("topMethods", r.topMethods().stream().map(ResultsJson::hot).toList());
      x.put("components", r.components().stream().map(ResultsJson::hot).toList());
      x.put("activities", r.activities().stream().map(ResultsJson::hot).toList());
      roles.add(x);
    }
    m.put("roles", roles);
    m.put("files", p.files());
    return m;
  }

  private static Map<String, Object> hot(Hot h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", h.name());
    m.put("samples", h.samples());
    m.put("share", h.share());
    return m;
  }
}
