package org.bftnfs.cli;

/** The real-client suite against {@code bin/bftnfs serve --backend local}. */
class LibnfsClientLocalIT extends LibnfsClientSuite {

  @Override
  String backend() {
    return "local";
  }
}
