package org.bftnfs.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The implementation of the specification {@code bftnfs serve} runs behind the relay. */
enum BackendKind {
  /** The reference implementation, its state in memory. */
  SPEC(false),
  /** A conformance wrapper over a local directory (java.nio). */
  LOCAL(true),
  /** A conformance wrapper over an nfs-ganesha (FSAL_VFS) started for the purpose. */
  GANESHA(true);

  private final boolean persistent;

  BackendKind(boolean persistent) {
    this.persistent = persistent;
  }

  /** True when the files live in {@code --data DIR} and survive a restart. */
  boolean persistent() {
    return persistent;
  }

  /** The name used on the command line. */
  String optionValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The kind named {@code value} on the command line.
   *
   * @throws UsageException for an unknown name
   */
  static BackendKind parse(String value) throws UsageException {
    for (BackendKind kind : values()) {
      if (kind.optionValue().equals(value)) {
        return kind;
      }
    }
    throw new UsageException(
        "--backend must be one of "
            + Arrays.stream(values())
                .map(BackendKind::optionValue)
                .collect(Collectors.joining(", "))
            + ", got '"
            + value
            + "'");
  }
}
