package org.bftnfs.clusters;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.service.Procedure;
import org.bftnfs.spec.xdr.XdrCodec;
import org.bftnfs.testkit.history.History;
import org.bftnfs.testkit.history.HistoryChecker;
import org.bftnfs.testkit.history.Operation;
import org.bftnfs.testkit.history.Outcome;
import org.bftnfs.testkit.nfs.NfsArgs;
import org.bftnfs.testkit.nfs.NfsCalls;
import org.bftnfs.testkit.rpc.NfsTestClient;
import org.bftnfs.xdr.nfs.READDIRPLUS3args;
import org.bftnfs.xdr.nfs.READDIRPLUS3res;
import org.bftnfs.xdr.nfs.entryplus3;
import org.bftnfs.xdr.nfs.nfsstat3;

/**
 * One client's calls on the files of one directory, sent through a relay and recorded, with their
 * {@link System#nanoTime()} interval and outcome, in a {@link History} that {@link HistoryChecker}
 * checks at the end of a test (issue 14). Each method is one NFS call recorded as one {@link
 * Operation} of the history model:
 *
 * <ul>
 *   <li>{@link #create}: a GUARDED CREATE (exclusive); keeps the new file's handle;
 *   <li>{@link #write}: a WRITE at offset 0 through that handle, so a file must be written at most
 *       once (a second, shorter value would not replace the whole content);
 *   <li>{@link #read}: a READ of the whole file through that handle ({@code STALE} once removed);
 *   <li>{@link #remove}: a REMOVE;
 *   <li>{@link #list}: READDIRPLUS calls through the whole directory (see there).
 * </ul>
 *
 * <p>An answer that does not say whether the call ran ({@code JUKEBOX}: no quorum in time, {@code
 * SERVERFAULT}, an RPC failure or time-out) is recorded as of unknown outcome, and a thrown
 * exception is rethrown after being recorded. Reads and writes go through the handle this client's
 * create returned, and their {@code STALE} is recorded as the name's absence: so a test must not
 * create a name again once it was removed. Not thread-safe: one instance per client thread (the
 * history itself may be shared).
 */
final class RecordedCalls {

  private final NfsTestClient client;
  private final History history;
  private final int clientId;
  private final Map<String, byte[]> handles = new HashMap<>();

  RecordedCalls(NfsTestClient client, History history, int clientId) {
    this.client = client;
    this.history = history;
    this.clientId = clientId;
  }

  /** Creates {@code name} in {@code dir} (GUARDED); returns the NFS status. */
  int create(byte[] dir, String name) throws Exception {
    NfsCall call = NfsCalls.create(dir, name, true);
    NfsReply reply = send(Operation.create(name, true), call, null).reply();
    int status = NfsCalls.status(call, reply);
    if (status == nfsstat3.NFS3_OK) {
      handles.put(name, NfsCalls.createdHandle(reply));
    }
    return status;
  }

  /** Writes {@code value} at offset 0 of {@code name}, created by {@link #create}; the status. */
  int write(String name, String value) throws Exception {
    NfsCall call = NfsCalls.write(handle(name), 0, value.getBytes(StandardCharsets.UTF_8));
    return NfsCalls.status(call, send(Operation.write(name, value), call, null).reply());
  }

  /** Reads {@code name}, created by {@link #create}; its content, or {@code null} if absent. */
  String read(String name) throws Exception {
    NfsCall call = NfsCalls.read(handle(name), 0, 1 << 16);
    return send(Operation.read(name), call, RecordedCalls::readValue).outcome().value();
  }

  /** Removes {@code name} from {@code dir}; returns the NFS status. */
  int remove(byte[] dir, String name) throws Exception {
    NfsCall call = NfsCalls.remove(dir, name);
    return NfsCalls.status(call, send(Operation.remove(name), call, null).reply());
  }

  /**
   * Lists the names in {@code dir} that start with {@code prefix} (the files of the history; other
   * names, and "." and "..", are left out), with READDIRPLUS calls of at most 64 KiB each, recorded
   * as one listing whose interval spans them all: so it is an atomic listing only if no call
   * changes the directory meanwhile (the caller's business). Returns {@code null} if a call failed.
   */
  Set<String> list(byte[] dir, String prefix) throws Exception {
    int id = history.invoke(clientId, Operation.list(), System.nanoTime());
    TreeSet<String> names = new TreeSet<>();
    long cookie = 0;
    byte[] verifier = new byte[8];
    boolean eof = false;
    try {
      while (!eof) {
        READDIRPLUS3args args = NfsArgs.readdirplus(dir, 16 << 10, 64 << 10);
        args.cookie = cookie;
        args.cookieverf = verifier;
        NfsCall call = NfsCalls.call(Procedure.READDIRPLUS, args);
        NfsReply reply = client.call(call);
        int status = NfsCalls.status(call, reply);
        if (status != nfsstat3.NFS3_OK) {
          history.complete(id, failure(status), System.nanoTime());
          return null;
        }
        READDIRPLUS3res res = XdrCodec.decode(reply.result(), new READDIRPLUS3res());
        for (entryplus3 e = res.resok.reply.entries; e != null; e = e.nextentry) {
          String name = new String(e.name, StandardCharsets.UTF_8);
          if (name.startsWith(prefix) && !name.equals(".") && !name.equals("..")) {
            names.add(name);
          }
          cookie = e.cookie;
        }
        verifier = res.resok.cookieverf;
        eof = res.resok.reply.eof;
      }
    } catch (Exception e) {
      history.complete(id, Outcome.unknown(), System.nanoTime());
      throw e;
    }
    history.complete(id, Outcome.okNames(names), System.nanoTime());
    return names;
  }

  /** A reply and the outcome recorded for it. */
  private record Sent(NfsReply reply, Outcome outcome) {}

  /** The result an OK reply carries, for a read or a listing. */
  private interface Result {
    Outcome of(NfsReply reply) throws Exception;
  }

  private static Outcome readValue(NfsReply reply) throws Exception {
    return Outcome.okValue(new String(NfsCalls.readData(reply), StandardCharsets.UTF_8));
  }

  /**
   * Sends {@code call}, recording it as {@code op}; an OK answer's outcome comes from {@code
   * result} (plain OK when {@code null}).
   */
  private Sent send(Operation op, NfsCall call, Result result) throws Exception {
    int id = history.invoke(clientId, op, System.nanoTime());
    NfsReply reply;
    try {
      reply = client.call(call);
    } catch (Exception e) {
      history.complete(id, Outcome.unknown(), System.nanoTime());
      throw e;
    }
    long completed = System.nanoTime();
    int status = NfsCalls.status(call, reply);
    Outcome outcome;
    try {
      outcome =
          status != nfsstat3.NFS3_OK
              ? failure(status)
              : result == null ? Outcome.ok() : result.of(reply);
    } catch (Exception e) {
      history.complete(id, Outcome.unknown(), completed);
      throw e;
    }
    history.complete(id, outcome, completed);
    return new Sent(reply, outcome);
  }

  /** The outcome of a call that answered {@code status}, not OK. */
  private static Outcome failure(int status) {
    return switch (status) {
      case nfsstat3.NFS3ERR_NOENT -> Outcome.error(Outcome.Error.NOENT);
      case nfsstat3.NFS3ERR_STALE -> Outcome.error(Outcome.Error.STALE);
      case nfsstat3.NFS3ERR_EXIST -> Outcome.error(Outcome.Error.EXIST);
        // no quorum in time, replicas that disagreed, no NFS answer at all: it may have run
      case nfsstat3.NFS3ERR_JUKEBOX, nfsstat3.NFS3ERR_SERVERFAULT, -1 -> Outcome.unknown();
      default -> Outcome.error(Outcome.Error.OTHER);
    };
  }

  private byte[] handle(String name) {
    byte[] handle = handles.get(name);
    if (handle == null) {
      throw new IllegalStateException(name + " was not created by this client");
    }
    return handle;
  }
}
