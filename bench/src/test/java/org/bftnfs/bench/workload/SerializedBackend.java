package org.bftnfs.bench.workload;

import java.util.List;
import java.util.Optional;
import org.bftnfs.backend.Backend;

/** For tests: one backend shared by several client threads, one call at a time. */
final class SerializedBackend implements Backend {

  private final Backend inner;

  SerializedBackend(Backend inner) {
    this.inner = inner;
  }

  @Override
  public synchronized long maxFileSize(long wanted) {
    return inner.maxFileSize(wanted);
  }

  @Override
  public synchronized String describe() {
    return inner.describe();
  }

  @Override
  public synchronized byte[] root() {
    return inner.root();
  }

  @Override
  public synchronized Attributes getattr(byte[] handle) {
    return inner.getattr(handle);
  }

  @Override
  public synchronized void setattr(byte[] handle, SetAttributes change) {
    inner.setattr(handle, change);
  }

  @Override
  public synchronized Optional<Found> lookup(byte[] dir, byte[] name) {
    return inner.lookup(dir, name);
  }

  @Override
  public synchronized byte[] read(byte[] file, long offset, int count) {
    return inner.read(file, offset, count);
  }

  @Override
  public synchronized void write(byte[] file, long offset, byte[] data) {
    inner.write(file, offset, data);
  }

  @Override
  public synchronized Found create(byte[] dir, byte[] name, int mode) {
    return inner.create(dir, name, mode);
  }

  @Override
  public synchronized Found mkdir(byte[] dir, byte[] name, int mode) {
    return inner.mkdir(dir, name, mode);
  }

  @Override
  public synchronized Found symlink(byte[] dir, byte[] name, byte[] target) {
    return inner.symlink(dir, name, target);
  }

  @Override
  public synchronized byte[] readlink(byte[] symlink) {
    return inner.readlink(symlink);
  }

  @Override
  public synchronized void remove(byte[] dir, byte[] name) {
    inner.remove(dir, name);
  }

  @Override
  public synchronized void rmdir(byte[] dir, byte[] name) {
    inner.rmdir(dir, name);
  }

  @Override
  public synchronized void rename(byte[] fromDir, byte[] fromName, byte[] toDir, byte[] toName) {
    inner.rename(fromDir, fromName, toDir, toName);
  }

  @Override
  public synchronized void link(byte[] file, byte[] dir, byte[] name) {
    inner.link(file, dir, name);
  }

  @Override
  public synchronized List<Entry> readdir(byte[] dir) {
    return inner.readdir(dir);
  }

  @Override
  public synchronized void close() {
    inner.close();
  }
}
