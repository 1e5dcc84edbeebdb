package org.bftnfs.bench.targets;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.bftnfs.backend.nfs.NfsEndpoint;

/**
 * The {@code ready: nfs://HOST/EXPORT?version=3&nfsport=P&mountport=M} line {@code bftnfs serve}
 * and {@code bftnfs local-cluster} print once a client can mount.
 */
public final class ReadyLine {

  public static final String PREFIX = "ready: ";

  private ReadyLine() {}

  /** The endpoint a ready line names. */
  public static NfsEndpoint parse(String name, String line, Duration timeout) {
    if (!line.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a ready line: " + line);
    }
    URI uri;
    try {
      uri = new URI(line.substring(PREFIX.length()).strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("bad URL in ready line: " + line, e);
    }
    Map<String, String> query = new HashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        query.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    String nfs = query.get("nfsport");
    if (!"nfs".equals(uri.getScheme()) || nfs == null) {
      throw new IllegalArgumentException("not an nfs:// URL with nfsport: " + line);
    }
    int nfsPort = Integer.parseInt(nfs);
    int mountPort = Integer.parseInt(query.getOrDefault("mountport", nfs));
    return new NfsEndpoint(name, uri.getHost(), nfsPort, mountPort, uri.getPath(), timeout);
  }
}
