package org.bftnfs.backend.local;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.bftnfs.backend.BackendException;

/**
 * Exact conversion between raw byte strings and {@link Path}s of the default (Linux) file system,
 * independent of the platform charset.
 *
 * <p>Linux file names are bytes, but {@code Path.of(String)} encodes with the JVM's {@code
 * sun.jnu.encoding} (fixed at JVM start from the locale): with UTF-8 a name such as {@code 0xff
 * 0xfe} has no {@code String} form, and with the C locale nothing outside ASCII has one. The JDK's
 * Unix paths nevertheless hold raw bytes, and two public doors reach them without a charset:
 *
 * <ul>
 *   <li>bytes to path: {@code Path.of(URI)} of a {@code file:} URI percent-decodes every {@code
 *       %XX} into the byte {@code XX}, so {@code file:///%FF%FE} is the one-byte-per-escape path
 *       {@code /0xff0xfe}; {@link Path#getFileName()} and {@link Path#subpath} then give relative
 *       pieces of it, byte for byte;
 *   <li>path to bytes: {@link Path#toUri()} percent-encodes the raw bytes back. It also stats the
 *       path (following symbolic links) to append '/' to directories, so names are always encoded
 *       below {@code /dev/null}, which is no directory: that stat fails without following anything.
 * </ul>
 *
 * <p>What cannot be represented is structure, not bytes: the JDK normalises redundant and trailing
 * slashes away. {@link #exactPath} therefore checks every conversion by converting back and
 * comparing with {@link Path#equals} (which compares the raw bytes), and reports paths it cannot
 * hold exactly as empty rather than silently changing them.
 */
final class RawPaths {

  private static final Path NOT_A_DIRECTORY = Path.of("/dev/null");
  private static final String ENCODED_PREFIX = "/dev/null/";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private RawPaths() {}

  /**
   * The one-component relative path of a directory entry name.
   *
   * @throws BackendException if the name is empty, ".", "..", or contains '/' or NUL
   */
  static Path fileName(byte[] name) {
    checkName(name);
    Path p = Path.of(URI.create("file:///" + percentEncode(name))).getFileName();
    if (!Arrays.equals(nameBytes(p).orElse(null), name)) {
      throw new BackendException(
          "this JVM cannot represent the file name " + printable(name) + " exactly");
    }
    return p;
  }

  /** The raw bytes of a one-component path (a directory entry's {@link Path#getFileName()}). */
  static byte[] fileNameBytes(Path name) {
    if (name.isAbsolute() || name.getNameCount() != 1) {
      throw new IllegalArgumentException("not a single file name: " + name);
    }
    return nameBytes(name)
        .orElseThrow(() -> new BackendException("cannot decode the file name " + name));
  }

  /**
   * The raw bytes of a path element, or empty when it carries a trailing slash (the last element of
   * a path some other program wrote with one).
   */
  private static Optional<byte[]> nameBytes(Path element) {
    String raw = NOT_A_DIRECTORY.resolve(element).toUri().getRawPath();
    if (!raw.startsWith(ENCODED_PREFIX) || raw.indexOf('/', ENCODED_PREFIX.length()) >= 0) {
      return Optional.empty();
    }
    return Optional.of(percentDecode(raw.substring(ENCODED_PREFIX.length())));
  }

  /**
   * A path holding exactly {@code bytes} (absolute when they start with '/'), or empty when
   * java.nio cannot hold them unchanged (redundant or trailing slashes).
   */
  static Optional<Path> exactPath(byte[] bytes) {
    if (bytes.length == 0) {
      return Optional.empty();
    }
    for (byte b : bytes) {
      if (b == 0) {
        return Optional.empty();
      }
    }
    Path p = pathOf(bytes);
    return exactBytes(p).filter(back -> Arrays.equals(back, bytes)).map(back -> p);
  }

  /**
   * The raw bytes of {@code path}, or empty when they cannot be recovered exactly (a path with
   * redundant or trailing slashes, which only other programs can make).
   */
  static Optional<byte[]> exactBytes(Path path) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (path.isAbsolute()) {
      out.write('/');
    }
    for (int i = 0; i < path.getNameCount(); i++) {
      if (i > 0) {
        out.write('/');
      }
      Optional<byte[]> element = nameBytes(path.getName(i));
      if (element.isEmpty()) {
        return Optional.empty();
      }
      out.writeBytes(element.get());
    }
    byte[] bytes = out.toByteArray();
    if (bytes.length == 0 || !pathOf(bytes).equals(path)) {
      return Optional.empty();
    }
    return Optional.of(bytes);
  }

  /** Rejects names the Backend contract excludes. */
  static void checkName(byte[] name) {
    if (name == null || name.length == 0) {
      throw new BackendException("empty name");
    }
    if ((name.length == 1 && name[0] == '.')
        || (name.length == 2 && name[0] == '.' && name[1] == '.')) {
      throw new BackendException("the name " + printable(name) + " is not allowed");
    }
    for (byte b : name) {
      if (b == '/' || b == 0) {
        throw new BackendException(
            "name " + printable(name) + " contains " + (b == 0 ? "NUL" : "'/'"));
      }
    }
  }

  /** A name for messages: printable ASCII as is, every other byte as \xNN. */
  static String printable(byte[] bytes) {
    StringBuilder sb = new StringBuilder("\"");
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"') {
        sb.append((char) c);
      } else {
        sb.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return sb.append('"').toString();
  }

  /** The path of the (possibly normalised) bytes: absolute directly, relative as a subpath. */
  private static Path pathOf(byte[] bytes) {
    if (bytes[0] == '/') {
      return Path.of(URI.create("file://" + percentEncode(bytes)));
    }
    Path absolute = Path.of(URI.create("file:///" + percentEncode(bytes)));
    return absolute.subpath(0, absolute.getNameCount());
  }

  /** Every byte except unreserved ASCII and '/' as %XX. */
  private static String percentEncode(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length * 3);
    for (byte b : bytes) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~'
          || c == '/') {
        sb.append((char) c);
      } else {
        sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return sb.toString();
  }

  private static byte[] percentDecode(String raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 3 > raw.length()) {
          throw new BackendException("truncated escape in the URI path " + raw);
        }
        out.write(Integer.parseInt(raw, i + 1, i + 3, 16));
        i += 2;
      } else if (c < 0x80) {
        out.write(c);
      } else {
        throw new BackendException("unescaped non-ASCII character in the URI path " + raw);
      }
    }
    return out.toByteArray();
  }
}
