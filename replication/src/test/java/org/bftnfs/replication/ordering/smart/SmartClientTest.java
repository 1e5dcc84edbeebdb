package org.bftnfs.replication.ordering.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bftnfs.replication.ordering.smart.TestSupport.newThreads;
import static org.bftnfs.replication.ordering.smart.TestSupport.poll;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.bftnfs.replication.ordering.OrderingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmartClientTest {

  @TempDir Path keys;

  @Test
  void connectingToAGroupThatIsDownFailsAndLeavesNoThreads() throws Exception {
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    OrderingConfig config = TestGroup.create(keys, 4, Duration.ofSeconds(1), 10);

    assertThatThrownBy(() -> SmartClient.connect(config, 1001))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot send to the replicas");
    assertThat(poll(Duration.ofSeconds(20), () -> newThreads(before).isEmpty()))
        .as("client threads ended: %s", newThreads(before))
        .isTrue();
  }
}
