package org.cybervein.consensus.pbft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.wire.v1.PbftProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ClientTest {

  private static Bytes reply(Fixture fx, int replica, long v, long t, String result, boolean ro) {
    PbftProto.PbftBody body =
        PbftProto.PbftBody.newBuilder()
            .setSender(replica)
            .setReply(
                PbftProto.PbftReply.newBuilder()
                    .setView(v)
                    .setTimestamp(t)
                    .setClient(fx.clientNode.value())
                    .setClientKey(
                        org.cybervein.api.wire.ApiTypesCodec.toProto(
                            fx.clientKeys.signingKey().publicKey()))
                    .setResult(Codec.bs(Bytes.utf8(result)))
                    .setReadOnly(ro))
            .build();
    if (fx.config.authMode() == AuthMode.SIGNATURES) {
      return Frame.signed(body, fx.keys.get(replica).signingKey()).raw;
    }
    return Frame.macked(body, List.of(Fixture.agree(fx.keys.get(replica), fx.clientKeys))).raw;
  }

  private static Client client(Fixture fx) {
    return new Client(fx.config, fx.clientKeys, fx.clientNode, 10);
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void sendsToPrimaryAndAcceptsFPlusOneMatchingReplies(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    Client c = client(fx);
    List<Action> out = c.invoke(Bytes.utf8("op"));
    assertEquals(fx.config.node(0), ((Action.Send) out.get(0)).to());
    assertTrue(c.onMessage(fx.config.node(1), reply(fx, 1, 2, 10, "r", false)).isEmpty());
    assertTrue(c.onMessage(fx.config.node(2), reply(fx, 2, 0, 10, "other", false)).isEmpty());
    List<Action> done = c.onMessage(fx.config.node(3), reply(fx, 3, 2, 10, "r", false));
    assertEquals(List.of(new Action.Completed(10, Bytes.utf8("r"))), done);
    assertEquals(2, c.view(), "learned the view f + 1 replies reported");
    assertEquals(fx.config.node(2), ((Action.Send) c.invoke(Bytes.utf8("next")).get(0)).to());
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void rejectsForgedStaleAndDuplicateReplies(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    Client c = client(fx);
    c.invoke(Bytes.utf8("op"));
    byte[] forged = reply(fx, 1, 0, 10, "r", false).toByteArray();
    forged[forged.length - 1] ^= 1;
    c.onMessage(fx.config.node(1), Bytes.of(forged));
    assertEquals(1L, c.rejections().get(Rejection.BAD_AUTHENTICATOR));
    c.onMessage(fx.config.node(1), reply(fx, 1, 0, 9, "r", false));
    assertEquals(1L, c.rejections().get(Rejection.STALE));
    c.onMessage(fx.config.node(1), reply(fx, 1, 0, 10, "r", false));
    assertTrue(
        c.onMessage(fx.config.node(1), reply(fx, 1, 0, 10, "r", false)).isEmpty(),
        "one replica's repeated reply is not f + 1");
    c.onMessage(fx.config.node(1), Bytes.utf8("junk"));
    assertEquals(1L, c.rejections().get(Rejection.MALFORMED));
    assertTrue(c.isBusy());
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void readOnlyNeedsTwoFPlusOneAndFallsBackToOrderingOnTimeout(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    Client c = client(fx);
    List<Action> out = c.invokeReadOnly(Bytes.utf8("q"));
    assertEquals(5, out.size(), "four sends and a timer");
    c.onMessage(fx.config.node(0), reply(fx, 0, 0, 10, "r", true));
    assertTrue(c.onMessage(fx.config.node(1), reply(fx, 1, 0, 10, "r", true)).isEmpty());
    Action.SetTimer timer = (Action.SetTimer) out.get(4);
    List<Action> retry = c.onTimer(TimerKind.CLIENT_RETRY, timer.token());
    assertEquals(5, retry.size(), "resent to every replica");
    c.onMessage(fx.config.node(2), reply(fx, 2, 0, 10, "r", true));
    assertEquals(1L, c.rejections().get(Rejection.STALE), "read-only replies no longer count");
    c.onMessage(fx.config.node(2), reply(fx, 2, 0, 10, "r", false));
    assertEquals(1, c.onMessage(fx.config.node(3), reply(fx, 3, 0, 10, "r", false)).size());
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void aReplicaCountsOnceWithItsLatestAnswerAndNothingCarriesOverToTheNextRequest(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    Client c = client(fx);
    c.invoke(Bytes.utf8("op"));
    c.onMessage(fx.config.node(1), reply(fx, 1, 0, 10, "old", false));
    c.onMessage(fx.config.node(1), reply(fx, 1, 0, 10, "new", false));
    assertTrue(
        c.onMessage(fx.config.node(2), reply(fx, 2, 0, 10, "old", false)).isEmpty(),
        "replica 1's first answer was replaced by its second");
    List<Action> done = c.onMessage(fx.config.node(3), reply(fx, 3, 0, 10, "new", false));
    assertEquals(List.of(new Action.Completed(10, Bytes.utf8("new"))), done);
    assertEquals(2, c.lastReplyProof().size(), "replicas 1 and 3 answered new");
    c.invoke(Bytes.utf8("next"));
    assertTrue(
        c.onMessage(fx.config.node(3), reply(fx, 3, 0, 11, "new", false)).isEmpty(),
        "replies to the previous request count nothing for this one");
    assertEquals(
        List.of(new Action.Completed(11, Bytes.utf8("new"))),
        c.onMessage(fx.config.node(1), reply(fx, 1, 0, 11, "new", false)));
  }

  @Test
  void aReplyToAnotherAddressIsStale() {
    Fixture fx = new Fixture(AuthMode.MAC_AUTHENTICATORS, 1);
    Client c = new Client(fx.config, fx.clientKeys, org.cybervein.api.NodeId.of("elsewhere"), 10);
    c.invoke(Bytes.utf8("op"));
    c.onMessage(fx.config.node(1), reply(fx, 1, 0, 10, "r", false));
    assertEquals(1L, c.rejections().get(Rejection.STALE));
  }

  @Test
  void refusesASecondOutstandingRequest() {
    Fixture fx = new Fixture(AuthMode.SIGNATURES, 1);
    Client c = client(fx);
    c.invoke(Bytes.utf8("op"));
    assertThrows(IllegalStateException.class, () -> c.invoke(Bytes.utf8("op2")));
  }
}
