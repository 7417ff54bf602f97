package org.cybervein.consensus.pbft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.wire.v1.PbftProto;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ClientGroupTest {

  private static Bytes reply(Fixture fx, NodeKeys to, int replica, long t, String result) {
    PbftProto.PbftBody body =
        PbftProto.PbftBody.newBuilder()
            .setSender(replica)
            .setReply(
                PbftProto.PbftReply.newBuilder()
                    .setView(0)
                    .setTimestamp(t)
                    .setClient(fx.clientNode.value())
                    .setClientKey(
                        org.cybervein.api.wire.ApiTypesCodec.toProto(to.signingKey().publicKey()))
                    .setResult(Codec.bs(Bytes.utf8(result))))
            .build();
    if (fx.config.authMode() == AuthMode.SIGNATURES) {
      return Frame.signed(body, fx.keys.get(replica).signingKey()).raw;
    }
    return Frame.macked(body, List.of(Fixture.agree(fx.keys.get(replica), to))).raw;
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void routesEachReplyToTheClientWhoseKeyItNames(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    DeterministicRandom random = DeterministicRandom.fromSeed(5L);
    NodeKeys a = NodeKeys.generate(random);
    NodeKeys b = NodeKeys.generate(random);
    ClientGroup group =
        new ClientGroup(
            List.of(
                new Client(fx.config, a, fx.clientNode, 10),
                new Client(fx.config, b, fx.clientNode, 10)));
    group.client(0).invoke(Bytes.utf8("x"));
    group.client(1).invoke(Bytes.utf8("y"));
    // Equal timestamps: only the key tells the two clients' replies apart.
    Optional<ClientGroup.Delivery> first =
        group.onMessage(fx.config.node(0), reply(fx, b, 0, 10, "for-b"));
    assertEquals(1, first.orElseThrow().client());
    assertTrue(first.get().actions().isEmpty());
    group.onMessage(fx.config.node(0), reply(fx, a, 0, 10, "for-a"));
    ClientGroup.Delivery done =
        group.onMessage(fx.config.node(2), reply(fx, b, 2, 10, "for-b")).orElseThrow();
    assertEquals(1, done.client());
    assertEquals(List.of(new Action.Completed(10, Bytes.utf8("for-b"))), done.actions());
    assertTrue(group.client(0).isBusy(), "a's request is still outstanding");
    assertEquals(
        List.of(new Action.Completed(10, Bytes.utf8("for-a"))),
        group.onMessage(fx.config.node(3), reply(fx, a, 3, 10, "for-a")).orElseThrow().actions());
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void refusesJunkAndRepliesForStrangers(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    DeterministicRandom random = DeterministicRandom.fromSeed(6L);
    ClientGroup group =
        new ClientGroup(
            List.of(new Client(fx.config, NodeKeys.generate(random), fx.clientNode, 1)));
    assertTrue(group.onMessage(fx.config.node(0), Bytes.utf8("junk")).isEmpty());
    assertTrue(
        group
            .onMessage(fx.config.node(0), reply(fx, NodeKeys.generate(random), 0, 1, "r"))
            .isEmpty());
    assertEquals(1L, group.rejections().get(Rejection.MALFORMED));
    assertEquals(1L, group.rejections().get(Rejection.STALE));
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void refusesClientsThatShareAKeyOrDifferInAddress(AuthMode mode) {
    Fixture fx = new Fixture(mode, 1);
    NodeKeys k = NodeKeys.generate(DeterministicRandom.fromSeed(8L));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ClientGroup(
                List.of(
                    new Client(fx.config, k, fx.clientNode, 1),
                    new Client(fx.config, k, fx.clientNode, 1))));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ClientGroup(
                List.of(
                    new Client(fx.config, k, fx.clientNode, 1),
                    new Client(
                        fx.config,
                        NodeKeys.generate(DeterministicRandom.fromSeed(9L)),
                        org.cybervein.api.NodeId.of("other"),
                        1))));
    assertThrows(IllegalArgumentException.class, () -> new ClientGroup(List.of()));
  }
}
