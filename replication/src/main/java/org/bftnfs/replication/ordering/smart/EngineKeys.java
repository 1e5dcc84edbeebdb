package org.bftnfs.replication.ordering.smart;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The ordering engine's own replica-to-replica RSA keys: one key pair per replica, kept as files
 * {@code replica-<id>.pub} (X.509 SubjectPublicKeyInfo) and {@code replica-<id>.key} (PKCS#8) in
 * the key directory, PEM-armoured when written here; DER files are read as well.
 *
 * <p>What BFT-SMaRt uses them for: each pair of replicas runs a Diffie-Hellman exchange whose
 * values are signed with these keys when their connection opens; the agreed secret keys the MACs on
 * every replica-to-replica message ({@code useMACs=1}) and on the consensus proofs. The library's
 * default loader returns one key pair compiled into its jar, the same for everyone: this class
 * replaces it, so each replica proves its identity with a key only it holds.
 *
 * <p>The library derives each replica's Diffie-Hellman exponent from its RSA private key, so a
 * replica's Diffie-Hellman public value is fixed and the secret of a pair of replicas is the same
 * on every connection. {@link #generate} therefore also writes each replica's public value, {@code
 * replica-<id>.dh} (hexadecimal), so that a replica can compute its link key with a peer that has
 * never been up ({@link LinkKeys}): without it, the library's consensus waits for a key with every
 * replica and a group started with a replica missing orders nothing.
 *
 * <p>A replica needs its own private key and every replica's public key. Clients need no key files:
 * requests are not signed ({@code useSignatures=0}; the library would accept an unsigned request
 * anyway, and the project authenticates requests itself), but the client-side library computes a
 * signature length at start-up from "its" private key, so {@link SmartClient} gives it a throw-away
 * in-memory key of the same size that never signs anything.
 */
public final class EngineKeys {

  /** RSA modulus length of generated keys. */
  static final int KEY_BITS = 2048;

  private static final String PRIVATE_PEM = "PRIVATE KEY";
  private static final String PUBLIC_PEM = "PUBLIC KEY";

  private EngineKeys() {}

  /** Where replica {@code id}'s public key lives in {@code dir}. */
  public static Path publicKeyFile(Path dir, int id) {
    return dir.resolve("replica-" + id + ".pub");
  }

  /** Where replica {@code id}'s Diffie-Hellman public value lives in {@code dir}. */
  public static Path diffieHellmanFile(Path dir, int id) {
    return dir.resolve("replica-" + id + ".dh");
  }

  /** Where replica {@code id}'s private key lives in {@code dir}. */
  public static Path privateKeyFile(Path dir, int id) {
    return dir.resolve("replica-" + id + ".key");
  }

  /**
   * Generates a fresh key pair for each of replicas {@code 0..n-1} into {@code dir} (created if
   * missing). Private key files are readable by the owner only where the file system supports POSIX
   * permissions. Refuses to overwrite any existing key file.
   *
   * @throws FileAlreadyExistsException if a key file for one of the replicas already exists
   */
  public static void generate(Path dir, int n) throws IOException {
    if (n < 1) {
      throw new IllegalArgumentException("need at least one replica, got " + n);
    }
    Files.createDirectories(dir);
    for (int id = 0; id < n; id++) {
      for (Path p : new Path[] {publicKeyFile(dir, id), privateKeyFile(dir, id)}) {
        if (Files.exists(p)) {
          throw new FileAlreadyExistsException(p.toString(), null, "engine key exists already");
        }
      }
    }
    KeyPairGenerator generator = rsaGenerator();
    for (int id = 0; id < n; id++) {
      KeyPair pair = generator.generateKeyPair();
      writePrivate(privateKeyFile(dir, id), pem(PRIVATE_PEM, pair.getPrivate().getEncoded()));
      Files.writeString(
          publicKeyFile(dir, id),
          pem(PUBLIC_PEM, pair.getPublic().getEncoded()),
          StandardCharsets.US_ASCII,
          StandardOpenOption.CREATE_NEW);
    }
    writeMissingDiffieHellmanValues(dir, n);
  }

  /**
   * Writes {@code replica-<id>.dh} for each replica of {@code 0..n-1} that lacks one, from its
   * private key in {@code dir} (for key directories written before these files existed; only the
   * holder of the private keys can do it).
   *
   * @throws IOException if a value is missing and the replica's private key cannot be read
   */
  public static void writeMissingDiffieHellmanValues(Path dir, int n) throws IOException {
    for (int id = 0; id < n; id++) {
      Path file = diffieHellmanFile(dir, id);
      if (!Files.exists(file)) {
        Files.writeString(
            file,
            diffieHellmanPublic(readPrivate(dir, id)).toString(16) + "\n",
            StandardCharsets.US_ASCII,
            StandardOpenOption.CREATE_NEW);
      }
    }
  }

  /**
   * The Diffie-Hellman public value the library derives for a replica whose RSA private key is
   * {@code key}: g<sup>x</sup> mod p, with x the key's PKCS#8 encoding read as an integer and the
   * group of {@link EngineConfiguration}.
   */
  static BigInteger diffieHellmanPublic(PrivateKey key) {
    return EngineConfiguration.DH_G.modPow(diffieHellmanExponent(key), EngineConfiguration.DH_P);
  }

  /** The library's Diffie-Hellman exponent of a replica: its private key's encoding as a number. */
  static BigInteger diffieHellmanExponent(PrivateKey key) {
    return new BigInteger(key.getEncoded());
  }

  /**
   * Replica {@code id}'s Diffie-Hellman public value, or null when {@code dir} has none for it.
   *
   * @throws IOException if the file exists but is not a hexadecimal number in the group
   */
  static BigInteger readDiffieHellmanPublic(Path dir, int id) throws IOException {
    Path file = diffieHellmanFile(dir, id);
    if (!Files.exists(file)) {
      return null;
    }
    String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    try {
      BigInteger value = new BigInteger(text, 16);
      if (value.compareTo(BigInteger.ONE) <= 0
          || value.compareTo(EngineConfiguration.DH_P.subtract(BigInteger.ONE)) >= 0) {
        throw new IOException(file + ": not a value of the Diffie-Hellman group");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IOException(file + ": not a hexadecimal number", e);
    }
  }

  /** A key pair held only in memory, for a client process (see the class comment). */
  static KeyPair ephemeral() {
    return rsaGenerator().generateKeyPair();
  }

  /** Replica {@code id}'s public key, read from {@code dir}. */
  static PublicKey readPublic(Path dir, int id) throws IOException {
    byte[] der = der(publicKeyFile(dir, id), PUBLIC_PEM);
    try {
      return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IOException("not an RSA public key: " + publicKeyFile(dir, id), e);
    }
  }

  /** Replica {@code id}'s private key, read from {@code dir}. */
  static PrivateKey readPrivate(Path dir, int id) throws IOException {
    byte[] der = der(privateKeyFile(dir, id), PRIVATE_PEM);
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IOException("not an RSA PKCS#8 private key: " + privateKeyFile(dir, id), e);
    }
  }

  /** Every replica's public key ({@code 0..n-1}), read from {@code dir}. */
  static Map<Integer, PublicKey> readPublicKeys(Path dir, int n) throws IOException {
    Map<Integer, PublicKey> keys = new HashMap<>();
    for (int id = 0; id < n; id++) {
      keys.put(id, readPublic(dir, id));
    }
    return Map.copyOf(keys);
  }

  private static KeyPairGenerator rsaGenerator() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(KEY_BITS, new SecureRandom());
      return generator;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot generate RSA keys", e);
    }
  }

  private static void writePrivate(Path file, String text) throws IOException {
    boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (posix) {
      Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
      Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
      Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
    } else {
      Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
    }
  }

  static String pem(String label, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }

  /** The DER bytes of a key file: PEM with the expected label, or raw DER. */
  static byte[] der(Path file, String label) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String text = new String(bytes, StandardCharsets.US_ASCII);
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int from = text.indexOf(begin);
    if (from < 0) {
      if (text.contains("-----BEGIN ")) {
        throw new IOException(file + ": expected a PEM block labelled " + label);
      }
      return bytes;
    }
    int to = text.indexOf(end, from);
    if (to < 0) {
      throw new IOException(file + ": unterminated PEM block " + label);
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": bad base64 in PEM block", e);
    }
  }
}
