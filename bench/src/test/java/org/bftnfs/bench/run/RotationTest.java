package org.bftnfs.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RotationTest {

  @Test
  void eachRepetitionStartsWithTheNextTarget() {
    List<String> t = List.of("a", "b", "c");
    assertThat(Rotation.order(t, 1)).containsExactly("a", "b", "c");
    assertThat(Rotation.order(t, 2)).containsExactly("b", "c", "a");
    assertThat(Rotation.order(t, 3)).containsExactly("c", "a", "b");
    assertThat(Rotation.order(t, 4)).containsExactly("a", "b", "c");
    assertThat(Rotation.order(List.of("x"), 5)).containsExactly("x");
  }
}
