package org.bftnfs.xdr;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import org.bftnfs.xdr.XdrSchema.Decl;

/**
 * A deliberately simple XDR encoder, written from RFC 4506 section 4 and driven by the parsed
 * {@code .x} declarations rather than by jrpcgen's output. It reads the public fields of a
 * generated object and writes:
 *
 * <ul>
 *   <li>int, unsigned int, enum: 4 bytes big-endian (sections 4.1 to 4.3);
 *   <li>bool: 4 bytes, 0 or 1 (section 4.4);
 *   <li>hyper, unsigned hyper: 8 bytes big-endian (section 4.5);
 *   <li>fixed-length opaque: the bytes, zero-padded to a multiple of four (sections 3, 4.9);
 *   <li>variable-length opaque and string: a length word, the bytes, zero padding (4.10, 4.11);
 *   <li>fixed and variable-length arrays: [length word,] the elements (4.12, 4.13);
 *   <li>struct: the members in order (4.14); union: the discriminant and its arm (4.15);
 *   <li>optional data: a bool, then the value when it is TRUE (4.19).
 * </ul>
 *
 * It refuses values that break a declaration (a fixed opaque of the wrong size, a variable one over
 * its bound, a union discriminant without an arm), so it also validates test data.
 */
final class XdrReferenceEncoder {

  private final GeneratedTypes types;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private XdrReferenceEncoder(GeneratedTypes types) {
    this.types = types;
  }

  /** The RFC 4506 encoding of {@code value}, an instance of struct or union {@code xdrName}. */
  static byte[] encode(GeneratedTypes types, String xdrName, Object value) {
    XdrReferenceEncoder encoder = new XdrReferenceEncoder(types);
    encoder.named(xdrName, value);
    return encoder.out.toByteArray();
  }

  private void named(String type, Object value) {
    if (value == null) {
      throw new IllegalArgumentException("null " + type + " where a value is required");
    }
    XdrSchema schema = types.schema();
    XdrSchema.Struct struct = schema.structs().get(type);
    if (struct != null) {
      for (Decl member : struct.members()) {
        declaration(member, GeneratedTypes.get(value, member.name()));
      }
      return;
    }
    XdrSchema.Union union = schema.unions().get(type);
    if (union == null) {
      throw new IllegalArgumentException("unknown type " + type);
    }
    int discriminant = types.discriminantOf(value, union);
    String discriminantType = union.discriminant().type();
    if (schema.isEnum(discriminantType)
        && !schema.enums().get(discriminantType).values().containsValue(discriminant)) {
      throw new IllegalArgumentException(
          discriminant + " is not a value of enum " + discriminantType + " in " + type);
    }
    Decl arm =
        union
            .armFor(discriminant)
            .orElseThrow(
                () -> new IllegalArgumentException(discriminant + " selects no arm of " + type));
    int32(discriminant);
    if (!arm.isVoid()) {
      declaration(arm, GeneratedTypes.get(value, arm.name()));
    }
  }

  private void declaration(Decl d, Object value) {
    switch (d.shape()) {
      case OPTIONAL -> {
        bool(value != null);
        if (value != null) {
          named(d.type(), value);
        }
      }
      case SCALAR -> scalar(d.type(), value);
      case FIXED -> {
        int length = length(d, value);
        if (length != d.size().getAsInt()) {
          throw new IllegalArgumentException(
              d + " holds " + length + " elements, declared " + d.size().getAsInt());
        }
        elements(d, value);
      }
      case VARIABLE -> {
        int length = length(d, value);
        if (d.size().isPresent() && Integer.compareUnsigned(length, d.size().getAsInt()) > 0) {
          throw new IllegalArgumentException(d + " holds " + length + " elements, over its bound");
        }
        int32(length);
        elements(d, value);
      }
    }
  }

  private static int length(Decl d, Object value) {
    if (value == null) {
      throw new IllegalArgumentException("null " + d);
    }
    if (value instanceof String s) {
      return s.getBytes(StandardCharsets.US_ASCII).length;
    }
    return Array.getLength(value);
  }

  private void elements(Decl d, Object value) {
    if (d.type().equals("opaque") || d.type().equals("string")) {
      byte[] bytes =
          value instanceof String s ? s.getBytes(StandardCharsets.US_ASCII) : (byte[]) value;
      out.write(bytes, 0, bytes.length);
      for (int pad = (4 - bytes.length % 4) % 4; pad > 0; pad--) {
        out.write(0);
      }
      return;
    }
    for (int i = 0; i < Array.getLength(value); i++) {
      scalar(d.type(), Array.get(value, i));
    }
  }

  private void scalar(String type, Object value) {
    switch (type) {
      case "int", "unsigned int" -> int32((Integer) value);
      case "hyper", "unsigned hyper" -> {
        long v = (Long) value;
        int32((int) (v >>> 32));
        int32((int) v);
      }
      case "bool" -> bool((Boolean) value);
      default -> {
        if (types.schema().isEnum(type)) {
          int v = (Integer) value;
          if (!types.schema().enums().get(type).values().containsValue(v)) {
            throw new IllegalArgumentException(v + " is not a value of enum " + type);
          }
          int32(v);
        } else {
          named(type, value);
        }
      }
    }
  }

  private void bool(boolean b) {
    int32(b ? 1 : 0);
  }

  private void int32(int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }
}
