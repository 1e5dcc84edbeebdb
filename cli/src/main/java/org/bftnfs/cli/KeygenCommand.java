package org.bftnfs.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import org.bftnfs.replication.node.ClusterKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bftnfs keygen --dir D [--replicas 4] [--relays 1]}: the keys of a cluster (every replica's
 * and relay's signing keys, and the ordering engine's). Never overwrites a private key.
 */
@Command(name = "keygen", description = "Makes a cluster's keys (never overwrites a private key).")
final class KeygenCommand implements Callable<Integer> {

  @Option(
      names = "--dir",
      paramLabel = "D",
      description = "directory for the key files, created (required)")
  String dir;

  @Option(
      names = "--replicas",
      paramLabel = "N",
      description = "number of replicas, 3f+1 (default 4)")
  String replicas;

  @Option(names = "--relays", paramLabel = "R", description = "number of relays (default 1)")
  String relays;

  private final PrintStream out;

  KeygenCommand(PrintStream out) {
    this.out = out;
  }

  /** Writes the keys; returns the exit code (0). */
  @Override
  public Integer call() throws UsageException, CommandFailedException {
    Path dir = OptionValues.path("keygen", "--dir", this.dir);
    int replicas = OptionValues.integer("--replicas", this.replicas, 4, 4, 100);
    int relays = OptionValues.integer("--relays", this.relays, 1, 1, 100);
    try {
      ClusterKeys.generate(dir, replicas, relays, new SecureRandom());
    } catch (IOException e) {
      throw new CommandFailedException("cannot write keys to " + dir + ": " + e.getMessage());
    }
    out.println("keys for " + replicas + " replicas and " + relays + " relays written to " + dir);
    return 0;
  }
}
