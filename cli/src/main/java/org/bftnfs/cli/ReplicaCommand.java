package org.bftnfs.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.bftnfs.replication.config.ClusterConfig;
import org.bftnfs.replication.node.ReplicaNode;
import org.bftnfs.wrapper.ReplicaFaultException;
import org.bftnfs.wrapper.backend.BackendException;

/**
 * {@code bftnfs replica --config F --id I}: runs one replica of a cluster until stopped; prints
 * {@code replica I ready} once it takes part in ordering. A clean stop saves its conformance rep.
 */
final class ReplicaCommand {

  static final String USAGE =
      "replica options:\n"
          + "  --config F      the cluster file (see docs/replication.md)\n"
          + "  --id I          this replica's id\n";

  private final PrintStream out;

  ReplicaCommand(PrintStream out) {
    this.out = out;
  }

  int run(List<String> args, StopSignal stop)
      throws UsageException, CommandFailedException, InterruptedException {
    CommandOptions o = CommandOptions.parse("replica", args, Set.of("--config", "--id"));
    ClusterConfig config = load(o.path("--config"));
    int id = o.integer("--id", -1, 0, config.n() - 1);
    if (id < 0) {
      throw new UsageException("replica needs --id (0.." + (config.n() - 1) + ")");
    }
    ReplicaNode node;
    try {
      node = ReplicaNode.start(config, id);
    } catch (IOException | BackendException | ReplicaFaultException e) {
      throw new CommandFailedException("replica " + id + " cannot start: " + e.getMessage());
    }
    try {
      out.println("replica " + id + " ready");
      out.flush();
      stop.await();
    } finally {
      node.close();
    }
    return 0;
  }

  static ClusterConfig load(Path file) throws UsageException {
    try {
      return ClusterConfig.load(file);
    } catch (ClusterConfig.Invalid e) {
      throw new UsageException(e.getMessage());
    }
  }
}
