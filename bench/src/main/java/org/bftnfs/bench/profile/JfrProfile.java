package org.bftnfs.bench.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises JFR recordings: for each role, the hottest methods (top frame of {@code
 * jdk.ExecutionSample} events, what {@code jfr print --events jdk.ExecutionSample} lists), the
 * samples per component ({@link Components}) and per activity ({@link Activities}).
 */
public final class JfrProfile {

  /** How many methods and components each ranking keeps. */
  static final int TOP = 15;

  private static final String SAMPLE = "jdk.ExecutionSample";

  private JfrProfile() {}

  /** One ranking per role, in the order the roles first appear. */
  public static List<RoleProfile> summarise(List<JfrRecorder.Recording> recordings)
      throws IOException {
    Map<String, Counts> byRole = new LinkedHashMap<>();
    for (JfrRecorder.Recording r : recordings) {
      Counts c = byRole.computeIfAbsent(r.role(), k -> new Counts());
      c.processes++;
      count(r.file(), c);
    }
    List<RoleProfile> out = new ArrayList<>();
    byRole.forEach(
        (role, c) ->
            out.add(
                new RoleProfile(
                    role,
                    c.processes,
                    c.samples,
                    top(c.methods, c.samples),
                    top(c.components, c.samples),
                    top(c.activities, c.samples))));
    return out;
  }

  private static final class Counts {
    int processes;
    long samples;
    final Map<String, Long> methods = new HashMap<>();
    final Map<String, Long> components = new HashMap<>();
    final Map<String, Long> activities = new HashMap<>();
  }

  private static void count(Path file, Counts c) throws IOException {
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      if (!e.getEventType().getName().equals(SAMPLE)) {
        continue;
      }
      RecordedStackTrace stack = e.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      List<RecordedFrame> frames = stack.getFrames();
      c.samples++;
      c.methods.merge(method(frames.get(0)), 1L, Long::sum);
      c.components.merge(component(frames), 1L, Long::sum);
      c.activities.merge(
          Activities.of(frames.stream().map(JfrProfile::method).toList()), 1L, Long::sum);
    }
  }

  /** The component of the innermost non-JDK frame (frames are innermost first). */
  static String component(List<RecordedFrame> frames) {
    for (RecordedFrame f : frames) {
      String type = f.getMethod().getType().getName();
      if (!Components.isJdk(type)) {
        return Components.of(type);
      }
    }
    return Components.JDK_ONLY;
  }

  private static String method(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static List<Hot> top(Map<String, Long> counts, long total) {
    return counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(TOP)
        .map(e -> new Hot(e.getKey(), e.getValue(), total == 0 ? 0 : (double) e.getValue() / total))
        .toList();
  }
}
