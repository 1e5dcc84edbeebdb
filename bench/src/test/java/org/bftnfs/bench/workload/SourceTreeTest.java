package org.bftnfs.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SourceTreeTest {

  @Test
  void oneCopyHasTwentyDirectoriesAndSeventyFilesOfRealisticSizes() {
    SourceTree t = SourceTree.generate(1, 0);
    assertThat(t.top()).isEqualTo("copy-0");
    assertThat(t.dirs()).hasSize(20);
    assertThat(t.files()).hasSize(70);
    assertThat(t.files().stream().filter(SourceTree.SourceFile::isHeader)).hasSize(12);
    assertThat(t.files().stream().filter(SourceTree.SourceFile::isSource)).hasSize(56);
    assertThat(t.files())
        .allSatisfy(
            f ->
                assertThat(f.content().length).isBetween(SourceTree.MIN_SIZE, SourceTree.MAX_SIZE));
    assertThat(t.bytes()).isBetween(100_000L, 800_000L);
  }

  @Test
  void parentsComeBeforeTheirChildren() {
    List<SourceTree.Dir> dirs = SourceTree.generate(1, 0).dirs();
    assertThat(dirs.get(0).parent()).isEqualTo(-1);
    for (int i = 1; i < dirs.size(); i++) {
      SourceTree.Dir d = dirs.get(i);
      assertThat(d.parent()).isBetween(0, i - 1);
      String parent = dirs.get(d.parent()).path();
      assertThat(d.path()).isEqualTo(parent.isEmpty() ? d.name() : parent + "/" + d.name());
    }
  }

  @Test
  void theSameSeedAndCopyGiveTheSameTreeOthersDiffer() {
    SourceTree a = SourceTree.generate(5, 3);
    SourceTree b = SourceTree.generate(5, 3);
    SourceTree c = SourceTree.generate(5, 4);
    for (int i = 0; i < a.files().size(); i++) {
      assertThat(a.files().get(i).content()).isEqualTo(b.files().get(i).content());
    }
    assertThat(a.bytes()).isNotEqualTo(c.bytes());
  }

  @Test
  void compilingIsDeterministicAndHalvesTheSize() {
    byte[] src = SourceTree.generate(1, 0).files().get(20).content();
    byte[] obj = Compile.object(src);
    assertThat(obj).isEqualTo(Compile.object(src));
    assertThat(obj.length).isEqualTo(Math.max(64, src.length / 2));
    assertThat(Compile.object(new byte[10])).hasSize(64);
  }
}
