package org.bftnfs.spec.state;

import java.util.Arrays;

/** A regular file: metadata and a byte array. */
public final class FileObject extends AbstractObject {

  private final FileContent data;
  private byte[] createVerifier;

  public FileObject(Metadata meta, FileContent data) {
    super(meta);
    this.data = data;
  }

  public FileContent data() {
    return data;
  }

  /**
   * The verifier of the {@code CREATE EXCLUSIVE} that made this file, kept until the first SETATTR
   * that sets an attribute (RFC 1813 §3.3.8), or {@code null}.
   */
  public byte[] createVerifier() {
    return createVerifier == null ? null : createVerifier.clone();
  }

  public void setCreateVerifier(byte[] verifier) {
    createVerifier = verifier == null ? null : verifier.clone();
  }

  @Override
  public ObjectType type() {
    return ObjectType.FILE;
  }

  @Override
  public long size() {
    return data.size();
  }

  @Override
  public FileObject copy() {
    FileObject f = new FileObject(meta().copy(), data.snapshot().copy());
    f.createVerifier = createVerifier == null ? null : createVerifier.clone();
    return f;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FileObject f
        && f.meta().equals(meta())
        && f.data.snapshot().equals(data.snapshot())
        && Arrays.equals(f.createVerifier, createVerifier);
  }

  @Override
  public int hashCode() {
    return meta().hashCode() * 31 + Long.hashCode(data.size());
  }
}
