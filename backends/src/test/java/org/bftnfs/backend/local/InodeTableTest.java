package org.bftnfs.backend.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bftnfs.backend.BackendException;
import org.junit.jupiter.api.Test;

/** The inode table alone: links, deaths, generations, moves and chains. */
class InodeTableTest {

  private static final long ROOT = 2;

  private static Link link(long parent, String name) {
    return new Link(parent, name.getBytes(UTF_8));
  }

  @Test
  void anObjectLivesWhileItHasAnEntry() {
    InodeTable t = new InodeTable(ROOT);
    LocalHandle h = t.add(10, link(ROOT, "a"));
    assertThat(t.add(10, link(ROOT, "b"))).isEqualTo(h);
    assertThat(t.links(h)).containsExactly(link(ROOT, "a"), link(ROOT, "b"));
    t.detach(link(ROOT, "a"));
    assertThat(t.links(h)).containsExactly(link(ROOT, "b"));
    t.detach(link(ROOT, "b"));
    assertThatThrownBy(() -> t.links(h))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("stale local handle");
    assertThat(t.size()).isEqualTo(1);
  }

  @Test
  void aReusedInodeNumberGetsTheNextGeneration() {
    InodeTable t = new InodeTable(ROOT);
    LocalHandle first = t.add(10, link(ROOT, "a"));
    t.detach(link(ROOT, "a"));
    LocalHandle second = t.add(10, link(ROOT, "b"));
    assertThat(second).isEqualTo(new LocalHandle(10, 1));
    assertThat(first).isEqualTo(new LocalHandle(10, 0));
    assertThatThrownBy(() -> t.links(first))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("generation 1");
    assertThat(LocalHandle.parse(second.toBytes())).isEqualTo(second);
  }

  @Test
  void anEntryNamingAnotherObjectMovesToIt() {
    InodeTable t = new InodeTable(ROOT);
    LocalHandle old = t.add(10, link(ROOT, "a"));
    t.add(11, link(ROOT, "a"));
    assertThat(t.owner(link(ROOT, "a"))).hasValue(11L);
    assertThatThrownBy(() -> t.links(old)).isInstanceOf(BackendException.class);
  }

  @Test
  void moveReplacesTheTargetAndKeepsTheHandle() {
    InodeTable t = new InodeTable(ROOT);
    LocalHandle moved = t.add(10, link(ROOT, "a"));
    LocalHandle replaced = t.add(11, link(ROOT, "b"));
    t.move(10, link(ROOT, "a"), link(ROOT, "b"));
    assertThat(t.links(moved)).containsExactly(link(ROOT, "b"));
    assertThat(t.owner(link(ROOT, "a"))).isEmpty();
    assertThatThrownBy(() -> t.links(replaced)).isInstanceOf(BackendException.class);
  }

  @Test
  void chainsLeadFromTheRoot() {
    InodeTable t = new InodeTable(ROOT);
    t.add(20, link(ROOT, "d"));
    t.add(21, link(20, "e"));
    assertThat(t.chainToDirectory(21)).containsExactly(link(ROOT, "d"), link(20, "e"));
    assertThat(t.chainToDirectory(ROOT)).isEmpty();
    assertThatThrownBy(() -> t.chainToDirectory(99))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("inconsistent");
    assertThat(t.isRoot(t.root())).isTrue();
    assertThat(t.handleOf(21)).hasValue(new LocalHandle(21, 0));
  }

  @Test
  void malformedHandlesAreRejected() {
    assertThatThrownBy(() -> LocalHandle.parse(new byte[11]))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("11 bytes");
    assertThatThrownBy(() -> LocalHandle.parse(null)).isInstanceOf(BackendException.class);
  }
}
