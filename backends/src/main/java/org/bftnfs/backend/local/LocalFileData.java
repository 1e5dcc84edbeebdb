package org.bftnfs.backend.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Positional reads and writes of regular files, each opened with {@code O_NOFOLLOW} so a symbolic
 * link is never followed even if one appeared at the path.
 */
final class LocalFileData {

  private LocalFileData() {}

  /** Up to {@code count} bytes at {@code offset}: fewer only at the end of the file. */
  static byte[] read(Path file, long offset, int count) throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer buf = ByteBuffer.allocate(count);
      while (buf.hasRemaining()) {
        int n = ch.read(buf, offset + buf.position());
        if (n < 0) {
          break;
        }
      }
      return buf.position() == count ? buf.array() : Arrays.copyOf(buf.array(), buf.position());
    }
  }

  /** Writes all of {@code data} at {@code offset} and waits until it is on stable storage. */
  static void write(Path file, long offset, byte[] data) throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer buf = ByteBuffer.wrap(data);
      while (buf.hasRemaining()) {
        ch.write(buf, offset + buf.position());
      }
      ch.force(false);
    }
  }

  /**
   * Sets the file's size: truncates, or extends by writing one zero byte at {@code size - 1} (the
   * bytes between stay a hole and read as zeros).
   */
  static void resize(Path file, long size) throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      long current = ch.size();
      if (size < current) {
        ch.truncate(size);
      } else if (size > current) {
        ByteBuffer zero = ByteBuffer.allocate(1);
        while (zero.hasRemaining()) {
          ch.write(zero, size - 1);
        }
      }
      ch.force(false);
    }
  }
}
