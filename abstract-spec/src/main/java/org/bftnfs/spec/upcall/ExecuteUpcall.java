package org.bftnfs.spec.upcall;

import org.bftnfs.spec.AgreedValues;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;

/**
 * The paper's {@code execute} upcall alone (Figure 1): one NFSv3 call with the values the replicas
 * agreed for it. Every {@link StateMachine} is one; an unreplicated service needs nothing more.
 * Same determinism contract as {@link StateMachine}.
 */
@FunctionalInterface
public interface ExecuteUpcall {

  /**
   * Executes {@code call} with the agreed values.
   *
   * @throws ReplicaFaultException when this implementation cannot execute correctly
   */
  NfsReply execute(NfsCall call, AgreedValues agreed);
}
