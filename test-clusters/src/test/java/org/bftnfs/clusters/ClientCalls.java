package org.bftnfs.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.bftnfs.spec.service.NfsCall;
import org.bftnfs.spec.service.NfsReply;
import org.bftnfs.testkit.nfs.NfsCalls;
import org.bftnfs.testkit.rpc.NfsTestClient;
import org.bftnfs.xdr.nfs.nfsstat3;

/** Calls a test makes through the relay that must succeed. */
final class ClientCalls {

  private ClientCalls() {}

  /** Sends {@code call} and asserts it answered NFS3_OK. */
  static NfsReply ok(NfsTestClient client, NfsCall call) throws Exception {
    NfsReply reply = client.call(call);
    assertThat(NfsCalls.status(call, reply))
        .as("procedure " + call.procedure())
        .isEqualTo(nfsstat3.NFS3_OK);
    return reply;
  }

  /** Creates {@code name} in {@code dir} (GUARDED) holding {@code text}; returns its handle. */
  static byte[] createWith(NfsTestClient client, byte[] dir, String name, String text)
      throws Exception {
    byte[] file = NfsCalls.createdHandle(ok(client, NfsCalls.create(dir, name, true)));
    ok(client, NfsCalls.write(file, 0, text.getBytes(StandardCharsets.UTF_8)));
    return file;
  }
}
