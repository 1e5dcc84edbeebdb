package org.bftnfs.replication.protocol;

import org.bftnfs.spec.service.NfsReply;

/** The encoding of an {@link NfsReply} inside a {@link ReplyEnvelope}: outcome and result. */
public final class NfsReplyCodec {

  private NfsReplyCodec() {}

  public static byte[] encode(NfsReply reply) {
    return new Wire.Writer().u32(reply.outcome().ordinal()).bytes(reply.result()).toBytes();
  }

  /**
   * @throws IllegalArgumentException when the bytes are not an encoded reply
   */
  public static NfsReply decode(byte[] bytes) {
    try {
      Wire.Reader r = new Wire.Reader(bytes);
      int outcome = r.u32();
      byte[] result = r.bytes(RequestEnvelope.MAX_ARGUMENTS + 1024);
      r.end();
      if (outcome < 0 || outcome >= NfsReply.Outcome.values().length) {
        throw new IllegalArgumentException("unknown outcome " + outcome);
      }
      return new NfsReply(NfsReply.Outcome.values()[outcome], result);
    } catch (Wire.Malformed e) {
      throw new IllegalArgumentException("malformed reply: " + e.getMessage());
    }
  }
}
