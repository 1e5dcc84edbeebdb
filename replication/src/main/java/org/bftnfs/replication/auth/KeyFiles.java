package org.bftnfs.replication.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Key files of the cluster's principals in one directory: {@code replica-<i>.key} / {@code
 * replica-<i>.pub} and {@code relay-<r>.key} / {@code relay-<r>.pub}, each one line of hex
 * (private: the 32-byte Ed25519 seed, mode 0600; public: the 32-byte key). A deployment copies
 * every {@code .pub} file everywhere and each {@code .key} file only to its owner.
 */
public final class KeyFiles {

  /** Whose key. */
  public enum Role {
    REPLICA("replica"),
    RELAY("relay");

    private final String prefix;

    Role(String prefix) {
      this.prefix = prefix;
    }
  }

  private final Path directory;

  public KeyFiles(Path directory) {
    this.directory = directory;
  }

  public Path directory() {
    return directory;
  }

  /** Generates and writes a key pair; refuses to overwrite an existing private key. */
  public SigningKey generate(Role role, int id, SecureRandom random) throws IOException {
    Path priv = file(role, id, "key");
    if (Files.exists(priv)) {
      throw new IOException(priv + " exists; refusing to overwrite a private key");
    }
    SigningKey key = SigningKey.generate(random);
    Files.createDirectories(directory);
    Files.writeString(file(role, id, "pub"), hex(key.verifyingKey().bytes()) + "\n");
    Files.createFile(
        priv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(priv, hex(key.seed()) + "\n");
    return key;
  }

  public SigningKey signingKey(Role role, int id) throws IOException {
    return SigningKey.fromSeed(read(file(role, id, "key")));
  }

  public VerifyingKey verifyingKey(Role role, int id) throws IOException {
    return VerifyingKey.of(read(file(role, id, "pub")));
  }

  private Path file(Role role, int id, String kind) {
    return directory.resolve(role.prefix + "-" + id + "." + kind);
  }

  private static byte[] read(Path file) throws IOException {
    try {
      return HexFormat.of().parseHex(Files.readString(file, StandardCharsets.US_ASCII).strip());
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " does not hold a hex key", e);
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
