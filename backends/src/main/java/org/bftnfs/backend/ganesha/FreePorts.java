package org.bftnfs.backend.ganesha;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.bftnfs.backend.BackendException;

/**
 * Two distinct TCP ports that were free on 127.0.0.1 a moment ago. Another process may take them
 * before the daemon binds them; {@link GaneshaServer} then tries new ones.
 */
final class FreePorts {

  private FreePorts() {}

  /** Two distinct free ports. */
  static int[] two() {
    try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ServerSocket b = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new int[] {a.getLocalPort(), b.getLocalPort()};
    } catch (IOException e) {
      throw new BackendException("cannot find free TCP ports on 127.0.0.1", e);
    }
  }
}
