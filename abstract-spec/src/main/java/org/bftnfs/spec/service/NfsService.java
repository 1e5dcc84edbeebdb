package org.bftnfs.spec.service;

import java.util.concurrent.CompletionStage;

/**
 * The NFSv3 service behind a relay: request bytes in, reply bytes out.
 *
 * <p>This is the seam between the wire (the relay's RPC server) and whatever executes the abstract
 * specification: the in-process reference implementation, one conformance wrapper, or the
 * replicated service that orders the call across 3f+1 replicas (paper §2.2, {@code invoke}).
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #invoke} never blocks the caller's thread on execution; it returns a stage that
 *       completes with the reply. Calls may be invoked concurrently from many threads; the service
 *       decides their order.
 *   <li>The reply is a function of the abstract state, the call (procedure, credentials, argument
 *       bytes) and the agreed values of its execution only: two services in the same abstract
 *       state, given the same call with the same agreed values, return byte-identical replies.
 *   <li>A stage that completes exceptionally with {@link ServiceUnavailableException} means the
 *       service could not answer in time (the relay answers {@code NFS3ERR_JUKEBOX}); any other
 *       exceptional completion is a fault of the service ({@code NFS3ERR_SERVERFAULT}).
 *   <li>{@code readOnly} calls ({@link NfsCall#readOnly()}) never change the abstract state.
 * </ul>
 */
public interface NfsService extends AutoCloseable {

  /** Executes one call. */
  CompletionStage<NfsReply> invoke(NfsCall call);

  /**
   * Executes one call that arrived from {@code origin} (see {@link CallOrigin}): a service that can
   * tell a client's retry from a new call executes a repeated non-idempotent call at most once. The
   * default ignores the origin.
   */
  default CompletionStage<NfsReply> invoke(NfsCall call, CallOrigin origin) {
    return invoke(call);
  }

  /** Releases the service's resources; calls after close fail. */
  @Override
  void close();
}
