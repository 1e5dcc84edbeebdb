package org.bftnfs.statetransfer;

/**
 * A fetch could not finish: every peer either answered wrongly or could not answer some request.
 * With at most f faulty replicas and f + 1 signers vouching for the root, at least one correct peer
 * holds the checkpoint; this means it was discarded or unreachable meanwhile, and the caller
 * retries later (possibly for a newer checkpoint).
 */
public final class FetchFailedException extends Exception {

  private static final long serialVersionUID = 1L;

  /** With a message saying which request found no correct source. */
  public FetchFailedException(String message) {
    super(message);
  }
}
