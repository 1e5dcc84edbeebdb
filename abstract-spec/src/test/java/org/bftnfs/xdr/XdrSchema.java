package org.bftnfs.xdr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test-side model of a {@code .x} file, parsed independently of jrpcgen so that the tests can
 * check the generated classes against the declarations they were generated from.
 *
 * <p>Only the subset of the XDR language (RFC 4506 section 6.3) that the bftnfs {@code .x} files
 * use is accepted: {@code const}, {@code enum}, {@code struct} and {@code union} definitions whose
 * declarations are scalars ({@code int}, {@code unsigned int}, {@code hyper}, {@code unsigned
 * hyper}, {@code bool}, named types), fixed and variable-length opaques, arrays and strings
 * (sections 4.9 to 4.13), and optional data (section 4.19). Anything else ({@code typedef}, {@code
 * program}, floating point, inline type definitions) is rejected with an exception, so that a
 * {@code .x} change this model cannot represent makes the tests fail instead of being skipped.
 */
final class XdrSchema {

  /** How a declaration is shaped (RFC 4506 section 6.3, "declaration"). */
  enum Shape {
    /** {@code type name}. */
    SCALAR,
    /** {@code type name[n]}: fixed-length opaque or array (sections 4.9, 4.12). */
    FIXED,
    /** {@code type name<n>} or {@code type name<>}: sections 4.10, 4.11, 4.13. */
    VARIABLE,
    /** {@code type *name}: optional data (section 4.19). */
    OPTIONAL
  }

  /**
   * One declaration. {@code type} is one of {@code int}, {@code unsigned int}, {@code hyper},
   * {@code unsigned hyper}, {@code bool}, {@code opaque}, {@code string}, {@code void} or the name
   * of an enum, struct or union. {@code size} is the fixed size or the bound of a variable-length
   * declaration, empty when unbounded.
   */
  record Decl(String name, String type, Shape shape, OptionalInt size) {

    static final Decl VOID = new Decl(null, "void", Shape.SCALAR, OptionalInt.empty());

    boolean isVoid() {
      return "void".equals(type);
    }

    @Override
    public String toString() {
      if (isVoid()) {
        return "void";
      }
      return switch (shape) {
        case SCALAR -> type + " " + name;
        case FIXED -> type + " " + name + "[" + size.getAsInt() + "]";
        case VARIABLE -> type + " " + name + "<" + (size.isPresent() ? size.getAsInt() : "") + ">";
        case OPTIONAL -> type + " *" + name;
      };
    }
  }

  /** {@code struct name { members };} (section 4.14). */
  record Struct(String name, List<Decl> members) {}

  /** One {@code case v1: case v2: decl;} group of a union. */
  record Arm(List<Integer> values, Decl decl) {}

  /**
   * {@code union name switch (discriminant) { arms; default: defaultArm; };} (section 4.15). {@code
   * defaultArm} is empty when the union has no {@code default}.
   */
  record Union(String name, Decl discriminant, List<Arm> arms, Optional<Decl> defaultArm) {

    /**
     * The arm selected by {@code value}, or empty when {@code value} is not a valid discriminant.
     */
    Optional<Decl> armFor(int value) {
      for (Arm arm : arms) {
        if (arm.values().contains(value)) {
          return Optional.of(arm.decl());
        }
      }
      return defaultArm;
    }
  }

  /** {@code enum name { A = 1, ... };} (section 4.3), in declaration order. */
  record Enum(String name, Map<String, Integer> values) {}

  private final Map<String, Long> constants = new LinkedHashMap<>();
  private final Map<String, Enum> enums = new LinkedHashMap<>();
  private final Map<String, Struct> structs = new LinkedHashMap<>();
  private final Map<String, Union> unions = new LinkedHashMap<>();

  private XdrSchema() {}

  /** Parses one {@code .x} file. */
  static XdrSchema parse(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** Parses the text of one {@code .x} file. */
  static XdrSchema parse(String text) {
    XdrSchema schema = new XdrSchema();
    new Parser(schema, tokenize(stripComments(text))).definitions();
    return schema;
  }

  /**
   * The names of all {@code struct} and {@code union} definitions, found by a plain regular
   * expression over the comment-free text, independently of the parser.
   */
  static List<String> structAndUnionNamesByRegex(String text) {
    Matcher m =
        Pattern.compile("\\b(?:struct|union)\\s+([A-Za-z_]\\w*)\\s*(?:\\{|switch\\b)")
            .matcher(stripComments(text));
    List<String> names = new ArrayList<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  Map<String, Long> constants() {
    return Collections.unmodifiableMap(constants);
  }

  Map<String, Enum> enums() {
    return Collections.unmodifiableMap(enums);
  }

  Map<String, Struct> structs() {
    return Collections.unmodifiableMap(structs);
  }

  Map<String, Union> unions() {
    return Collections.unmodifiableMap(unions);
  }

  /** Struct and union names, in file order of their kind. */
  List<String> compositeNames() {
    List<String> names = new ArrayList<>(structs.keySet());
    names.addAll(unions.keySet());
    return names;
  }

  boolean isEnum(String type) {
    return enums.containsKey(type);
  }

  /** A struct that points to itself through an optional member: a linked list (section 4.19). */
  boolean isList(String type) {
    Struct s = structs.get(type);
    return s != null
        && s.members().stream().anyMatch(d -> d.shape() == Shape.OPTIONAL && d.type().equals(type));
  }

  /** The valid discriminant values of {@code union}, each mapped to a declared or default arm. */
  List<Integer> validDiscriminants(Union union) {
    String type = union.discriminant().type();
    List<Integer> candidates = new ArrayList<>();
    if (type.equals("bool")) {
      candidates.add(0);
      candidates.add(1);
    } else if (isEnum(type)) {
      candidates.addAll(enums.get(type).values().values());
    } else if (type.equals("int") || type.equals("unsigned int")) {
      union.arms().forEach(a -> candidates.addAll(a.values()));
      if (union.defaultArm().isPresent()) {
        // Any other value selects the default arm; take a few that no case names.
        for (int v : new int[] {Integer.MIN_VALUE, -1, Integer.MAX_VALUE}) {
          if (!candidates.contains(v)) {
            candidates.add(v);
          }
        }
      }
    } else {
      throw new IllegalStateException("unsupported discriminant type in " + union);
    }
    return candidates.stream().distinct().filter(v -> union.armFor(v).isPresent()).toList();
  }

  private static String stripComments(String text) {
    String noBlock = text.replaceAll("(?s)/\\*.*?\\*/", " ");
    StringBuilder out = new StringBuilder();
    for (String line : noBlock.split("\n", -1)) {
      int slashes = line.indexOf("//");
      String kept = slashes >= 0 ? line.substring(0, slashes) : line;
      // "%" lines are passed through to C by rpcgen and carry no XDR.
      out.append(kept.stripLeading().startsWith("%") ? "" : kept).append('\n');
    }
    return out.toString();
  }

  private static List<String> tokenize(String text) {
    Matcher m =
        Pattern.compile("[A-Za-z_]\\w*|-?(?:0[xX][0-9a-fA-F]+|\\d+)|[{}()\\[\\]<>;:,=*]|\\S")
            .matcher(text);
    List<String> tokens = new ArrayList<>();
    while (m.find()) {
      tokens.add(m.group());
    }
    return tokens;
  }

  /** Recursive-descent parser over the token list. */
  private static final class Parser {
    private final XdrSchema schema;
    private final List<String> tokens;
    private int pos;

    Parser(XdrSchema schema, List<String> tokens) {
      this.schema = schema;
      this.tokens = tokens;
    }

    void definitions() {
      while (pos < tokens.size()) {
        String keyword = next();
        switch (keyword) {
          case "const" -> {
            String name = identifier();
            expect("=");
            schema.constants.put(name, number(next()));
            expect(";");
          }
          case "enum" -> enumDefinition();
          case "struct" -> structDefinition();
          case "union" -> unionDefinition();
          default -> throw unsupported("definition starting with '" + keyword + "'");
        }
      }
    }

    private void enumDefinition() {
      String name = identifier();
      expect("{");
      Map<String, Integer> values = new LinkedHashMap<>();
      while (true) {
        String constant = identifier();
        expect("=");
        values.put(constant, value());
        if (peek().equals(",")) {
          next();
        } else {
          break;
        }
      }
      expect("}");
      expect(";");
      schema.enums.put(name, new Enum(name, Collections.unmodifiableMap(values)));
    }

    private void structDefinition() {
      String name = identifier();
      expect("{");
      List<Decl> members = new ArrayList<>();
      while (!peek().equals("}")) {
        Decl d = declaration();
        if (d.isVoid()) {
          throw unsupported("void member of struct " + name);
        }
        members.add(d);
        expect(";");
      }
      expect("}");
      expect(";");
      schema.structs.put(name, new Struct(name, List.copyOf(members)));
    }

    private void unionDefinition() {
      String name = identifier();
      expect("switch");
      expect("(");
      Decl discriminant = declaration();
      expect(")");
      expect("{");
      List<Arm> arms = new ArrayList<>();
      Optional<Decl> defaultArm = Optional.empty();
      while (!peek().equals("}")) {
        if (peek().equals("default")) {
          next();
          expect(":");
          defaultArm = Optional.of(declaration());
          expect(";");
          continue;
        }
        List<Integer> values = new ArrayList<>();
        while (peek().equals("case")) {
          next();
          values.add(value());
          expect(":");
        }
        if (values.isEmpty()) {
          throw unsupported("token '" + peek() + "' in union " + name);
        }
        arms.add(new Arm(List.copyOf(values), declaration()));
        expect(";");
      }
      expect("}");
      expect(";");
      schema.unions.put(name, new Union(name, discriminant, List.copyOf(arms), defaultArm));
    }

    private Decl declaration() {
      if (peek().equals("void")) {
        next();
        return Decl.VOID;
      }
      String type = typeSpecifier();
      if (peek().equals("*")) {
        next();
        return new Decl(identifier(), type, Shape.OPTIONAL, OptionalInt.empty());
      }
      String name = identifier();
      Decl d;
      if (peek().equals("[")) {
        next();
        d = new Decl(name, type, Shape.FIXED, OptionalInt.of(value()));
        expect("]");
      } else if (peek().equals("<")) {
        next();
        OptionalInt bound = peek().equals(">") ? OptionalInt.empty() : OptionalInt.of(value());
        expect(">");
        d = new Decl(name, type, Shape.VARIABLE, bound);
      } else {
        d = new Decl(name, type, Shape.SCALAR, OptionalInt.empty());
      }
      if ((type.equals("opaque") && d.shape() == Shape.SCALAR)
          || (type.equals("string") && d.shape() != Shape.VARIABLE)) {
        throw unsupported("malformed declaration " + d);
      }
      return d;
    }

    private String typeSpecifier() {
      String t = next();
      switch (t) {
        case "unsigned" -> {
          if (peek().equals("int") || peek().equals("hyper")) {
            return "unsigned " + next();
          }
          return "unsigned int";
        }
        case "int", "hyper", "bool", "opaque", "string" -> {
          return t;
        }
        case "float", "double", "quadruple", "struct", "union", "enum", "typedef" ->
            throw unsupported("type specifier '" + t + "'");
        default -> {
          if (!t.matches("[A-Za-z_]\\w*")) {
            throw unsupported("type specifier '" + t + "'");
          }
          return t;
        }
      }
    }

    /** A constant, enum constant, TRUE/FALSE or a number (section 6.3, "value"). */
    private int value() {
      String t = next();
      long v;
      if (t.equals("TRUE")) {
        v = 1;
      } else if (t.equals("FALSE")) {
        v = 0;
      } else if (schema.constants.containsKey(t)) {
        v = schema.constants.get(t);
      } else if (t.matches("[A-Za-z_]\\w*")) {
        v =
            schema.enums.values().stream()
                .map(e -> e.values().get(t))
                .filter(x -> x != null)
                .findFirst()
                .orElseThrow(() -> unsupported("unknown constant " + t));
      } else {
        v = number(t);
      }
      if (v < Integer.MIN_VALUE || v > 0xFFFF_FFFFL) {
        throw unsupported("value out of 32-bit range: " + t);
      }
      return (int) v;
    }

    private long number(String t) {
      try {
        if (t.startsWith("0x") || t.startsWith("0X")) {
          return Long.parseLong(t.substring(2), 16);
        }
        if (t.startsWith("-0x") || t.startsWith("-0X")) {
          return -Long.parseLong(t.substring(3), 16);
        }
        if (t.length() > 1 && t.startsWith("0")) {
          return Long.parseLong(t.substring(1), 8);
        }
        return Long.parseLong(t);
      } catch (NumberFormatException e) {
        throw unsupported("number '" + t + "'");
      }
    }

    private String identifier() {
      String t = next();
      if (!t.matches("[A-Za-z_]\\w*")) {
        throw unsupported("expected an identifier, found '" + t + "'");
      }
      return t;
    }

    private void expect(String token) {
      String t = next();
      if (!t.equals(token)) {
        throw unsupported("expected '" + token + "', found '" + t + "'");
      }
    }

    private String peek() {
      if (pos >= tokens.size()) {
        throw unsupported("unexpected end of file");
      }
      return tokens.get(pos);
    }

    private String next() {
      String t = peek();
      pos++;
      return t;
    }

    private IllegalArgumentException unsupported(String what) {
      return new IllegalArgumentException(
          ".x parse error near token " + pos + ": " + what + " (test model supports a subset)");
    }
  }
}
