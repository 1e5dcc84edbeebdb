package org.bftnfs.bench.recovery;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Corrupts files in a stopped replica's backend export behind its wrapper's back, as a disk error
 * or an intruder would: the first {@value #BYTES} bytes of each chosen file are inverted in place
 * (its length is kept).
 */
public final class Corruption {

  /** Bytes inverted at the start of a corrupted file. */
  public static final int BYTES = 64;

  private Corruption() {}

  /**
   * How many of {@code files} a corruption of {@code percent} % touches: rounded up, so any
   * fraction above zero corrupts at least one file.
   *
   * @throws IllegalArgumentException for a percentage outside 0..100 or a negative count
   */
  public static int count(int files, double percent) {
    if (percent < 0 || percent > 100 || Double.isNaN(percent)) {
      throw new IllegalArgumentException("a percentage of 0 to 100, not " + percent);
    }
    if (files < 0) {
      throw new IllegalArgumentException("negative file count " + files);
    }
    return (int) Math.min(files, Math.ceil(files * percent / 100.0 - 1e-9));
  }

  /**
   * The indexes of the {@code count} files chosen among {@code files}: spread evenly over them
   * (index {@code i × files / count}), the same for the same arguments.
   */
  public static List<Integer> choose(int files, int count) {
    if (count < 0 || count > files) {
      throw new IllegalArgumentException(count + " of " + files + " files");
    }
    List<Integer> chosen = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      chosen.add((int) ((long) i * files / count));
    }
    return chosen;
  }

  /**
   * Inverts the first {@value #BYTES} bytes of {@code file} (fewer when it is shorter) and forces
   * them to disk.
   *
   * @return the bytes changed
   * @throws IOException when the file cannot be read or written
   */
  public static int corrupt(Path file) throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate((int) Math.min(BYTES, ch.size()));
      while (b.hasRemaining() && ch.read(b, b.position()) >= 0) {
        // read until the buffer is full (the file is at least as long)
      }
      b.flip();
      byte[] bytes = new byte[b.remaining()];
      b.get(bytes);
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) ~bytes[i];
      }
      ch.write(ByteBuffer.wrap(bytes), 0);
      ch.force(true);
      return bytes.length;
    }
  }
}
