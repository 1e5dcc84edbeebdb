package org.bftnfs.xdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.bftnfs.xdr.mount.mntargs3;
import org.bftnfs.xdr.mount.mountbody;
import org.bftnfs.xdr.nfs.READDIR3args;
import org.bftnfs.xdr.nfs.WRITE3resok;
import org.bftnfs.xdr.nfs.createhow3;
import org.bftnfs.xdr.nfs.createmode3;
import org.bftnfs.xdr.nfs.entry3;
import org.bftnfs.xdr.nfs.fattr3;
import org.bftnfs.xdr.nfs.nfs_fh3;
import org.bftnfs.xdr.nfs.nfstime3;
import org.bftnfs.xdr.nfs.specdata3;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the helpers that {@link XdrRoundTripTest} relies on, so that a helper that silently
 * accepts everything cannot make the round-trip tests pass: the {@code .x} parser (RFC 4506 section
 * 6), the deep comparison, the RFC 4506 reference encoder and the random value generator's size
 * rules for the opaques of RFC 1813 (sections 2 and 5.1.5).
 */
class XdrTestSupportTest {

  private static GeneratedTypes nfs;
  private static GeneratedTypes mount;

  @BeforeAll
  static void load() throws IOException {
    List<GeneratedTypes> all = GeneratedTypes.all();
    nfs = all.get(0);
    mount = all.get(1);
  }

  // ---- XdrSchema ----

  @Test
  void parsesConstantsEnumsStructsAndUnions() {
    XdrSchema s =
        XdrSchema.parse(
            """
            /* comment with struct fake { int x; }; inside */
            const SIZE = 0x10;
            enum color { RED = 1, GREEN = 2, BLUE = 4 };
            struct node { opaque id[SIZE]; string label<>; node *next; int v<3>; };
            union u switch (color c) {
            case RED:
            case GREEN:
                hyper h;
            case BLUE:
                void;
            };
            union w switch (unsigned int n) { case 7: bool b; default: void; };
            """);
    assertThat(s.constants()).containsEntry("SIZE", 16L);
    assertThat(s.enums().get("color").values())
        .containsExactly(
            java.util.Map.entry("RED", 1),
            java.util.Map.entry("GREEN", 2),
            java.util.Map.entry("BLUE", 4));
    assertThat(s.structs().get("node").members().toString())
        .isEqualTo("[opaque id[16], string label<>, node *next, int v<3>]");
    assertThat(s.isList("node")).isTrue();
    XdrSchema.Union u = s.unions().get("u");
    assertThat(u.armFor(1).orElseThrow().toString()).isEqualTo("hyper h");
    assertThat(u.armFor(2).orElseThrow().toString()).isEqualTo("hyper h");
    assertThat(u.armFor(4).orElseThrow().isVoid()).isTrue();
    assertThat(u.armFor(3)).isEmpty();
    assertThat(s.validDiscriminants(u)).containsExactly(1, 2, 4);
    XdrSchema.Union w = s.unions().get("w");
    assertThat(s.validDiscriminants(w)).contains(7).hasSizeGreaterThan(1);
    assertThat(s.compositeNames()).containsExactly("node", "u", "w");
    assertThat(
            XdrSchema.structAndUnionNamesByRegex(
                "/* struct fake { } */ struct a { int x; };\nunion b switch (bool f) { default: void; };"))
        .containsExactly("a", "b");
  }

  @Test
  void rejectsDefinitionsTheModelCannotRepresent() {
    for (String text :
        List.of(
            "typedef opaque fh<64>;",
            "struct s { float f; };",
            "struct s { struct { int a; } inner; };",
            "program P { version V { void NULL(void) = 0; } = 1; } = 2;",
            "union u switch (int d) { case UNKNOWN: void; };",
            "struct s { int x }")) {
      assertThatThrownBy(() -> XdrSchema.parse(text))
          .as(text)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  // ---- XdrDeepEquals ----

  private static fattr3 attributes() {
    fattr3 a = new fattr3();
    a.rdev = new specdata3();
    a.atime = new nfstime3();
    a.mtime = new nfstime3();
    a.ctime = new nfstime3();
    return a;
  }

  @Test
  void deepEqualsFindsNestedDifferencesAndComparesArraysByContent() {
    assertThat(XdrDeepEquals.firstDifference(attributes(), attributes())).isEmpty();

    fattr3 changed = attributes();
    changed.ctime.nseconds = 1;
    assertThat(XdrDeepEquals.firstDifference(attributes(), changed))
        .hasValue("fattr3.ctime.nseconds: expected 0 but was 1");

    fattr3 missing = attributes();
    missing.mtime = null;
    assertThat(XdrDeepEquals.firstDifference(attributes(), missing))
        .hasValueSatisfying(d -> assertThat(d).startsWith("fattr3.mtime: expected a nfstime3"));

    nfs_fh3 a = new nfs_fh3();
    a.data = new byte[] {1, 2, 3};
    nfs_fh3 b = new nfs_fh3();
    b.data = new byte[] {1, 2, 3};
    assertThat(XdrDeepEquals.firstDifference(a, b)).isEmpty();
    b.data = new byte[] {1, 2, 4};
    assertThat(XdrDeepEquals.firstDifference(a, b))
        .hasValue("nfs_fh3.data[2]: expected 3 but was 4");
    b.data = new byte[] {1, 2};
    assertThat(XdrDeepEquals.firstDifference(a, b))
        .hasValueSatisfying(d -> assertThat(d).contains("length"));
  }

  @Test
  void deepEqualsFollowsLinkedLists() {
    entry3 one = new entry3();
    one.name = new byte[0];
    entry3 two = new entry3();
    two.name = new byte[0];
    two.nextentry = new entry3();
    two.nextentry.name = new byte[0];
    assertThat(XdrDeepEquals.firstDifference(one, two))
        .hasValueSatisfying(d -> assertThat(d).startsWith("entry3.nextentry"));
    one.nextentry = new entry3();
    one.nextentry.name = new byte[] {9};
    assertThat(XdrDeepEquals.firstDifference(one, two))
        .hasValueSatisfying(d -> assertThat(d).startsWith("entry3.nextentry.name"));
  }

  // ---- XdrReferenceEncoder ----

  @Test
  void referenceEncoderRejectsValuesThatBreakTheirDeclaration() {
    createhow3 shortVerifier = new createhow3();
    shortVerifier.mode = createmode3.EXCLUSIVE;
    shortVerifier.verf = new byte[7];
    assertThatThrownBy(() -> XdrReferenceEncoder.encode(nfs, "createhow3", shortVerifier))
        .hasMessageContaining("verf");

    createhow3 noSuchMode = new createhow3();
    noSuchMode.mode = 3;
    assertThatThrownBy(() -> XdrReferenceEncoder.encode(nfs, "createhow3", noSuchMode))
        .isInstanceOf(IllegalArgumentException.class);

    nfs_fh3 tooLong = new nfs_fh3();
    tooLong.data = new byte[65];
    assertThatThrownBy(() -> XdrReferenceEncoder.encode(nfs, "nfs_fh3", tooLong))
        .hasMessageContaining("bound");

    fattr3 noSuchType = attributes();
    noSuchType.type = 0;
    assertThatThrownBy(() -> XdrReferenceEncoder.encode(nfs, "fattr3", noSuchType))
        .hasMessageContaining("ftype3");
  }

  // ---- RandomXdrValues ----

  @Test
  void generatedOpaquesHaveTheirDeclaredSizes() {
    Random random = new Random(20261122L);
    RandomXdrValues nfsValues = new RandomXdrValues(nfs, random);
    Set<Integer> handleLengths = new HashSet<>();
    for (int i = 0; i < 400; i++) {
      READDIR3args args = (READDIR3args) nfsValues.any("READDIR3args");
      assertThat(args.cookieverf).hasSize(8);
      assertThat(args.dir.data.length).isBetween(0, 64);
      handleLengths.add(args.dir.data.length);
      assertThat(((WRITE3resok) nfsValues.any("WRITE3resok")).verf).hasSize(8);
    }
    assertThat(handleLengths).contains(0, 64);

    RandomXdrValues mountValues = new RandomXdrValues(mount, random);
    Set<Integer> pathLengths = new HashSet<>();
    for (int i = 0; i < 400; i++) {
      mntargs3 args = (mntargs3) mountValues.any("mntargs3");
      assertThat(args.dirpath.length).isBetween(0, 1024);
      pathLengths.add(args.dirpath.length);
      for (mountbody b = (mountbody) mountValues.any("mountbody"); b != null; b = b.ml_next) {
        assertThat(b.ml_hostname.length).isBetween(0, 255);
        assertThat(b.ml_directory.length).isBetween(0, 1024);
      }
    }
    assertThat(pathLengths).contains(0, 1024);
  }
}
