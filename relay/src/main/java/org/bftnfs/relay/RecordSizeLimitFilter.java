package org.bftnfs.relay;

import java.io.IOException;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.attributes.AttributeBuilder;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grizzly filter placed between the transport and oncrpc4j's record parser ({@code
 * RpcMessageParserTCP}, which buffers a record of any announced size): it watches the record marks
 * of each connection and closes the connection as soon as a record announces more than the limit,
 * logging one line. The bytes themselves pass through untouched.
 */
final class RecordSizeLimitFilter extends BaseFilter {

  private static final Logger LOG = LoggerFactory.getLogger(RecordSizeLimitFilter.class);

  private final int limit;
  private final Attribute<RecordMarkScanner> scanner;

  /**
   * @param limit largest record in bytes (fragment headers included)
   */
  RecordSizeLimitFilter(int limit) {
    this.limit = limit;
    this.scanner =
        AttributeBuilder.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(
            RecordSizeLimitFilter.class.getName() + ".scanner");
  }

  @Override
  public NextAction handleRead(FilterChainContext ctx) throws IOException {
    Object message = ctx.getMessage();
    if (!(message instanceof Buffer buffer)) {
      return ctx.getInvokeAction();
    }
    Connection<?> connection = ctx.getConnection();
    RecordMarkScanner s = scanner.get(connection);
    if (s == null) {
      s = new RecordMarkScanner(limit);
      scanner.set(connection, s);
    }
    if (s.feed(buffer)) {
      return ctx.getInvokeAction();
    }
    LOG.warn(
        "closing connection from {}: RPC record of {} bytes exceeds the limit of {} bytes",
        connection.getPeerAddress(),
        s.recordBytes(),
        limit);
    buffer.tryDispose();
    connection.closeSilently();
    return ctx.getStopAction();
  }
}
