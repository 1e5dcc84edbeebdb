package org.bftnfs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logging of {@code bin/bftnfs} (its {@code simplelogger.properties}, on this test's class path
 * as on the launcher's): oncrpc4j's per-record ERROR about replies a client hung up before
 * receiving is off, since the relay counts those itself in a rate-limited WARN, which stays on.
 */
class LoggingConfigTest {

  @Test
  void oncrpc4jsPerReplySendFailuresAreOffAndTheRelaysCountedWarningIsOn() {
    Logger rpcCall = LoggerFactory.getLogger("org.dcache.oncrpc4j.rpc.RpcCall");
    assertThat(rpcCall.isErrorEnabled()).as("RpcCall's 'Failed to send RPC' ERROR").isFalse();
    assertThat(LoggerFactory.getLogger("org.dcache.oncrpc4j.rpc.RpcDispatcher").isErrorEnabled())
        .as("the rest of oncrpc4j still logs errors")
        .isTrue();
    Logger relay = LoggerFactory.getLogger("org.bftnfs.relay.UndeliveredReplies");
    assertThat(relay.isWarnEnabled()).isTrue();
    assertThat(relay.isDebugEnabled()).isFalse();
  }
}
