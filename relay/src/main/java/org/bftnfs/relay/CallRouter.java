package org.bftnfs.relay;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.bftnfs.spec.xdr.RawXdr;
import org.bftnfs.xdr.mount.mount3;
import org.bftnfs.xdr.nfs.nfs3;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last filter of the relay's chain: routes each decoded call to NFSv3 or MOUNTv3.
 *
 * <p>On the network thread it only checks program and version (PROG_UNAVAIL for an unknown program,
 * PROG_MISMATCH 3..3 for another version of NFS or MOUNT) and copies the argument bytes, since
 * oncrpc4j encodes the reply into the request's buffer. The call is then handled on a worker
 * thread, which in turn never waits for the service: replies go out from the service's completion,
 * possibly out of order.
 */
final class CallRouter extends BaseFilter {

  private static final Logger LOG = LoggerFactory.getLogger(CallRouter.class);
  private static final int VERSION = 3;

  private final NfsProgram nfs;
  private final MountProgram mount;
  private final Executor workers;
  private final UndeliveredReplies undelivered;
  private final InFlightBudget budget;
  private final RateLimitedWarning overloaded;

  /**
   * @param nfs handles NFSv3 calls
   * @param mount handles MOUNTv3 calls
   * @param workers runs the handlers (never a network thread)
   * @param undelivered told about every reply that could not be sent
   * @param budget bounds the NFS calls in flight
   * @param nanoTime time source of the rate-limited warning about calls refused for want of room
   */
  CallRouter(
      NfsProgram nfs,
      MountProgram mount,
      Executor workers,
      UndeliveredReplies undelivered,
      InFlightBudget budget,
      java.util.function.LongSupplier nanoTime) {
    this.nfs = nfs;
    this.mount = mount;
    this.workers = workers;
    this.undelivered = undelivered;
    this.budget = budget;
    this.overloaded =
        new RateLimitedWarning(
            LOG,
            "NFS calls answered JUKEBOX: the calls in flight held the relay's whole budget ("
                + budget.total()
                + " KiB) for "
                + budget.waitForRoom().toMillis()
                + " ms",
            RateLimitedWarning.DEFAULT_INTERVAL_NANOS,
            nanoTime);
  }

  /** Where replies that could not be sent are counted (shared with the screening filter). */
  UndeliveredReplies undelivered() {
    return undelivered;
  }

  @Override
  public NextAction handleRead(FilterChainContext ctx) throws IOException {
    Object message = ctx.getMessage();
    if (!(message instanceof RpcCall call)) {
      return ctx.getStopAction();
    }
    call.registerSendOnceListener(undelivered);
    int program = call.getProgram();
    if (program != nfs3.NFS_PROGRAM && program != mount3.MOUNT_PROGRAM) {
      call.failProgramUnavailable();
      return ctx.getStopAction();
    }
    if (call.getProgramVersion() != VERSION) {
      call.failProgramMismatch(VERSION, VERSION);
      return ctx.getStopAction();
    }
    byte[] arguments = RawXdr.remainingOf(call.getXdr());
    int cost = 0;
    if (program == nfs3.NFS_PROGRAM) {
      cost = budget.cost(call.getProcedure(), arguments);
      if (!budget.acquire(cost)) {
        overloaded.occurred(call.getTransport().getRemoteSocketAddress(), "xid " + call.getXid());
        nfs.tryAgainLater(call);
        return ctx.getStopAction();
      }
    }
    int taken = cost;
    try {
      workers.execute(() -> handle(call, arguments).whenComplete((v, e) -> budget.release(taken)));
    } catch (RejectedExecutionException e) {
      budget.release(taken);
      LOG.debug("relay stopping, dropping {}: {}", call, e.toString());
      call.failRpcSystem();
    }
    return ctx.getStopAction();
  }

  /** Handles a call; the stage completes once its reply was handed to the transport. */
  private CompletionStage<?> handle(RpcCall call, byte[] arguments) {
    try {
      if (call.getProgram() == nfs3.NFS_PROGRAM) {
        return nfs.handle(call, arguments);
      }
      mount.handle(call, arguments);
    } catch (RuntimeException e) {
      LOG.error("relay fault handling {}", call, e);
      call.failRpcSystem();
    }
    return CompletableFuture.completedFuture(null);
  }
}
