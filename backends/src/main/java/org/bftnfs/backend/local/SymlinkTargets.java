package org.bftnfs.backend.local;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bftnfs.backend.BackendException;

/**
 * How a symbolic link target (any 1..n bytes without NUL) is stored on disk, given that java.nio
 * can only create links whose target has no redundant or trailing slash ({@link RawPaths}).
 *
 * <p>A target that java.nio holds exactly is stored as is, unless it starts with the marker {@value
 * #MARKER}. Every other target is stored escaped: the marker, then '/', then the target's
 * '/'-separated components (empty ones included) each encoded as
 *
 * <ul>
 *   <li>the empty component as {@code %};
 *   <li>a component starting with {@code %} as {@code %} followed by the component;
 *   <li>any other component unchanged;
 * </ul>
 *
 * joined by '/'. For example {@code a//b/} is stored as {@code .bftnfs-escaped/a/%/b/%} and {@code
 * //x} as {@code .bftnfs-escaped/%/%/x}. The escaped form has no empty component, so java.nio holds
 * it exactly, and decoding is unambiguous: a stored target is escaped exactly when it starts with
 * the marker followed by '/'. The local backend never follows a symbolic link, so an escaped target
 * pointing elsewhere than the original would has no effect. Escaping lengthens a target by the
 * marker plus one byte per empty or '%'-initial component; a target longer than the file system's
 * limit (1,024 bytes on xfs, 4,095 elsewhere) fails when the link is created.
 */
final class SymlinkTargets {

  /** The first component of an escaped target. */
  static final String MARKER = ".bftnfs-escaped";

  private static final byte[] MARKER_BYTES = MARKER.getBytes(StandardCharsets.US_ASCII);

  private SymlinkTargets() {}

  /** The path to give {@code Files.createSymbolicLink} for {@code target}. */
  static Path toDisk(byte[] target) {
    if (target == null || target.length == 0) {
      throw new BackendException("empty symbolic link target");
    }
    for (byte b : target) {
      if (b == 0) {
        throw new BackendException("symbolic link target contains NUL");
      }
    }
    if (!startsWith(target, MARKER_BYTES)) {
      Optional<Path> exact = RawPaths.exactPath(target);
      if (exact.isPresent()) {
        return exact.get();
      }
    }
    byte[] escaped = escape(target);
    return RawPaths.exactPath(escaped)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "escaped symbolic link target not representable: "
                        + RawPaths.printable(escaped)));
  }

  /**
   * The target bytes the link at {@code link}, whose stored target is {@code stored}, stands for.
   *
   * @throws BackendException for stored targets {@link #toDisk} never makes
   */
  static byte[] fromDisk(Path link, Path stored) {
    byte[] bytes =
        RawPaths.exactBytes(stored)
            .orElseThrow(
                () ->
                    new BackendException(
                        "readlink "
                            + link
                            + ": the target "
                            + stored
                            + " has redundant slashes: not made by this backend"));
    if (!startsWith(bytes, MARKER_BYTES)) {
      return bytes;
    }
    if (bytes.length == MARKER_BYTES.length || bytes[MARKER_BYTES.length] != '/') {
      throw new BackendException(
          "readlink "
              + link
              + ": the target "
              + RawPaths.printable(bytes)
              + " starts with the escape marker "
              + MARKER
              + " but is not escaped: not made by this backend");
    }
    return unescape(link, Arrays.copyOfRange(bytes, MARKER_BYTES.length + 1, bytes.length));
  }

  private static byte[] escape(byte[] target) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(target.length + MARKER_BYTES.length + 8);
    out.writeBytes(MARKER_BYTES);
    for (byte[] component : split(target)) {
      out.write('/');
      if (component.length == 0 || component[0] == '%') {
        out.write('%');
      }
      out.writeBytes(component);
    }
    return out.toByteArray();
  }

  private static byte[] unescape(Path link, byte[] escaped) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(escaped.length);
    boolean first = true;
    for (byte[] component : split(escaped)) {
      if (component.length == 0) {
        throw new BackendException(
            "readlink "
                + link
                + ": the escaped target "
                + RawPaths.printable(escaped)
                + " is malformed");
      }
      if (!first) {
        out.write('/');
      }
      first = false;
      int from = component[0] == '%' ? 1 : 0;
      out.write(component, from, component.length - from);
    }
    return out.toByteArray();
  }

  /** The '/'-separated components, empty ones included ("a//b/" has a, "", b, ""). */
  private static List<byte[]> split(byte[] bytes) {
    List<byte[]> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '/') {
        parts.add(Arrays.copyOfRange(bytes, start, i));
        start = i + 1;
      }
    }
    return parts;
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length
        && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }
}
