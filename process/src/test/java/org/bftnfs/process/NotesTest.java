package org.bftnfs.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NotesTest {

  private static final List<String> OUTPUT =
      List.of(
          "note: local cluster of 4 replicas (f=1), pids [101, 102,103, 104], data in /tmp/x",
          "note: pids [9] is only a note when it starts the line",
          "ready: nfs://127.0.0.1/bftnfs?version=3&nfsport=1&mountport=1",
          "note: pids [7] after the ready line");

  @Test
  void theLinesBeforeTheFirstWithThePrefix() {
    assertThat(Notes.before(OUTPUT, "ready: ")).isEqualTo(OUTPUT.subList(0, 2));
    assertThat(Notes.before(OUTPUT, "absent: ")).isEqualTo(OUTPUT);
  }

  @Test
  void thePidsNoteLinesName() {
    assertThat(Notes.pids(Notes.before(OUTPUT, "ready: ")))
        .containsExactly(101L, 102L, 103L, 104L, 9L);
    assertThat(Notes.pids(List.of("pids [5]", "note: no pids here", "note: pids []")))
        .as("not a note line, no list, an empty list")
        .isEmpty();
  }
}
