package org.bftnfs.bench.workload;

/** The phases of the Andrew-style workload, in the order they run. */
public enum Phase {
  /** The directory skeleton: MKDIR of every directory of every copy. */
  MAKEDIR("MakeDir"),
  /** Every file of every copy: CREATE and WRITE. */
  COPY("Copy"),
  /** Attributes of every object: READDIRPLUS of every directory and GETATTR of every entry. */
  SCANDIR("ScanDir"),
  /** Every byte of every file: LOOKUP and READ. */
  READALL("ReadAll"),
  /**
   * The stand-in for compilation: read the headers, read and "compile" (hash) each C source and
   * write its object file, then read the objects and write a linked program per copy.
   */
  MAKE("Make");

  private final String title;

  Phase(String title) {
    this.title = title;
  }

  /** The phase's name in results. */
  public String title() {
    return title;
  }
}
