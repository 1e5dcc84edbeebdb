package org.bftnfs.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import org.bftnfs.spec.SpecConfig;
import org.bftnfs.spec.service.Procedure;
import org.bftnfs.testkit.history.CheckReport;
import org.bftnfs.testkit.history.History;
import org.bftnfs.testkit.history.HistoryChecker;
import org.bftnfs.testkit.history.Outcome;
import org.bftnfs.testkit.history.Violation;
import org.bftnfs.testkit.nfs.SpecNfsServer;
import org.bftnfs.testkit.rpc.NfsTestClient;
import org.bftnfs.xdr.nfs.nfsstat3;
import org.junit.jupiter.api.Test;

/**
 * {@link RecordedCalls} against the specification's in-process NFS server (no cluster): what it
 * records is a history {@link HistoryChecker} accepts, and a server that executes a create twice is
 * caught.
 */
class RecordedCallsTest {

  @Test
  void aFaithfulServersHistoryIsAcceptedAndPagedListingsAreWhole() throws Exception {
    try (SpecNfsServer server = new SpecNfsServer(SpecConfig.defaults());
        NfsTestClient client = new NfsTestClient(server.port(), Duration.ofSeconds(30))) {
      byte[] root = client.mount(SpecNfsServer.EXPORT);
      History history = new History();
      RecordedCalls calls = new RecordedCalls(client, history, 1);
      int files = 600; // more than one 64 KiB READDIRPLUS reply
      for (int n = 1; n <= files; n++) {
        assertThat(calls.create(root, "f-" + n)).isEqualTo(nfsstat3.NFS3_OK);
        assertThat(calls.write("f-" + n, "contents of f-" + n)).isEqualTo(nfsstat3.NFS3_OK);
      }
      assertThat(calls.create(root, "f-1")).isEqualTo(nfsstat3.NFS3ERR_EXIST);
      assertThat(calls.read("f-7")).isEqualTo("contents of f-7");
      assertThat(calls.remove(root, "f-7")).isEqualTo(nfsstat3.NFS3_OK);
      assertThat(calls.read("f-7")).isNull();
      assertThat(calls.remove(root, "f-7")).isEqualTo(nfsstat3.NFS3ERR_NOENT);
      Set<String> listed = calls.list(root, "f-");
      assertThat(listed).hasSize(files - 1).contains("f-1", "f-" + files).doesNotContain("f-7");
      assertThat(server.calls(Procedure.READDIRPLUS)).isGreaterThan(1);
      assertThat(history.entries()).hasSize(2 * files + 6);
      assertThat(history.entries().get(2 * files + 3).outcome())
          .isEqualTo(Outcome.error(Outcome.Error.STALE));
      HistoryChecker.check(history).assertValid();
    }
  }

  @Test
  void aCreateExecutedTwiceIsFound() throws Exception {
    try (SpecNfsServer server = new SpecNfsServer(SpecConfig.defaults());
        NfsTestClient client = new NfsTestClient(server.port(), Duration.ofSeconds(30))) {
      byte[] root = client.mount(SpecNfsServer.EXPORT);
      History history = new History();
      RecordedCalls calls = new RecordedCalls(client, history, 1);
      server.behave(
          (procedure, arguments, spec) -> {
            if (procedure == Procedure.CREATE) {
              spec.apply(arguments); // a replayed request, executed again
            }
            return spec.apply(arguments);
          });
      assertThat(calls.create(root, "once")).isEqualTo(nfsstat3.NFS3ERR_EXIST);
      server.behaveFaithfully();
      assertThat(calls.list(root, "")).containsExactly("once");
      CheckReport report = HistoryChecker.check(history);
      assertThat(report.violations())
          .extracting(Violation::kind)
          .contains(Violation.Kind.DUPLICATE_EXECUTION);
    }
  }
}
