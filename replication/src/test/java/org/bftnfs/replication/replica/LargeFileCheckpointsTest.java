package org.bftnfs.replication.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.TreeMap;
import org.bftnfs.spec.AgreedValues;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.state.ObjectCodec;
import org.bftnfs.spec.upcall.StateMachine;
import org.bftnfs.statetransfer.Pieces;
import org.bftnfs.testkit.nfs.NfsCalls;
import org.junit.jupiter.api.Test;

/**
 * A large file in copy-on-write checkpoints (paper §2.2, §3.4, with the file's 1 MiB segments as
 * the unit copied and re-hashed): a small write to it costs a checkpoint one segment and the file's
 * head, not the file, while the checkpoint taken before the write keeps serving the file as it was
 * and the roots equal those of a replica that hashes everything from scratch.
 */
class LargeFileCheckpointsTest {

  private static final SpecConfig CONFIG = SpecConfig.defaults().withCapacity(64);
  private static final byte[] ROOT = CONFIG.handles().root();
  private static final int FILE_BYTES = 8 * ObjectCodec.SEGMENT;
  private static final int WRITE = 64 * 1024;

  private long clock = 1_700_000_000_000_000_000L;

  /** Counts the bytes the checkpoints read from the state machine. */
  private static final class Counting extends ForwardingStateMachine {
    long wholeBytes;
    long pieceBytes;

    Counting(StateMachine honest) {
      super(honest);
    }

    @Override
    public byte[] getObj(int index) {
      byte[] v = honest.getObj(index);
      wholeBytes += v.length;
      return v;
    }

    @Override
    public void writeObj(int index, OutputStream out) throws IOException {
      honest.writeObj(index, counted(out, true));
    }

    @Override
    public void writeObjPiece(int index, long key, OutputStream out) throws IOException {
      honest.writeObjPiece(index, key, counted(out, false));
    }

    private OutputStream counted(OutputStream out, boolean whole) {
      return new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          if (whole) {
            wholeBytes += len;
          } else {
            pieceBytes += len;
          }
          out.write(b, off, len);
        }
      };
    }

    void reset() {
      wholeBytes = 0;
      pieceBytes = 0;
    }
  }

  @Test
  void aSmallWriteToALargeFileCopiesAndRehashesOneSegment() throws Exception {
    Counting machine = new Counting(StateMachine.reference(CONFIG));
    StateMachine twin = StateMachine.reference(CONFIG); // the same calls, hashed from scratch
    byte[] file = createLargeFile(machine, twin);
    ReplicaCheckpoints checkpoints = new ReplicaCheckpoints(0, machine, 16, PeerSources.none());
    ReplicaCheckpoints.Checkpoint first = checkpoints.checkpoint(1);
    int index = 1; // the file: the first entry after the root directory
    byte[] atFirst = machine.getObj(index);
    assertThat(atFirst.length).isGreaterThan(FILE_BYTES);

    machine.reset();
    byte[] patch = new byte[4096];
    new Random(1).nextBytes(patch);
    both(machine, twin, NfsCalls.write(file, 5L * ObjectCodec.SEGMENT + 12_345, patch));
    ReplicaCheckpoints.Checkpoint second = checkpoints.checkpoint(2);

    // copied for checkpoint 1 and re-hashed for checkpoint 2: the head and one segment, each once
    assertThat(machine.wholeBytes).as("whole values read").isZero();
    assertThat(machine.pieceBytes)
        .isBetween(2L * ObjectCodec.SEGMENT, 2L * ObjectCodec.SEGMENT + 4096);
    assertThat(checkpoints.store().copiedBytes()).isLessThan(ObjectCodec.SEGMENT + 4096L);

    assertThat(checkpoints.store().valueAt(1, index))
        .as("checkpoint 1 serves the file as it was")
        .isEqualTo(atFirst);
    assertThat(checkpoints.store().valueAt(2, index)).isEqualTo(machine.getObj(index));
    assertThat(new ReplicaCheckpoints(0, twin, 16, PeerSources.none()).checkpoint(2).root())
        .as("the root of a replica that hashes every entry anew")
        .isEqualTo(second.root());
    assertThat(first.root()).isNotEqualTo(second.root());
  }

  /**
   * Truncating, extending, rewriting across a segment boundary and changing only attributes, one
   * checkpoint after each: every root equals the root hashed from scratch, and every checkpoint
   * still serves the file as it was when it was taken.
   */
  @Test
  void everyKindOfChangeToALargeFileKeepsRootsAndCheckpointsRight() throws Exception {
    Counting machine = new Counting(StateMachine.reference(CONFIG));
    StateMachine twin = StateMachine.reference(CONFIG);
    byte[] file = createLargeFile(machine, twin);
    ReplicaCheckpoints checkpoints = new ReplicaCheckpoints(0, machine, 16, PeerSources.none());
    TreeMap<Long, byte[]> taken = new TreeMap<>();
    Random r = new Random(7);
    long seq = 0;
    NfsCall[] changes = {
      NfsCalls.write(file, ObjectCodec.SEGMENT - 100, bytes(r, 300)),
      NfsCalls.setSize(file, 3L * ObjectCodec.SEGMENT + 77),
      NfsCalls.setSize(file, 10L * ObjectCodec.SEGMENT),
      NfsCalls.write(file, 9L * ObjectCodec.SEGMENT, bytes(r, WRITE)),
      NfsCalls.setMode(file, 0600),
      NfsCalls.write(file, 2L * ObjectCodec.SEGMENT, new byte[WRITE]), // zeros: a hole again
      NfsCalls.setSize(file, 0),
      NfsCalls.write(file, 4L * ObjectCodec.SEGMENT, bytes(r, 10)),
    };
    for (NfsCall change : changes) {
      seq++;
      ReplicaCheckpoints.Checkpoint c = checkpoints.checkpoint(seq);
      taken.put(seq, machine.getObj(1));
      assertThat(c.root())
          .as("checkpoint %d", seq)
          .isEqualTo(
              new ReplicaCheckpoints(0, twin, 16, PeerSources.none()).checkpoint(seq).root());
      both(machine, twin, change);
      for (var t : taken.entrySet()) {
        assertThat(checkpoints.store().valueAt(t.getKey(), 1))
            .as("checkpoint %d after change %d", t.getKey(), seq)
            .isEqualTo(t.getValue());
      }
    }
  }

  /**
   * Random WRITEs (beyond the end too, zeros too), size changes and attribute changes to sparse
   * files of a few MiB, a checkpoint every few calls: every root equals the root of a replica that
   * hashes every entry anew, and every kept checkpoint still serves its files as they were. (A
   * WRITE beyond the end changes the run of blocks ending at the old size: a multi-process run
   * found replicas serving values that no longer matched their leaves when it was not announced.)
   */
  @Test
  void randomChangesToSparseFilesKeepRootsAndCheckpointsRight() throws Exception {
    for (long seed = 1; seed <= 4; seed++) {
      clock += 1_000_000;
      Counting machine = new Counting(StateMachine.reference(CONFIG));
      StateMachine twin = StateMachine.reference(CONFIG);
      byte[][] files = new byte[3][];
      for (int f = 0; f < files.length; f++) {
        files[f] =
            NfsCalls.createdHandle(both(machine, twin, NfsCalls.create(ROOT, "sparse-" + f, true)));
      }
      ReplicaCheckpoints checkpoints = new ReplicaCheckpoints(0, machine, 16, PeerSources.none());
      TreeMap<Long, byte[][]> taken = new TreeMap<>();
      Random r = new Random(seed);
      long seq = 0;
      for (int step = 0; step < 120; step++) {
        byte[] file = files[r.nextInt(files.length)];
        int kind = r.nextInt(10);
        if (kind < 6) {
          long offset = (long) r.nextInt(6 * ObjectCodec.SEGMENT);
          byte[] data =
              r.nextInt(5) == 0 ? new byte[1 + r.nextInt(9000)] : bytes(r, 1 + r.nextInt(9000));
          both(machine, twin, NfsCalls.write(file, offset, data));
        } else if (kind < 9) {
          both(machine, twin, NfsCalls.setSize(file, r.nextInt(7 * ObjectCodec.SEGMENT)));
        } else {
          both(machine, twin, NfsCalls.setMode(file, 0600 + r.nextInt(0100)));
        }
        if (r.nextInt(4) == 0) {
          seq++;
          ReplicaCheckpoints.Checkpoint c = checkpoints.checkpoint(seq);
          assertThat(c.root())
              .as("seed %d checkpoint %d", seed, seq)
              .isEqualTo(
                  new ReplicaCheckpoints(0, twin, 16, PeerSources.none()).checkpoint(seq).root());
          byte[][] values = new byte[files.length + 1][];
          for (int i = 1; i <= files.length; i++) {
            values[i] = machine.getObj(i);
          }
          taken.put(seq, values);
          if (taken.size() > 6) {
            taken.pollFirstEntry(); // the replica keeps 8; check the last ones
          }
        }
        for (var t : taken.entrySet()) {
          int i = 1 + r.nextInt(files.length);
          assertThat(checkpoints.store().valueAt(t.getKey(), i))
              .as("seed %d: object %d at checkpoint %d after step %d", seed, i, t.getKey(), step)
              .isEqualTo(t.getValue()[i]);
        }
      }
    }
  }

  /** The encoding's pieces as the state machine writes them one by one are its framed pieces. */
  @Test
  void theEncodingIsFramedAsThePiecesTheStateMachineWrites() throws Exception {
    StateMachine machine = StateMachine.reference(CONFIG);
    StateMachine twin = StateMachine.reference(CONFIG);
    createLargeFile(machine, twin);
    TreeMap<Long, byte[]> found = new TreeMap<>();
    Pieces.Splitter splitter =
        new Pieces.Splitter(
            new Pieces.Listener() {
              private ByteArrayOutputStream body;

              @Override
              public void start(long key, int length) {
                body = new ByteArrayOutputStream();
              }

              @Override
              public void body(byte[] b, int off, int len) {
                body.write(b, off, len);
              }

              @Override
              public void end(long key) {
                found.put(key, body.toByteArray());
              }
            });
    machine.writeObj(1, splitter);
    assertThat(splitter.framed()).isTrue();
    assertThat(found.keySet()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    for (long key = 0; key <= 9; key++) {
      ByteArrayOutputStream piece = new ByteArrayOutputStream();
      machine.writeObjPiece(1, key, piece);
      assertThat(piece.toByteArray())
          .as("piece %d", key)
          .isEqualTo(found.getOrDefault(key, new byte[0]));
    }
  }

  private byte[] createLargeFile(StateMachine machine, StateMachine twin) throws Exception {
    byte[] file = NfsCalls.createdHandle(both(machine, twin, NfsCalls.create(ROOT, "big", true)));
    Random r = new Random(3);
    for (long at = 0; at < FILE_BYTES; at += WRITE) {
      both(machine, twin, NfsCalls.write(file, at, bytes(r, WRITE)));
    }
    return file;
  }

  private org.bftnfs.spec.service.NfsReply both(StateMachine a, StateMachine b, NfsCall call) {
    clock += 1_000;
    org.bftnfs.spec.service.NfsReply reply = a.execute(call, AgreedValues.ofEpochNanos(clock));
    assertThat(b.execute(call, AgreedValues.ofEpochNanos(clock)).result())
        .isEqualTo(reply.result());
    return reply;
  }

  private static byte[] bytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }
}
