package org.bftnfs.clusters;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.bftnfs.spec.FileHandles;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.service.Procedure;
import org.bftnfs.spec.workload.RandomWorkload;
import org.bftnfs.testkit.nfs.NfsCalls;
import org.bftnfs.testkit.rpc.NfsTestClient;
import org.bftnfs.xdr.nfs.nfsstat3;

/**
 * A seeded {@link RandomWorkload} (every NFSv3 procedure, several callers, stale and forged
 * handles, malformed arguments) sent call by call through a relay, keeping score: how many calls
 * got each NFS status, which ones the service failed to answer properly ({@code JUKEBOX}: no quorum
 * in time, {@code SERVERFAULT}: the replicas disagreed or rejected the request), and the slowest
 * call. The workload continues across {@link #run} calls, so a test can do something to the cluster
 * between two batches.
 */
final class WorkloadRun {

  private final NfsTestClient client;
  private final RandomWorkload workload;
  private final long seed;
  private final Map<String, Integer> outcomes = new TreeMap<>();
  private volatile int calls;
  private int failures;
  private String firstFailure;
  private long slowestNanos;

  WorkloadRun(NfsTestClient client, FileHandles handles, long seed) {
    this.client = client;
    this.seed = seed;
    this.workload = new RandomWorkload(seed, handles, 16 << 10);
  }

  /** Sends the next {@code count} calls, each answered before the next is sent. */
  void run(int count) throws Exception {
    for (int i = 0; i < count; i++) {
      NfsCall call = workload.next();
      long start = System.nanoTime();
      NfsReply reply = client.call(call);
      slowestNanos = Math.max(slowestNanos, System.nanoTime() - start);
      calls = calls + 1; // one writer: the thread in run()
      workload.observe(call, reply);
      int status = NfsCalls.status(call, reply);
      String key = status >= 0 ? "status " + status : reply.outcome().name();
      outcomes.merge(key, 1, Integer::sum);
      if (status == nfsstat3.NFS3ERR_JUKEBOX || status == nfsstat3.NFS3ERR_SERVERFAULT) {
        failures++;
        if (firstFailure == null) {
          firstFailure =
              "call #" + calls + " (" + Procedure.byNumber(call.procedure()) + ") got " + status;
        }
      }
    }
  }

  /** Calls answered so far; may be read from another thread while {@link #run} runs. */
  int calls() {
    return calls;
  }

  /** Calls answered JUKEBOX or SERVERFAULT. */
  int failures() {
    return failures;
  }

  /** Calls that got {@code NFS3_OK}. */
  int succeeded() {
    return outcomes.getOrDefault("status " + nfsstat3.NFS3_OK, 0);
  }

  long slowestMillis() {
    return TimeUnit.NANOSECONDS.toMillis(slowestNanos);
  }

  @Override
  public String toString() {
    return calls
        + " random calls (seed "
        + seed
        + "): "
        + outcomes
        + (firstFailure == null ? "" : "; first failure: " + firstFailure)
        + "; slowest "
        + slowestMillis()
        + " ms";
  }
}
