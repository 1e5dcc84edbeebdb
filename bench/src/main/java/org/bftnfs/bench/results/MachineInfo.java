package org.bftnfs.bench.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The machine a run was measured on.
 *
 * @param cores processors available to the JVM
 * @param cpu the CPU model
 * @param memoryGiB installed memory
 * @param kernel the kernel release
 * @param os the distribution
 * @param jdk the JVM and its version
 * @param fileSystem the file system type holding the targets' data
 * @param ganesha the installed nfs-ganesha package version
 */
public record MachineInfo(
    int cores,
    String cpu,
    double memoryGiB,
    String kernel,
    String os,
    String jdk,
    String fileSystem,
    String ganesha) {

  /** This machine; {@code work} is where the targets keep their data. */
  public static MachineInfo current(Path work) throws IOException, InterruptedException {
    return new MachineInfo(
        Runtime.getRuntime().availableProcessors(),
        field(Path.of("/proc/cpuinfo"), "model name", ":"),
        Double.parseDouble(
                field(Path.of("/proc/meminfo"), "MemTotal", ":").replace("kB", "").trim())
            / (1 << 20),
        Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip(),
        field(Path.of("/etc/os-release"), "PRETTY_NAME", "=").replace("\"", ""),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        Files.getFileStore(work).type(),
        command("dpkg-query", "-W", "-f", "${Version}", "nfs-ganesha"));
  }

  private static String field(Path file, String key, String separator) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (String line : lines) {
      if (line.startsWith(key)) {
        return line.substring(line.indexOf(separator) + 1).strip();
      }
    }
    return "unknown";
  }

  private static String command(String... args) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
    p.getOutputStream().close();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(5, TimeUnit.SECONDS);
      return "unknown (" + args[0] + " did not answer)";
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    return p.exitValue() == 0 ? out : "unknown (" + out + ")";
  }
}
