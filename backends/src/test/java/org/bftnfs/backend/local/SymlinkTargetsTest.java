package org.bftnfs.backend.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import org.bftnfs.backend.BackendException;
import org.junit.jupiter.api.Test;

/** The on-disk form of symbolic link targets (pure: no link is created here). */
class SymlinkTargetsTest {

  private static final Path LINK = Path.of("/test/link");

  private static String stored(String target) {
    return new String(
        RawPaths.exactBytes(SymlinkTargets.toDisk(target.getBytes(UTF_8))).orElseThrow(), UTF_8);
  }

  @Test
  void representableTargetsAreStoredAsIs() {
    for (String t : new String[] {"/", "a", "/etc", "../x/./y", "%", "a%/b", ".bftnfs-escape"}) {
      assertThat(stored(t)).isEqualTo(t);
    }
  }

  @Test
  void escapedFormsAreAsDocumented() {
    assertThat(stored("a//b/")).isEqualTo(".bftnfs-escaped/a/%/b/%");
    assertThat(stored("//x")).isEqualTo(".bftnfs-escaped/%/%/x");
    assertThat(stored("dir/")).isEqualTo(".bftnfs-escaped/dir/%");
    assertThat(stored("a//%b")).isEqualTo(".bftnfs-escaped/a/%/%%b");
    assertThat(stored(".bftnfs-escaped")).isEqualTo(".bftnfs-escaped/.bftnfs-escaped");
    assertThat(stored(".bftnfs-escaped/x")).isEqualTo(".bftnfs-escaped/.bftnfs-escaped/x");
  }

  @Test
  void randomTargetsRoundTrip() {
    byte[] alphabet = {'/', '/', '/', '%', '.', 'a', 'b', (byte) 0xff, (byte) 0x80, ' '};
    Random random = new Random(11);
    for (int i = 0; i < 20_000; i++) {
      byte[] target = new byte[1 + random.nextInt(12)];
      for (int j = 0; j < target.length; j++) {
        target[j] = alphabet[random.nextInt(alphabet.length)];
      }
      if (random.nextInt(10) == 0) {
        byte[] marked = (SymlinkTargets.MARKER + "/").getBytes(UTF_8);
        byte[] both = new byte[marked.length + target.length];
        System.arraycopy(marked, 0, both, 0, marked.length);
        System.arraycopy(target, 0, both, marked.length, target.length);
        target = both;
      }
      Path disk = SymlinkTargets.toDisk(target);
      assertThat(SymlinkTargets.fromDisk(LINK, disk))
          .as(HexFormat.of().formatHex(target))
          .isEqualTo(target);
    }
  }

  @Test
  void invalidTargetsAreRejected() {
    assertThatThrownBy(() -> SymlinkTargets.toDisk(new byte[0]))
        .isInstanceOf(BackendException.class);
    assertThatThrownBy(() -> SymlinkTargets.toDisk(new byte[] {'a', 0}))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("NUL");
    Path malformed = RawPaths.exactPath(".bftnfs-escaped".getBytes(UTF_8)).orElseThrow();
    assertThatThrownBy(() -> SymlinkTargets.fromDisk(LINK, malformed))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("/test/link")
        .hasMessageContaining("escape marker");
  }
}
