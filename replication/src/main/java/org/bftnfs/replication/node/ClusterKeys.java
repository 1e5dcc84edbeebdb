package org.bftnfs.replication.node;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.bftnfs.replication.auth.KeyFiles;
import org.bftnfs.replication.ordering.smart.EngineKeys;

/**
 * {@code bftnfs keygen}: every key a cluster needs, in one directory — the project's Ed25519 keys
 * of each replica and relay (requests and replies are signed with them), and the ordering engine's
 * own replica-to-replica keys. Existing private keys are never overwritten.
 */
public final class ClusterKeys {

  private ClusterKeys() {}

  public static void generate(Path directory, int replicas, int relays, SecureRandom random)
      throws IOException {
    KeyFiles files = new KeyFiles(directory);
    for (int i = 0; i < replicas; i++) {
      files.generate(KeyFiles.Role.REPLICA, i, random);
    }
    for (int r = 0; r < relays; r++) {
      files.generate(KeyFiles.Role.RELAY, r, random);
    }
    EngineKeys.generate(engineKeys(directory), replicas);
  }

  /**
   * Adds what a key directory written by an earlier version lacks (the engine's Diffie-Hellman
   * public values, derived from the replicas' engine keys in it). Needs those private keys: for
   * directories that hold every key, as {@code local-cluster}'s does.
   */
  public static void completeEngineKeys(Path directory, int replicas) throws IOException {
    EngineKeys.writeMissingDiffieHellmanValues(engineKeys(directory), replicas);
  }

  /** Where the ordering engine's own keys are, inside a cluster's key directory. */
  public static Path engineKeys(Path directory) {
    return directory.resolve("engine");
  }
}
