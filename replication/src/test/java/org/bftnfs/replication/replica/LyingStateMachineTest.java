package org.bftnfs.replication.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bftnfs.spec.AgreedValues;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.service.Credentials;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.spec.service.Procedure;
import org.bftnfs.spec.state.ObjectCodec;
import org.bftnfs.spec.upcall.ObjectValue;
import org.bftnfs.spec.upcall.StateMachine;
import org.bftnfs.spec.xdr.XdrCodec;
import org.bftnfs.testkit.nfs.NfsArgs;
import org.bftnfs.xdr.nfs.CREATE3args;
import org.bftnfs.xdr.nfs.CREATE3res;
import org.bftnfs.xdr.nfs.GETATTR3args;
import org.bftnfs.xdr.nfs.READ3args;
import org.bftnfs.xdr.nfs.READ3res;
import org.bftnfs.xdr.nfs.WRITE3args;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.dcache.oncrpc4j.xdr.XdrAble;
import org.junit.jupiter.api.Test;

/**
 * The fault-injection state machine (a Byzantine replica, paper §2.2): READ data comes back wrong,
 * everything else — other replies, the abstract state — is the honest machine's.
 */
class LyingStateMachineTest {

  private static final Credentials ROOT = Credentials.unix(0, 0);
  private static final byte[] DATA = "the right bytes".getBytes(StandardCharsets.US_ASCII);

  private final SpecConfig config = SpecConfig.defaults();
  private final StateMachine honest = StateMachine.reference(config);
  private final StateMachine liar = new LyingStateMachine(StateMachine.reference(config));
  private long clock = 1_000_000_000_000_000_000L;

  @Test
  void readDataIsInvertedButTheStateAndOtherRepliesAreTheHonestOnes() throws Exception {
    byte[] file = null;
    for (StateMachine m : new StateMachine[] {honest, liar}) {
      clock = 1_000_000_000_000_000_000L;
      NfsReply created = execute(m, Procedure.CREATE, create("f"));
      file = XdrCodec.decode(created.result(), new CREATE3res()).resok.obj.handle.data;
      execute(m, Procedure.WRITE, write(file));
    }
    assertThat(execute(liar, Procedure.GETATTR, getattr(file)).result())
        .isEqualTo(execute(honest, Procedure.GETATTR, getattr(file)).result());

    READ3res truth =
        XdrCodec.decode(execute(honest, Procedure.READ, read(file)).result(), new READ3res());
    READ3res lie =
        XdrCodec.decode(execute(liar, Procedure.READ, read(file)).result(), new READ3res());
    assertThat(truth.status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(truth.resok.data).isEqualTo(DATA);
    assertThat(lie.status).isEqualTo(nfsstat3.NFS3_OK);
    assertThat(lie.resok.data).hasSameSizeAs(DATA);
    for (int i = 0; i < DATA.length; i++) {
      assertThat(lie.resok.data[i]).isEqualTo((byte) ~DATA[i]);
    }
    for (int i = 0; i < honest.capacity(); i++) {
      assertThat(liar.getObj(i)).as("entry %d", i).isEqualTo(honest.getObj(i));
    }
  }

  /**
   * The diverging fault ({@code BFTNFS_FAULT=diverge}): replies are the honest ones, but after its
   * first change the state differs in the root directory's mode, announced like any change (so it
   * reaches the next checkpoint's root), and only once.
   */
  @Test
  void aDivergingMachineAnswersHonestlyButItsStateDepartsOnceInTheRootsMode() {
    StateMachine diverging = new DivergingStateMachine(StateMachine.reference(config));
    List<Integer> announced = new ArrayList<>();
    diverging.setModifyListener(announced::add);
    byte[] rootBefore = diverging.getObj(0);
    byte[][] replies = new byte[2][];
    int k = 0;
    for (StateMachine m : new StateMachine[] {honest, diverging}) {
      clock = 1_000_000_000_000_000_000L;
      replies[k++] = execute(m, Procedure.CREATE, create("g")).result();
    }
    assertThat(replies[1]).isEqualTo(replies[0]);
    assertThat(announced).contains(0);
    assertThat(diverging.getObj(0)).isNotEqualTo(honest.getObj(0)).isNotEqualTo(rootBefore);
    ObjectCodec.Entry root = ObjectCodec.decode(diverging.getObj(0));
    assertThat(root.object().meta().mode).isEqualTo(DivergingStateMachine.WRONG_MODE);
    for (int i = 1; i < 8; i++) {
      assertThat(diverging.getObj(i)).as("entry %d", i).isEqualTo(honest.getObj(i));
    }
    // repaired (as state transfer does, with putObjs), it does not diverge again
    diverging.putObjs(List.of(new ObjectValue(0, honest.getObj(0))));
    for (StateMachine m : new StateMachine[] {honest, diverging}) {
      clock = 2_000_000_000_000_000_000L;
      execute(m, Procedure.CREATE, create("h"));
    }
    assertThat(diverging.getObj(0)).isEqualTo(honest.getObj(0));
  }

  private NfsReply execute(StateMachine m, Procedure p, XdrAble args) {
    clock += 1_000;
    return m.execute(
        new NfsCall(p.number(), ROOT, XdrCodec.encode(args)), AgreedValues.ofEpochNanos(clock));
  }

  private CREATE3args create(String name) {
    return NfsArgs.create(config.handles().root(), name, 0644, false);
  }

  private static WRITE3args write(byte[] file) {
    return NfsArgs.write(file, 0, DATA);
  }

  private static GETATTR3args getattr(byte[] file) {
    return NfsArgs.getattr(file);
  }

  private static READ3args read(byte[] file) {
    return NfsArgs.read(file, 0, 4096);
  }
}
