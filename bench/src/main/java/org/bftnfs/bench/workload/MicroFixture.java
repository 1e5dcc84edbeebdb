package org.bftnfs.bench.workload;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.bftnfs.backend.Backend;

/**
 * What the microbenchmarks work on, made once per target under {@code /micro}: a directory of
 * {@value #ENTRIES} empty files (LOOKUP, READDIRPLUS), a {@value #DATA_BYTES}-byte file every
 * client reads, and per client a directory (CREATE+REMOVE) and a {@value #CLIENT_FILE_BYTES}-byte
 * file (GETATTR, WRITE).
 */
public final class MicroFixture {

  /** Entries of the big directory. */
  public static final int ENTRIES = 1000;

  /** Size of the file every client reads. */
  public static final int DATA_BYTES = 1 << 20;

  /** Size of each client's own file; writes overwrite it. */
  public static final int CLIENT_FILE_BYTES = 256 * 1024;

  private final List<Backend> clients;
  private final byte[] bigDir;
  private final byte[][] names;
  private final byte[] data;
  private final byte[][] clientDirs;
  private final byte[][] clientFiles;

  private MicroFixture(
      List<Backend> clients,
      byte[] bigDir,
      byte[][] names,
      byte[] data,
      byte[][] clientDirs,
      byte[][] clientFiles) {
    this.clients = List.copyOf(clients);
    this.bigDir = bigDir;
    this.names = names;
    this.data = data;
    this.clientDirs = clientDirs;
    this.clientFiles = clientFiles;
  }

  /**
   * Makes the fixture with {@code clients} (one connection each), the big directory's entries
   * created by all of them at once on {@code pool}.
   */
  public static MicroFixture create(List<Backend> clients, ExecutorService pool)
      throws InterruptedException, ExecutionException {
    Backend setup = clients.get(0);
    byte[] micro = setup.mkdir(setup.root(), bytes("micro"), 0755).handle();
    byte[] big = setup.mkdir(micro, bytes("dir1000"), 0755).handle();
    byte[][] names = new byte[ENTRIES][];
    for (int i = 0; i < ENTRIES; i++) {
      names[i] = bytes(String.format("entry-%04d", i));
    }
    List<Future<?>> creates = new ArrayList<>();
    for (int c = 0; c < clients.size(); c++) {
      Backend client = clients.get(c);
      int first = c;
      creates.add(
          pool.submit(
              () -> {
                for (int i = first; i < ENTRIES; i += clients.size()) {
                  client.create(big, names[i], 0644);
                }
              }));
    }
    for (Future<?> f : creates) {
      f.get();
    }
    byte[] data = setup.create(micro, bytes("data"), 0644).handle();
    setup.write(data, 0, pattern(DATA_BYTES, 7));
    byte[][] dirs = new byte[clients.size()][];
    byte[][] files = new byte[clients.size()][];
    for (int c = 0; c < clients.size(); c++) {
      dirs[c] = setup.mkdir(micro, bytes("client-" + c), 0755).handle();
      files[c] = setup.create(dirs[c], bytes("own"), 0644).handle();
      setup.write(files[c], 0, pattern(CLIENT_FILE_BYTES, c));
    }
    return new MicroFixture(clients, big, names, data, dirs, files);
  }

  /** The connection of client {@code i}. */
  Backend client(int i) {
    return clients.get(i);
  }

  /** How many clients (connections) the fixture has. */
  public int clients() {
    return clients.size();
  }

  byte[] bigDir() {
    return bigDir;
  }

  byte[] name(int i) {
    return names[i];
  }

  byte[] data() {
    return data;
  }

  byte[] clientDir(int i) {
    return clientDirs[i];
  }

  byte[] clientFile(int i) {
    return clientFiles[i];
  }

  /** Deterministic bytes: a counter mixed with {@code salt}. */
  static byte[] pattern(int size, int salt) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) ((i * 31 + salt * 17 + (i >>> 9)) & 0xff);
    }
    return b;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
