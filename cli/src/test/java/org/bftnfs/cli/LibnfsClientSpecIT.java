package org.bftnfs.cli;

/** The real-client suite against {@code bin/bftnfs serve --backend spec} (in memory). */
class LibnfsClientSpecIT extends LibnfsClientSuite {

  @Override
  String backend() {
    return "spec";
  }

  @Override
  boolean persistent() {
    return false;
  }
}
