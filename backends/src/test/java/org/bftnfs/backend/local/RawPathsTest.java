package org.bftnfs.backend.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Random;
import org.bftnfs.backend.BackendException;
import org.junit.jupiter.api.Test;

/** Byte-exact names and paths through java.nio, whatever the JVM's file name charset. */
class RawPathsTest {

  @Test
  void everySingleByteNameRoundTrips() {
    for (int c = 1; c < 256; c++) {
      if (c == '/' || c == '.') {
        continue;
      }
      byte[] name = {(byte) c};
      Path p = RawPaths.fileName(name);
      assertThat(p.getNameCount()).isEqualTo(1);
      assertThat(p.isAbsolute()).isFalse();
      assertThat(RawPaths.fileNameBytes(p)).as("byte 0x%02x", c).isEqualTo(name);
    }
  }

  @Test
  void randomNamesRoundTrip() {
    Random random = new Random(7);
    for (int i = 0; i < 2000; i++) {
      byte[] name = new byte[1 + random.nextInt(255)];
      random.nextBytes(name);
      for (int j = 0; j < name.length; j++) {
        if (name[j] == '/' || name[j] == 0) {
          name[j] = (byte) 0xff;
        }
      }
      if (name.length <= 2 && new String(name, UTF_8).matches("\\.+")) {
        continue;
      }
      assertThat(RawPaths.fileNameBytes(RawPaths.fileName(name))).isEqualTo(name);
    }
  }

  @Test
  void distinctNamesGiveDistinctPaths() {
    // a literal "%FF" must not collide with the byte 0xff
    assertThat(RawPaths.fileName("%FF".getBytes(UTF_8)))
        .isNotEqualTo(RawPaths.fileName(new byte[] {(byte) 0xff}));
    assertThat(RawPaths.fileNameBytes(RawPaths.fileName("%FF".getBytes(UTF_8))))
        .isEqualTo("%FF".getBytes(UTF_8));
  }

  @Test
  void resolvingKeepsRawBytes() {
    Path p = Path.of("/tmp").resolve(RawPaths.fileName(new byte[] {(byte) 0xff, (byte) 0xfe}));
    assertThat(p.toUri().getRawPath()).isEqualTo("/tmp/%FF%FE");
  }

  @Test
  void exactPathsAreExactOrAbsent() {
    for (String ok : new String[] {"/", "a", "/a/b", "a/./b/../c", "../x", "...", "a b/%"}) {
      Path p = RawPaths.exactPath(ok.getBytes(UTF_8)).orElseThrow();
      assertThat(p.isAbsolute()).isEqualTo(ok.startsWith("/"));
      assertThat(RawPaths.exactBytes(p)).hasValue(ok.getBytes(UTF_8));
    }
    for (String bad : new String[] {"", "a//b", "a/", "//a", "/a/", "///"}) {
      assertThat(RawPaths.exactPath(bad.getBytes(UTF_8))).as(bad).isEmpty();
    }
    assertThat(RawPaths.exactPath(new byte[] {'a', 0})).isEmpty();
  }

  @Test
  void pathsWithATrailingSlashHaveNoExactBytes() {
    Path trailing = Path.of(URI.create("file:///a/b//"));
    assertThat(RawPaths.exactBytes(trailing)).isEmpty();
  }

  @Test
  void forbiddenNamesAreRejected() {
    for (String bad : new String[] {"", ".", "..", "a/b", "/"}) {
      assertThatThrownBy(() -> RawPaths.fileName(bad.getBytes(UTF_8)))
          .as(bad)
          .isInstanceOf(BackendException.class);
    }
    assertThatThrownBy(() -> RawPaths.fileName(new byte[] {'a', 0, 'b'}))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("NUL");
    assertThat(RawPaths.printable(new byte[] {'a', (byte) 0xff, '"'})).isEqualTo("\"a\\xFF\\x22\"");
  }
}
