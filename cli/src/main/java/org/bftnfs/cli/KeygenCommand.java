package org.bftnfs.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import org.bftnfs.replication.node.ClusterKeys;

/**
 * {@code bftnfs keygen --dir D [--replicas 4] [--relays 1]}: the keys of a cluster (every replica's
 * and relay's signing keys, and the ordering engine's). Never overwrites a private key.
 */
final class KeygenCommand {

  static final String USAGE =
      "keygen options:\n"
          + "  --dir D         directory for the key files (created)\n"
          + "  --replicas N    number of replicas, 3f+1 (default 4)\n"
          + "  --relays R      number of relays (default 1)\n";

  private final PrintStream out;

  KeygenCommand(PrintStream out) {
    this.out = out;
  }

  int run(List<String> args) throws UsageException, CommandFailedException {
    CommandOptions o =
        CommandOptions.parse("keygen", args, Set.of("--dir", "--replicas", "--relays"));
    Path dir = o.path("--dir");
    int replicas = o.integer("--replicas", 4, 4, 100);
    int relays = o.integer("--relays", 1, 1, 100);
    try {
      ClusterKeys.generate(dir, replicas, relays, new SecureRandom());
    } catch (IOException e) {
      throw new CommandFailedException("cannot write keys to " + dir + ": " + e.getMessage());
    }
    out.println("keys for " + replicas + " replicas and " + relays + " relays written to " + dir);
    return 0;
  }
}
