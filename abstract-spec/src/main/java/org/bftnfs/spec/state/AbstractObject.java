package org.bftnfs.spec.state;

/**
 * A non-free object of the abstract state (paper §3.1): a file, a directory or a symbolic link,
 * each with its abstract metadata. Mutable; changed only by the specification through {@link
 * AbstractState}, after {@link AbstractState#modify(int)} announced the change.
 */
public abstract sealed class AbstractObject permits FileObject, DirectoryObject, SymlinkObject {

  private final Metadata meta;

  protected AbstractObject(Metadata meta) {
    this.meta = meta;
  }

  public Metadata meta() {
    return meta;
  }

  public abstract ObjectType type();

  /** The {@code size} attribute of this object. */
  public abstract long size();

  /** A deep copy. */
  public abstract AbstractObject copy();
}
