package org.bftnfs.xdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.bftnfs.spec.xdr.MalformedXdrException;
import org.bftnfs.spec.xdr.XdrCodec;
import org.dcache.oncrpc4j.xdr.XdrAble;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every XDR class generated from {@code nfs3.x} and {@code mount3.x} round-trips through {@link
 * XdrCodec}, and its encoding is the one RFC 4506 defines for its {@code .x} declaration.
 *
 * <p>The types under test are found twice, independently: by listing the generated packages on the
 * class path, and by reading every {@code struct NAME} / {@code union NAME} out of the {@code .x}
 * files (RFC 4506 section 6.3). The two lists must agree, so a type added to a {@code .x} file
 * cannot escape these tests.
 *
 * <p>For each type, random valid instances are built by reflection ({@link RandomXdrValues}): every
 * valid discriminant of a union is tried (section 4.15), fixed-length opaques get their exact size
 * (section 4.9, e.g. the 8-byte cookieverf3 and writeverf3 of RFC 1813 section 2), bounded opaques
 * stay within bound (section 4.10, e.g. nfs_fh3 {@code <NFS3_FHSIZE>}, and the MOUNT dirpath/name
 * bounds of RFC 1813 section 5.1.5), and linked lists (section 4.19: READDIR entry3, READDIRPLUS
 * entryplus3, MOUNT mountbody, groupnode, exportnode) get 0 to 3 nodes. Each instance is then
 *
 * <ol>
 *   <li>encoded by the generated code and compared with {@link XdrReferenceEncoder}, an independent
 *       encoder written from RFC 4506 section 4,
 *   <li>decoded strictly into a fresh instance and compared field by field ({@link XdrDeepEquals}),
 *   <li>encoded again and compared byte for byte with the first encoding.
 * </ol>
 *
 * Every proper prefix of each encoding, and each encoding followed by extra bytes, must be rejected
 * with {@link MalformedXdrException}.
 *
 * <p>Random choices come from seeds derived from one base seed, printed in every failure message;
 * rerun with {@code -Dxdr.seed=<base seed>} to reproduce a failure.
 */
class XdrRoundTripTest {

  /** Instances per struct type. */
  private static final int STRUCT_ITERATIONS = 40;

  /** Instances per valid discriminant of a union type. */
  private static final int UNION_ITERATIONS = 6;

  private static final long BASE_SEED = Long.getLong("xdr.seed", new Random().nextLong());

  private static List<GeneratedTypes> modules;

  @BeforeAll
  static void loadSchemas() throws IOException {
    modules = GeneratedTypes.all();
  }

  /** A seed for one type, reproducible from {@link #BASE_SEED}. */
  private static long seedFor(String purpose, String typeName) {
    return new Random(BASE_SEED ^ (purpose + "/" + typeName).hashCode() * 0x9E3779B97F4A7C15L)
        .nextLong();
  }

  private static String reproduce(long seed) {
    return "seed="
        + seed
        + ", base seed "
        + BASE_SEED
        + " (rerun with -Dxdr.seed="
        + BASE_SEED
        + ")";
  }

  @Test
  void everyStructAndUnionOfTheXFilesHasAGeneratedClassAndNoOtherClassExists() throws IOException {
    for (GeneratedTypes m : modules) {
      List<String> byRegex = XdrSchema.structAndUnionNamesByRegex(m.text());
      assertThat(byRegex).as("struct/union definitions in %s", m.file()).isNotEmpty();
      assertThat(m.schema().compositeNames())
          .as("parsed struct/union definitions of %s", m.file())
          .containsExactlyInAnyOrderElementsOf(byRegex);

      List<Class<?>> classes = m.xdrAbleClassesOnClassPath();
      assertThat(classes.size())
          .as(
              "XdrAble classes of %s on the class path vs struct/union definitions in %s",
              m.javaPackage(), m.file())
          .isGreaterThanOrEqualTo(byRegex.size());
      assertThat(classes.stream().map(Class::getSimpleName).toList())
          .as("XdrAble classes of %s", m.javaPackage())
          .containsExactlyInAnyOrderElementsOf(byRegex);
    }
  }

  @Test
  void generatedFieldsMatchTheDeclarations() throws IOException {
    for (GeneratedTypes m : modules) {
      for (Class<?> cls : m.xdrAbleClassesOnClassPath()) {
        String name = m.xdrNameOf(cls).orElseThrow(() -> new AssertionError(cls + " not in .x"));
        assertThat(GeneratedTypes.actualFields(cls))
            .as("public instance fields of %s (name -> Java type)", cls.getName())
            .containsExactlyInAnyOrderEntriesOf(m.expectedFields(name));
      }
    }
  }

  @Test
  void enumInterfacesAndConstantsMatchTheXFiles() throws ReflectiveOperationException {
    for (GeneratedTypes m : modules) {
      for (XdrSchema.Enum e : m.schema().enums().values()) {
        Class<?> cls = m.classOf(e.name());
        assertThat(cls.isInterface()).as("%s is an interface of constants", cls).isTrue();
        assertThat(intConstants(cls)).as("constants of enum %s", e.name()).isEqualTo(e.values());
      }
      Map<String, Integer> consts = new LinkedHashMap<>();
      m.schema().constants().forEach((k, v) -> consts.put(k, v.intValue()));
      assertThat(intConstants(Class.forName(m.constantsClassName())))
          .as("constants of %s", m.file())
          .containsAllEntriesOf(consts);
    }
  }

  private static Map<String, Integer> intConstants(Class<?> cls) throws IllegalAccessException {
    Map<String, Integer> values = new LinkedHashMap<>();
    for (Field f : cls.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
        values.put(f.getName(), f.getInt(null));
      }
    }
    return values;
  }

  @TestFactory
  Stream<DynamicTest> everyGeneratedClassRoundTrips() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (GeneratedTypes m : modules) {
      for (Class<?> cls : m.xdrAbleClassesOnClassPath()) {
        String name = m.xdrNameOf(cls).orElseThrow(() -> new AssertionError(cls + " not in .x"));
        tests.add(
            DynamicTest.dynamicTest(
                cls.getName(), () -> roundTripsRandomInstances(m, name, seedFor("rt", name))));
      }
    }
    assertThat(tests).isNotEmpty();
    return tests.stream();
  }

  private static void roundTripsRandomInstances(GeneratedTypes m, String name, long seed) {
    RandomXdrValues values = new RandomXdrValues(m, new Random(seed));
    int checked = 0;
    XdrSchema.Union union = m.schema().unions().get(name);
    if (union != null) {
      List<Integer> discriminants = m.schema().validDiscriminants(union);
      assertThat(discriminants).as("valid discriminants of %s", name).isNotEmpty();
      for (int d : discriminants) {
        for (int i = 0; i < UNION_ITERATIONS; i++) {
          String context = name + " discriminant " + d + " iteration " + i + ", " + reproduce(seed);
          roundTrips(m, name, () -> values.union(name, d), context);
          checked++;
        }
      }
      assertThat(values.discriminants().get(name))
          .containsExactlyInAnyOrderElementsOf(discriminants);
    } else {
      for (int i = 0; i < STRUCT_ITERATIONS; i++) {
        String context = name + " iteration " + i + ", " + reproduce(seed);
        roundTrips(m, name, () -> values.any(name), context);
        checked++;
      }
    }
    assertThat(checked).isPositive();
  }

  private static void roundTrips(
      GeneratedTypes m, String name, Supplier<XdrAble> generator, String context) {
    try {
      roundTrips(m, name, generator.get(), context);
    } catch (RuntimeException | MalformedXdrException e) {
      throw new AssertionError("round trip of " + context + " threw " + e, e);
    }
  }

  private static void roundTrips(GeneratedTypes m, String name, XdrAble original, String context)
      throws MalformedXdrException {
    byte[] first = XdrCodec.encode(original);
    assertThat(first)
        .as("generated encoding vs RFC 4506 reference encoding of %s", context)
        .isEqualTo(XdrReferenceEncoder.encode(m, name, original));
    assertThat(first.length % 4).as("encoding of %s is a multiple of 4 bytes", context).isZero();

    XdrAble decoded = XdrCodec.decode(first, m.newInstance(name));
    assertThat(XdrDeepEquals.firstDifference(original, decoded))
        .as("decoded %s differs from the original", context)
        .isEmpty();
    assertThat(XdrCodec.encode(decoded)).as("re-encoding of decoded %s", context).isEqualTo(first);
  }

  @TestFactory
  Stream<DynamicTest> everyTruncationAndEveryTrailingByteIsRejected() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (GeneratedTypes m : modules) {
      for (Class<?> cls : m.xdrAbleClassesOnClassPath()) {
        String name = m.xdrNameOf(cls).orElseThrow(() -> new AssertionError(cls + " not in .x"));
        tests.add(
            DynamicTest.dynamicTest(
                cls.getName(), () -> rejectsMalformedEncodings(m, name, seedFor("neg", name))));
      }
    }
    return tests.stream();
  }

  private static void rejectsMalformedEncodings(GeneratedTypes m, String name, long seed) {
    RandomXdrValues values = new RandomXdrValues(m, new Random(seed));
    Random random = new Random(~seed);
    List<byte[]> encodings = new ArrayList<>();
    try {
      XdrSchema.Union union = m.schema().unions().get(name);
      if (union != null) {
        for (int d : m.schema().validDiscriminants(union)) {
          encodings.add(XdrCodec.encode(values.union(name, d)));
        }
      } else {
        IntStream.range(0, 3).forEach(i -> encodings.add(XdrCodec.encode(values.any(name))));
      }
    } catch (RuntimeException e) {
      throw new AssertionError("building samples of " + name + ", " + reproduce(seed), e);
    }
    for (byte[] encoded : encodings) {
      String context = name + " encoded as " + encoded.length + " bytes, " + reproduce(seed);
      assertThatCode(() -> XdrCodec.decode(encoded, m.newInstance(name)))
          .as("%s, complete", context)
          .doesNotThrowAnyException();
      for (int length = 0; length < encoded.length; length++) {
        byte[] prefix = Arrays.copyOf(encoded, length);
        assertThatThrownBy(() -> XdrCodec.decode(prefix, m.newInstance(name)))
            .as("%s truncated to %d bytes", context, length)
            .isInstanceOf(MalformedXdrException.class);
      }
      byte[] extra = new byte[1 + random.nextInt(8)];
      random.nextBytes(extra);
      for (byte[] tail : List.of(new byte[1], new byte[4], extra)) {
        byte[] longer = Arrays.copyOf(encoded, encoded.length + tail.length);
        System.arraycopy(tail, 0, longer, encoded.length, tail.length);
        assertThatThrownBy(() -> XdrCodec.decode(longer, m.newInstance(name)))
            .as("%s followed by %d extra bytes", context, tail.length)
            .isInstanceOf(MalformedXdrException.class);
      }
    }
  }

  /**
   * The generator itself covers what the round trips rely on: every union arm and every linked list
   * length from 0 to {@value RandomXdrValues#MAX_LIST} shows up when whole protocol values are
   * generated.
   */
  @Test
  void randomValuesCoverEveryArmAndEveryListLength() {
    long seed = seedFor("coverage", "all");
    for (GeneratedTypes m : modules) {
      RandomXdrValues values = new RandomXdrValues(m, new Random(seed));
      for (int i = 0; i < 200; i++) {
        for (String name : m.schema().compositeNames()) {
          values.any(name);
        }
      }
      for (XdrSchema.Union u : m.schema().unions().values()) {
        Set<Integer> armsHit = new TreeSet<>();
        Set<Integer> armsDeclared = new TreeSet<>();
        for (int d : m.schema().validDiscriminants(u)) {
          int arm = armIndex(u, d);
          armsDeclared.add(arm);
          if (values.discriminants().getOrDefault(u.name(), Set.of()).contains(d)) {
            armsHit.add(arm);
          }
        }
        assertThat(armsHit)
            .as("arms of %s reached, %s", u.name(), reproduce(seed))
            .isEqualTo(armsDeclared);
      }
      for (XdrSchema.Struct s : m.schema().structs().values()) {
        for (XdrSchema.Decl d : s.members()) {
          if (d.shape() == XdrSchema.Shape.OPTIONAL
              && !d.type().equals(s.name())
              && m.schema().isList(d.type())) {
            assertThat(values.listLengths().get(s.name() + "." + d.name()))
                .as("lengths of list %s.%s, %s", s.name(), d.name(), reproduce(seed))
                .containsExactly(0, 1, 2, 3);
          }
        }
      }
    }
  }

  /** Which arm {@code d} selects: the index of its case group, or -1 for the default arm. */
  private static int armIndex(XdrSchema.Union u, int d) {
    for (int i = 0; i < u.arms().size(); i++) {
      if (u.arms().get(i).values().contains(d)) {
        return i;
      }
    }
    return -1;
  }
}
