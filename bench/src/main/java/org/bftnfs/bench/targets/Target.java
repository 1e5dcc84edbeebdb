package org.bftnfs.bench.targets;

import java.util.List;
import org.bftnfs.backend.nfs.NfsEndpoint;

/** A running NFSv3 server under test, with the processes whose CPU time it costs. */
public interface Target extends AutoCloseable {

  /** What kind of target this is. */
  TargetKind kind();

  /** Where its NFSv3 and MOUNT services are. */
  NfsEndpoint endpoint();

  /** Its processes that are alive now, each with its role. */
  List<ProcessRole> processes();

  /** Stops every process the target started, each by its PID. */
  @Override
  void close();
}
