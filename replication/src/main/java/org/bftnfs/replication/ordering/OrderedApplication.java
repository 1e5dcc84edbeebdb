package org.bftnfs.replication.ordering;

/**
 * The replicated application as the ordering engine calls it (paper Figure 1: the {@code execute}
 * upcall, plus the engine's checkpoints).
 *
 * <p>Determinism contract: for the same sequence of {@link #executeOrdered} calls (requests and
 * contexts) from the same state, every correct replica returns the same replies and reaches the
 * same state. Nothing here may read a local clock, a random source, or anything that differs
 * between replicas. {@link #snapshot} of equal states are equal bytes.
 *
 * <p>Threads: the engine calls {@link #executeOrdered}, {@link #snapshot} and {@link #install} from
 * its delivery thread, one at a time; {@link #executeUnordered} and {@link #verify} from I/O and
 * consensus threads, concurrently with them — the application synchronises.
 */
public interface OrderedApplication {

  /**
   * Whether {@code request} may be ordered at all. The engine asks before a request enters the
   * order, at every replica: when it arrives from a client and when the leader proposes it (a
   * leader proposing a request that a correct replica refuses does not get it ordered). A request
   * refused here is never passed to {@link #executeOrdered} and gets no reply.
   *
   * <p>The verdict on a request from a correct client must be true at every correct replica;
   * otherwise it should depend only on the request bytes and configuration (it may also read the
   * local clock to refuse requests from the future, as long as correct replicas' clocks agree
   * within the bound the application documents). Must not throw and must not block. The default
   * accepts every request.
   */
  default boolean verify(byte[] request) {
    return true;
  }

  /** Executes a request in the agreed order; the reply goes to the client. */
  byte[] executeOrdered(byte[] request, OrderContext context);

  /**
   * Executes a read-only request outside the order (the read-only optimisation). Must not change
   * the state. If replicas answer differently the client falls back to the ordered path.
   */
  byte[] executeUnordered(byte[] request);

  /**
   * The application state at this point of the order, for the engine's checkpoints and state
   * transfer: the state itself, or a descriptor from which {@link #install} can bring a replica to
   * it (equal states give equal bytes either way).
   */
  byte[] snapshot();

  /**
   * Brings the application state to the one a {@link #snapshot} taken at another replica stands for
   * (the engine installs only a snapshot that f+1 replicas sent alike).
   */
  void install(byte[] snapshot);
}
