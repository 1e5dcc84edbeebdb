package org.bftnfs.testkit.nfs;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.UnaryOperator;
import org.bftnfs.spec.AbstractSpec;
import org.bftnfs.spec.AbstractState;
import org.bftnfs.spec.AgreedValues;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.service.Credentials;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.service.Procedure;
import org.bftnfs.spec.xdr.RawXdr;
import org.bftnfs.xdr.mount.mount3;
import org.bftnfs.xdr.mount.mountres3;
import org.bftnfs.xdr.mount.mountres3_ok;
import org.bftnfs.xdr.mount.mountstat3;
import org.bftnfs.xdr.nfs.nfs3;
import org.dcache.oncrpc4j.rpc.OncRpcProgram;
import org.dcache.oncrpc4j.rpc.OncRpcSvc;
import org.dcache.oncrpc4j.rpc.OncRpcSvcBuilder;
import org.dcache.oncrpc4j.rpc.RpcCall;
import org.dcache.oncrpc4j.rpc.net.IpProtocolType;
import org.dcache.oncrpc4j.xdr.XdrVoid;

/**
 * An in-process NFSv3 + MOUNTv3 server on one loopback port whose file system is the abstract
 * specification's reference implementation, with a hook that lets a test change how it answers
 * (drop calls, shorten transfers, answer errors): a well-understood server that misbehaves on
 * demand, for what a real server rarely does.
 */
public final class SpecNfsServer implements AutoCloseable {

  /** How the server answers one NFS call. */
  @FunctionalInterface
  public interface Behaviour {
    /**
     * The result bytes of a call, or null for no reply at all.
     *
     * @param procedure the NFSv3 procedure
     * @param arguments the call's XDR arguments
     * @param spec executes (possibly changed) arguments on the specification
     */
    byte[] answer(Procedure procedure, byte[] arguments, UnaryOperator<byte[]> spec);
  }

  /** The export path MNT accepts (any path is answered with the root handle). */
  public static final String EXPORT = "/spec";

  private static final Behaviour FAITHFUL = (procedure, arguments, spec) -> spec.apply(arguments);

  private final SpecConfig config;
  private final AbstractSpec spec;
  private final AbstractState state;
  private final OncRpcSvc svc;
  private final AtomicIntegerArray calls = new AtomicIntegerArray(Procedure.values().length);
  private volatile Behaviour behaviour = FAITHFUL;
  private int clock = 1_700_000_000;

  /**
   * Starts the server on a free loopback port.
   *
   * @param config the specification's configuration (the root handle MNT returns is its root)
   * @throws IOException when the server cannot start
   */
  public SpecNfsServer(SpecConfig config) throws IOException {
    this.config = config;
    this.spec = new AbstractSpec(config);
    this.state = spec.initialState();
    this.svc =
        new OncRpcSvcBuilder()
            .withTCP()
            .withBindAddress("127.0.0.1")
            .withPort(0)
            .withoutAutoPublish()
            .withWorkerThreadIoStrategy()
            .withWorkerThreadPoolSize(2)
            .withServiceName("spec-nfs-server")
            .withRpcService(new OncRpcProgram(nfs3.NFS_PROGRAM, nfs3.NFS_V3), this::nfs)
            .withRpcService(new OncRpcProgram(mount3.MOUNT_PROGRAM, mount3.MOUNT_V3), this::mount)
            .build();
    svc.start();
  }

  /** The server's TCP port on 127.0.0.1, NFS and MOUNT alike. */
  public int port() {
    InetSocketAddress address = svc.getInetSocketAddress(IpProtocolType.TCP);
    return address.getPort();
  }

  /** From now on answer as {@code newBehaviour} says. */
  public void behave(Behaviour newBehaviour) {
    behaviour = newBehaviour;
  }

  /** From now on answer every call faithfully. */
  public void behaveFaithfully() {
    behaviour = FAITHFUL;
  }

  /** How many calls of {@code procedure} arrived. */
  public int calls(Procedure procedure) {
    return calls.get(procedure.number());
  }

  @Override
  public void close() throws IOException {
    svc.stop();
  }

  private void nfs(RpcCall call) throws IOException {
    Procedure procedure = Procedure.byNumber(call.getProcedure());
    if (procedure == null) {
      call.failProcedureUnavailable();
      return;
    }
    calls.incrementAndGet(procedure.number());
    RawXdr arguments = new RawXdr();
    call.retrieveCall(arguments);
    byte[] result =
        behaviour.answer(procedure, arguments.bytes(), args -> execute(procedure, args));
    if (result != null) {
      call.reply(new RawXdr(result));
    }
  }

  private synchronized byte[] execute(Procedure procedure, byte[] arguments) {
    NfsReply reply =
        spec.execute(
            state,
            new NfsCall(procedure.number(), Credentials.unix(0, 0), arguments),
            new AgreedValues(clock++, 0));
    if (reply.outcome() != NfsReply.Outcome.SUCCESS) {
      throw new IllegalStateException(procedure + " answered " + reply.outcome());
    }
    return reply.result();
  }

  private void mount(RpcCall call) throws IOException {
    switch (call.getProcedure()) {
      case mount3.MOUNTPROC3_MNT -> {
        call.retrieveCall(new RawXdr());
        mountres3 res = new mountres3();
        res.fhs_status = mountstat3.MNT3_OK;
        res.mountinfo = new mountres3_ok();
        res.mountinfo.fhandle = config.handles().root();
        res.mountinfo.auth_flavors = new int[] {1};
        call.reply(res);
      }
      case mount3.MOUNTPROC3_NULL, mount3.MOUNTPROC3_UMNT -> {
        call.retrieveCall(new RawXdr());
        call.reply(XdrVoid.XDR_VOID);
      }
      default -> call.failProcedureUnavailable();
    }
  }
}
