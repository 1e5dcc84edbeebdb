package org.bftnfs.xdr;

import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.bftnfs.xdr.XdrSchema.Decl;
import org.bftnfs.xdr.XdrSchema.Shape;
import org.dcache.oncrpc4j.xdr.XdrAble;

/**
 * One {@code .x} file together with the Java package jrpcgen generated from it: maps XDR type names
 * to classes, declarations to the Java field types jrpcgen uses for them, and reads and writes the
 * public fields of generated objects.
 */
final class GeneratedTypes {

  /** The two {@code .x} files of abstract-spec and their generated packages. */
  static List<GeneratedTypes> all() throws IOException {
    return List.of(load("nfs3.x", "org.bftnfs.xdr.nfs"), load("mount3.x", "org.bftnfs.xdr.mount"));
  }

  static GeneratedTypes load(String fileName, String javaPackage) throws IOException {
    Path file = xdrDirectory().resolve(fileName);
    return new GeneratedTypes(file, Files.readString(file), XdrSchema.parse(file), javaPackage);
  }

  /** {@code src/main/xdr} of abstract-spec, from the module or from the reactor root. */
  static Path xdrDirectory() {
    for (Path candidate : List.of(Path.of("src/main/xdr"), Path.of("abstract-spec/src/main/xdr"))) {
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "cannot find abstract-spec/src/main/xdr from " + Path.of("").toAbsolutePath());
  }

  private final Path file;
  private final String text;
  private final XdrSchema schema;
  private final String javaPackage;

  private GeneratedTypes(Path file, String text, XdrSchema schema, String javaPackage) {
    this.file = file;
    this.text = text;
    this.schema = schema;
    this.javaPackage = javaPackage;
  }

  Path file() {
    return file;
  }

  String text() {
    return text;
  }

  XdrSchema schema() {
    return schema;
  }

  String javaPackage() {
    return javaPackage;
  }

  /** The name jrpcgen gives the class of constants: the base name of the {@code .x} file. */
  String constantsClassName() {
    String name = file.getFileName().toString();
    return javaPackage + "." + name.substring(0, name.lastIndexOf('.'));
  }

  Class<?> classOf(String xdrName) {
    try {
      return Class.forName(javaPackage + "." + xdrName);
    } catch (ClassNotFoundException e) {
      throw new AssertionError("no generated class for XDR type " + xdrName, e);
    }
  }

  XdrAble newInstance(String xdrName) {
    try {
      return (XdrAble) classOf(xdrName).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot instantiate " + xdrName, e);
    }
  }

  /** The Java type jrpcgen uses for a scalar of XDR type {@code type}. */
  Class<?> scalarJavaType(String type) {
    return switch (type) {
      case "int", "unsigned int" -> int.class;
      case "hyper", "unsigned hyper" -> long.class;
      case "bool" -> boolean.class;
      default -> schema.isEnum(type) ? int.class : classOf(type);
    };
  }

  /** The Java type jrpcgen uses for the field of declaration {@code d}. */
  Class<?> javaType(Decl d) {
    if (d.shape() == Shape.OPTIONAL) {
      return classOf(d.type());
    }
    if (d.shape() == Shape.SCALAR) {
      return scalarJavaType(d.type());
    }
    return switch (d.type()) {
      case "opaque" -> byte[].class;
      case "string" -> String.class;
      default -> scalarJavaType(d.type()).arrayType();
    };
  }

  /**
   * The public instance fields a generated class should have, by name: the members of a struct, or
   * the discriminant and the non-void arms of a union.
   */
  Map<String, Class<?>> expectedFields(String xdrName) {
    Map<String, Class<?>> fields = new LinkedHashMap<>();
    XdrSchema.Struct struct = schema.structs().get(xdrName);
    if (struct != null) {
      struct.members().forEach(d -> fields.put(d.name(), javaType(d)));
      return fields;
    }
    XdrSchema.Union union = schema.unions().get(xdrName);
    if (union == null) {
      throw new AssertionError(xdrName + " is neither a struct nor a union of " + file);
    }
    fields.put(union.discriminant().name(), javaType(union.discriminant()));
    List<Decl> arms = new ArrayList<>();
    union.arms().forEach(a -> arms.add(a.decl()));
    union.defaultArm().ifPresent(arms::add);
    for (Decl d : arms) {
      if (!d.isVoid()) {
        Class<?> previous = fields.put(d.name(), javaType(d));
        if (previous != null && previous != javaType(d)) {
          throw new AssertionError("arm " + d.name() + " of " + xdrName + " has two types");
        }
      }
    }
    return fields;
  }

  /** The public instance fields a generated class actually has, by name. */
  static Map<String, Class<?>> actualFields(Class<?> cls) {
    Map<String, Class<?>> fields = new LinkedHashMap<>();
    for (Field f : cls.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers())) {
        fields.put(f.getName(), Modifier.isPublic(f.getModifiers()) ? f.getType() : Void.class);
      }
    }
    return fields;
  }

  static Object get(Object target, String field) {
    try {
      return target.getClass().getField(field).get(target);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot read " + target.getClass().getName() + "." + field, e);
    }
  }

  static void set(Object target, String field, Object value) {
    try {
      target.getClass().getField(field).set(target, value);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot write " + target.getClass().getName() + "." + field, e);
    }
  }

  /** The discriminant of a generated union as an int (a bool discriminant is 0 or 1). */
  int discriminantOf(Object union, XdrSchema.Union u) {
    Object v = get(union, u.discriminant().name());
    return v instanceof Boolean b ? (b ? 1 : 0) : (Integer) v;
  }

  /** Builds a Java array of {@code javaType} holding {@code elements}. */
  static Object newArray(Class<?> arrayType, List<?> elements) {
    Object array = Array.newInstance(arrayType.getComponentType(), elements.size());
    for (int i = 0; i < elements.size(); i++) {
      Array.set(array, i, elements.get(i));
    }
    return array;
  }

  /**
   * Every concrete, top-level {@link XdrAble} class of the generated package, found by listing the
   * package's directory (or jar entry) on the test class path.
   */
  List<Class<?>> xdrAbleClassesOnClassPath() throws IOException {
    String dir = javaPackage.replace('.', '/');
    List<Class<?>> found = new ArrayList<>();
    Enumeration<URL> urls = GeneratedTypes.class.getClassLoader().getResources(dir);
    while (urls.hasMoreElements()) {
      URI uri;
      try {
        uri = urls.nextElement().toURI();
      } catch (URISyntaxException e) {
        throw new IOException(e);
      }
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
          collect(fs.getPath(dir), found);
        }
      } else {
        collect(Path.of(uri), found);
      }
    }
    return Collections.unmodifiableList(found);
  }

  private void collect(Path dir, List<Class<?>> found) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.sorted().toList()) {
        String name = p.getFileName().toString();
        if (!name.endsWith(".class") || name.contains("$")) {
          continue;
        }
        Class<?> cls = classOf(name.substring(0, name.length() - ".class".length()));
        if (XdrAble.class.isAssignableFrom(cls)
            && !cls.isInterface()
            && !Modifier.isAbstract(cls.getModifiers())) {
          found.add(cls);
        }
      }
    }
  }

  /** The struct or union definition named like {@code cls}, if the schema has one. */
  Optional<String> xdrNameOf(Class<?> cls) {
    String name = cls.getSimpleName();
    return schema.structs().containsKey(name) || schema.unions().containsKey(name)
        ? Optional.of(name)
        : Optional.empty();
  }

  @Override
  public String toString() {
    return file.getFileName() + " -> " + javaPackage;
  }
}
