package org.bftnfs.replication.ordering.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bftsmart.consensus.TimestampValuePair;
import bftsmart.consensus.messages.ConsensusMessage;
import bftsmart.consensus.messages.MessageFactory;
import bftsmart.reconfiguration.views.View;
import bftsmart.statemanagement.SMMessage;
import bftsmart.statemanagement.strategy.StandardSMMessage;
import bftsmart.tom.MessageContext;
import bftsmart.tom.core.messages.ForwardedMessage;
import bftsmart.tom.core.messages.TOMMessage;
import bftsmart.tom.core.messages.TOMMessageType;
import bftsmart.tom.leaderchange.CertifiedDecision;
import bftsmart.tom.leaderchange.CollectData;
import bftsmart.tom.leaderchange.LCMessage;
import bftsmart.tom.server.defaultservices.CommandsInfo;
import bftsmart.tom.server.defaultservices.DefaultApplicationState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.URL;
import java.security.KeyPair;
import java.security.Signature;
import java.security.SignedObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeserializationFilterTest {

  @Test
  void stateTransferReplyWithViewLogAndProofPasses() throws Exception {
    ConsensusMessage accept = new ConsensusMessage(MessageFactory.ACCEPT, 7, 0, 1, new byte[] {1});
    HashMap<Integer, byte[]> macs = new HashMap<>();
    macs.put(0, new byte[20]);
    macs.put(2, new byte[20]);
    accept.setProof(macs);
    Set<ConsensusMessage> proof = new HashSet<>(List.of(accept));
    TOMMessage first =
        new TOMMessage(1001, 5, 3, 3, new byte[] {0, 42}, 0, TOMMessageType.ORDERED_REQUEST);
    MessageContext context =
        new MessageContext(
            1001,
            0,
            TOMMessageType.ORDERED_REQUEST,
            5,
            3,
            3,
            -1,
            null,
            1234L,
            0,
            0L,
            0,
            0,
            7,
            proof,
            first,
            false);
    CommandsInfo batch = new CommandsInfo(new byte[][] {{0, 42}}, new MessageContext[] {context});
    DefaultApplicationState state =
        new DefaultApplicationState(
            new CommandsInfo[] {batch}, 5, 7, new byte[] {9, 9}, new byte[16], 1);
    View view =
        new View(
            0,
            new int[] {0, 1, 2, 3},
            1,
            new InetSocketAddress[] {
              new InetSocketAddress("127.0.0.1", 11000),
              new InetSocketAddress("127.0.0.1", 11010),
              new InetSocketAddress("::1", 11020),
              new InetSocketAddress("localhost", 11030)
            });
    SMMessage reply = new StandardSMMessage(1, 7, 2, 1, state, view, 0, 0);

    SMMessage back = (SMMessage) roundTrip(reply);

    assertThat(back.getCID()).isEqualTo(7);
    assertThat(back.getView().getProcesses()).containsExactly(0, 1, 2, 3);
  }

  @Test
  void leaderChangeMessagesAndSignedCollectsPass() throws Exception {
    ConsensusMessage write = new ConsensusMessage(MessageFactory.WRITE, 3, 1, 2, new byte[] {7});
    CertifiedDecision decision =
        new CertifiedDecision(2, 3, new byte[] {7}, new HashSet<>(List.of(write)));
    CollectData collect =
        new CollectData(
            2,
            4,
            1,
            new TimestampValuePair(1, new byte[] {7}),
            new HashSet<>(List.of(new TimestampValuePair(0, new byte[] {6}))));
    KeyPair keys = EngineKeys.ephemeral();
    SignedObject signed =
        new SignedObject(collect, keys.getPrivate(), Signature.getInstance("SHA1withRSA"));
    HashSet<SignedObject> collects = new HashSet<>(List.of(signed));

    Object backDecision = roundTrip(decision);
    Object backCollects = roundTrip(collects);
    Object backLc = roundTrip(new LCMessage(2, 1, 1, new byte[] {1, 2, 3}));
    Object backForwarded =
        roundTrip(
            new ForwardedMessage(
                2,
                serialized(
                    new TOMMessage(
                        1001, 1, 1, 1, new byte[] {0}, 0, TOMMessageType.ORDERED_REQUEST))));

    assertThat(backDecision).isInstanceOf(CertifiedDecision.class);
    assertThat(backLc).isInstanceOf(LCMessage.class);
    assertThat(backForwarded).isInstanceOf(ForwardedMessage.class);
    @SuppressWarnings("unchecked")
    SignedObject inner = ((Set<SignedObject>) backCollects).iterator().next();
    assertThat(inner.getObject()).isInstanceOf(CollectData.class);
  }

  @Test
  void otherClassesAreRejected() throws Exception {
    assertRejected(new ArrayList<>(List.of(1, 2)));
    assertRejected(new HashSet<Object>(List.of(new ArrayList<>())));
    assertRejected(new java.util.Date());
    assertRejected(new Object[] {1});
    assertRejected(new URL("http://example.invalid/"));
  }

  @Test
  void deepNestingIsRejected() {
    HashSet<Object> nested = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      HashSet<Object> outer = new HashSet<>();
      outer.add(nested);
      nested = outer;
    }
    assertRejected(nested);
  }

  @Test
  void installIsIdempotentAndProcessWide() {
    DeserializationFilter.install();
    DeserializationFilter.install();
    assertThat(ObjectInputFilter.Config.getSerialFilter()).isSameAs(DeserializationFilter.INSTANCE);
  }

  private static void assertRejected(Serializable object) {
    assertThatThrownBy(() -> roundTrip(object)).isInstanceOf(InvalidClassException.class);
  }

  private static Object roundTrip(Serializable object) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(object);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      in.setObjectInputFilter(DeserializationFilter.INSTANCE);
      return in.readObject();
    }
  }

  /** A request as the library forwards it: with its wire form attached. */
  private static TOMMessage serialized(TOMMessage request) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
      request.wExternal(out);
    }
    request.serializedMessage = bytes.toByteArray();
    return request;
  }
}
