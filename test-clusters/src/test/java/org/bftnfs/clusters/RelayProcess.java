package org.bftnfs.clusters;

import org.bftnfs.process.ChildProcess;

/**
 * A running {@code bin/bftnfs relay} and the URL from its ready line, e.g. {@code
 * nfs://127.0.0.1/bftnfs?version=3&nfsport=P&mountport=P}.
 *
 * @param process the relay's process
 * @param url the export's URL
 */
record RelayProcess(ChildProcess process, String url) {

  /**
   * The URL of {@code name} in the export, with extra query parameters (e.g. {@code &uid=1000}).
   */
  String fileUrl(String name, String extraQuery) {
    int q = url.indexOf('?');
    return url.substring(0, q) + "/" + name + url.substring(q) + extraQuery;
  }

  /** The NFS (and MOUNT) port. */
  int port() {
    return Integer.parseInt(url.replaceAll(".*[?&]nfsport=(\\d+).*", "$1"));
  }

  /** The export path, e.g. {@code /bftnfs}. */
  String export() {
    String rest = url.substring("nfs://".length());
    return rest.substring(rest.indexOf('/'), rest.indexOf('?'));
  }
}
