package org.bftnfs.spec.xdr;

import java.io.IOException;
import org.dcache.oncrpc4j.xdr.Xdr;
import org.dcache.oncrpc4j.xdr.XdrAble;

/** Encodes XDR values to byte arrays and decodes them strictly. */
public final class XdrCodec {

  private XdrCodec() {}

  /** The XDR encoding of {@code value}. */
  public static byte[] encode(XdrAble value) {
    try (Xdr xdr = new Xdr(Xdr.INITIAL_XDR_SIZE)) {
      xdr.beginEncoding();
      value.xdrEncode(xdr);
      xdr.endEncoding();
      var buffer = xdr.asBuffer();
      byte[] out = new byte[buffer.remaining()];
      buffer.get(out);
      return out;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * Decodes {@code bytes} into {@code target}, which must consume them exactly. The decoder is
   * strict ({@link StrictXdrDecoder}): canonical encodings only, and no allocation beyond the
   * input's size, whatever length words the input claims.
   *
   * @return {@code target}
   * @throws MalformedXdrException when the bytes are truncated, too long, or do not decode
   */
  public static <T extends XdrAble> T decode(byte[] bytes, T target) throws MalformedXdrException {
    StrictXdrDecoder xdr = new StrictXdrDecoder(bytes);
    try {
      target.xdrDecode(xdr);
    } catch (IOException | RuntimeException e) {
      throw new MalformedXdrException(
          "cannot decode " + target.getClass().getSimpleName() + ": " + e.getMessage());
    }
    if (xdr.hasMoreData()) {
      throw new MalformedXdrException("trailing bytes after " + target.getClass().getSimpleName());
    }
    return target;
  }
}
