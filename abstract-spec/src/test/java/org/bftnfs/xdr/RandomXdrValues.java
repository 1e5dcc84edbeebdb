package org.bftnfs.xdr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.bftnfs.xdr.XdrSchema.Decl;
import org.dcache.oncrpc4j.xdr.XdrAble;

/**
 * Builds random but valid instances of generated XDR classes by reflection, driven by the parsed
 * {@code .x} declarations:
 *
 * <ul>
 *   <li>fixed-length opaques get exactly their declared size (RFC 4506 section 4.9);
 *   <li>variable-length opaques, strings and arrays get 0..bound elements, with the empty and the
 *       full length chosen often (sections 4.10, 4.11, 4.13); unbounded ones get 0..{@value
 *       #MAX_UNBOUNDED} bytes or 0..{@value #MAX_ARRAY} elements;
 *   <li>enum-typed values are one of the declared enum constants (section 4.3);
 *   <li>a union gets a valid discriminant and exactly its arm's field, other arms stay null
 *       (section 4.15);
 *   <li>linked lists (a struct pointing to itself, section 4.19) get 0..{@value #MAX_LIST} nodes.
 * </ul>
 *
 * <p>Every choice comes from the {@link Random} given, so one seed reproduces one sequence of
 * values. The choices made are recorded so that tests can check what was covered.
 */
final class RandomXdrValues {

  static final int MAX_LIST = 3;
  static final int MAX_UNBOUNDED = 48;
  static final int MAX_ARRAY = 5;

  private final GeneratedTypes types;
  private final XdrSchema schema;
  private final Random random;
  private final Map<String, Set<Integer>> listLengths = new TreeMap<>();
  private final Map<String, Set<Integer>> discriminants = new TreeMap<>();

  RandomXdrValues(GeneratedTypes types, Random random) {
    this.types = types;
    this.schema = types.schema();
    this.random = random;
  }

  /** List lengths produced so far, by the {@code struct.member} pointer that heads the list. */
  Map<String, Set<Integer>> listLengths() {
    return listLengths;
  }

  /** Discriminants produced so far, by union name. */
  Map<String, Set<Integer>> discriminants() {
    return discriminants;
  }

  /** A random instance of struct or union {@code name}; a list gets 1..MAX_LIST nodes. */
  XdrAble any(String name) {
    if (schema.unions().containsKey(name)) {
      List<Integer> valid = schema.validDiscriminants(schema.unions().get(name));
      return union(name, valid.get(random.nextInt(valid.size())));
    }
    return struct(name, random.nextInt(MAX_LIST));
  }

  /** A random instance of union {@code name} with discriminant {@code discriminant}. */
  XdrAble union(String name, int discriminant) {
    XdrSchema.Union u = schema.unions().get(name);
    Decl arm =
        u.armFor(discriminant)
            .orElseThrow(
                () -> new IllegalArgumentException(discriminant + " is no arm of " + name));
    discriminants.computeIfAbsent(name, k -> new TreeSet<>()).add(discriminant);
    XdrAble value = types.newInstance(name);
    Object d = u.discriminant().type().equals("bool") ? (Object) (discriminant != 0) : discriminant;
    GeneratedTypes.set(value, u.discriminant().name(), d);
    if (!arm.isVoid()) {
      GeneratedTypes.set(value, arm.name(), valueOf(arm, name, 0));
    }
    return value;
  }

  /**
   * A random instance of struct {@code name}; when it is a list node, {@code moreNodes} more nodes
   * follow it.
   */
  XdrAble struct(String name, int moreNodes) {
    XdrSchema.Struct s = schema.structs().get(name);
    if (s == null) {
      throw new IllegalArgumentException("no struct " + name);
    }
    XdrAble value = types.newInstance(name);
    for (Decl member : s.members()) {
      GeneratedTypes.set(value, member.name(), valueOf(member, name, moreNodes));
    }
    return value;
  }

  private Object valueOf(Decl d, String owner, int moreNodes) {
    return switch (d.shape()) {
      case OPTIONAL -> optional(d, owner, moreNodes);
      case SCALAR -> scalar(d.type());
      case FIXED -> sequence(d, d.size().getAsInt());
      case VARIABLE ->
          sequence(
              d,
              length(
                  d.size(),
                  d.type().equals("opaque") || d.type().equals("string")
                      ? MAX_UNBOUNDED
                      : MAX_ARRAY));
    };
  }

  private Object optional(Decl d, String owner, int moreNodes) {
    if (d.type().equals(owner)) {
      // The "next" pointer of a list node: the list length was chosen where the list started.
      return moreNodes > 0 ? struct(owner, moreNodes - 1) : null;
    }
    if (schema.isList(d.type())) {
      int length = random.nextInt(MAX_LIST + 1);
      listLengths.computeIfAbsent(owner + "." + d.name(), k -> new TreeSet<>()).add(length);
      return length == 0 ? null : struct(d.type(), length - 1);
    }
    return random.nextBoolean() ? null : named(d.type());
  }

  private Object scalar(String type) {
    return switch (type) {
      case "int", "unsigned int" -> random.nextInt();
      case "hyper", "unsigned hyper" -> random.nextLong();
      case "bool" -> random.nextBoolean();
      default -> {
        if (schema.isEnum(type)) {
          List<Integer> values = new ArrayList<>(schema.enums().get(type).values().values());
          yield values.get(random.nextInt(values.size()));
        }
        yield named(type);
      }
    };
  }

  private XdrAble named(String type) {
    if (schema.isList(type)) {
      return struct(type, random.nextInt(MAX_LIST));
    }
    return any(type);
  }

  private Object sequence(Decl d, int length) {
    switch (d.type()) {
      case "opaque":
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
      case "string":
        // Printable ASCII, so that no character encoding question arises.
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
          s.append((char) (' ' + random.nextInt(95)));
        }
        return s.toString();
      default:
        List<Object> elements = new ArrayList<>();
        for (int i = 0; i < length; i++) {
          elements.add(scalar(d.type()));
        }
        return GeneratedTypes.newArray(types.javaType(d), elements);
    }
  }

  /** 0..bound (0..unboundedMax without a bound), with both ends chosen often. */
  private int length(OptionalInt bound, int unboundedMax) {
    int max = bound.orElse(unboundedMax);
    int pick = random.nextInt(8);
    if (pick == 0) {
      return 0;
    }
    if (pick == 1 && bound.isPresent()) {
      return max;
    }
    return random.nextInt(max + 1);
  }

  @Override
  public String toString() {
    return "RandomXdrValues[" + types + "]";
  }
}
