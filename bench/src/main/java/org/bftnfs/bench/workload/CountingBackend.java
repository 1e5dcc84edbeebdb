package org.bftnfs.bench.workload;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.bftnfs.backend.Backend;

/**
 * A {@link Backend} that counts the calls made through it and the file bytes they move, so that a
 * phase knows how many operations it made. Every call is passed on unchanged.
 */
public final class CountingBackend implements Backend {

  private final Backend inner;
  private final AtomicLong ops = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  public CountingBackend(Backend inner) {
    this.inner = inner;
  }

  /** Calls made so far. */
  public long ops() {
    return ops.get();
  }

  /** File bytes read and written so far. */
  public long bytes() {
    return bytes.get();
  }

  @Override
  public long maxFileSize(long wanted) {
    return inner.maxFileSize(wanted);
  }

  @Override
  public String describe() {
    return inner.describe();
  }

  @Override
  public byte[] root() {
    return inner.root();
  }

  @Override
  public Attributes getattr(byte[] handle) {
    ops.incrementAndGet();
    return inner.getattr(handle);
  }

  @Override
  public void setattr(byte[] handle, SetAttributes change) {
    ops.incrementAndGet();
    inner.setattr(handle, change);
  }

  @Override
  public Optional<Found> lookup(byte[] dir, byte[] name) {
    ops.incrementAndGet();
    return inner.lookup(dir, name);
  }

  @Override
  public byte[] read(byte[] file, long offset, int count) {
    ops.incrementAndGet();
    byte[] data = inner.read(file, offset, count);
    bytes.addAndGet(data.length);
    return data;
  }

  @Override
  public void write(byte[] file, long offset, byte[] data) {
    ops.incrementAndGet();
    inner.write(file, offset, data);
    bytes.addAndGet(data.length);
  }

  @Override
  public Found create(byte[] dir, byte[] name, int mode) {
    ops.incrementAndGet();
    return inner.create(dir, name, mode);
  }

  @Override
  public Found mkdir(byte[] dir, byte[] name, int mode) {
    ops.incrementAndGet();
    return inner.mkdir(dir, name, mode);
  }

  @Override
  public Found symlink(byte[] dir, byte[] name, byte[] target) {
    ops.incrementAndGet();
    return inner.symlink(dir, name, target);
  }

  @Override
  public byte[] readlink(byte[] symlink) {
    ops.incrementAndGet();
    return inner.readlink(symlink);
  }

  @Override
  public void remove(byte[] dir, byte[] name) {
    ops.incrementAndGet();
    inner.remove(dir, name);
  }

  @Override
  public void rmdir(byte[] dir, byte[] name) {
    ops.incrementAndGet();
    inner.rmdir(dir, name);
  }

  @Override
  public void rename(byte[] fromDir, byte[] fromName, byte[] toDir, byte[] toName) {
    ops.incrementAndGet();
    inner.rename(fromDir, fromName, toDir, toName);
  }

  @Override
  public void link(byte[] file, byte[] dir, byte[] name) {
    ops.incrementAndGet();
    inner.link(file, dir, name);
  }

  @Override
  public List<Entry> readdir(byte[] dir) {
    ops.incrementAndGet();
    return inner.readdir(dir);
  }

  @Override
  public void close() {
    inner.close();
  }
}
