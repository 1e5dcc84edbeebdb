package org.bftnfs.spec.state;

import java.util.Arrays;

/** A symbolic link: metadata and its target path (bytes, not interpreted). */
public final class SymlinkObject extends AbstractObject {

  private final byte[] target;

  public SymlinkObject(Metadata meta, byte[] target) {
    super(meta);
    this.target = target.clone();
  }

  public byte[] target() {
    return target.clone();
  }

  @Override
  public ObjectType type() {
    return ObjectType.SYMLINK;
  }

  @Override
  public long size() {
    return target.length;
  }

  @Override
  public SymlinkObject copy() {
    return new SymlinkObject(meta().copy(), target);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SymlinkObject s
        && s.meta().equals(meta())
        && Arrays.equals(s.target, target);
  }

  @Override
  public int hashCode() {
    return meta().hashCode() * 31 + Arrays.hashCode(target);
  }
}
