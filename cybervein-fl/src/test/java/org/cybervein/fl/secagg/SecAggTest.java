package org.cybervein.fl.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.wire.v1.SecAggProto.SecAggMessage;
import org.cybervein.api.wire.v1.SecAggProto.SecAggRevealedShare;
import org.cybervein.api.wire.v1.SecAggProto.SecAggUnmaskRequest;
import org.cybervein.fl.InvalidFederatedMessageException;
import org.cybervein.fl.InvalidFederatedMessageException.Reason;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;

class SecAggTest {

  private static long[][] randomInputs(long seed, int clients, int length) {
    Random r = new Random(seed);
    long[][] inputs = new long[clients][length];
    for (long[] in : inputs) {
      for (int j = 0; j < length; j++) {
        in[j] = r.nextLong();
      }
    }
    return inputs;
  }

  private static long[] sumOf(long[][] inputs, Set<Integer> indexes) {
    long[] sum = new long[inputs[0].length];
    for (int i : indexes) {
      for (int j = 0; j < sum.length; j++) {
        sum[j] += inputs[i - 1][j];
      }
    }
    return sum;
  }

  private static Set<Integer> range(int n) {
    Set<Integer> s = new TreeSet<>();
    for (int i = 1; i <= n; i++) {
      s.add(i);
    }
    return s;
  }

  @Test
  void serverLearnsTheExactSumOfAllInputs() {
    long seed = PropertyRuns.seed();
    for (int clients = 2; clients <= 6; clients++) {
      long[][] inputs = randomInputs(seed + clients, clients, 7);
      SecAggHarness h = new SecAggHarness(seed + clients, inputs, 2, Map.of());
      AggregateResult result = h.runRound(1);
      assertArrayEquals(sumOf(inputs, range(clients)), result.sum(), "seed " + seed);
      assertEquals(clients, result.included().size());
      assertTrue(result.dropped().isEmpty());
    }
  }

  @Test
  void aClientThatDropsAfterSharingIsLeftOutAndItsMasksRemoved() {
    long seed = PropertyRuns.seed();
    long[][] inputs = randomInputs(seed, 5, 9);
    // client 3 sends its advertisement and its shares, then dies before its masked input
    SecAggHarness h = new SecAggHarness(seed, inputs, 3, Map.of(3, 2));
    AggregateResult result = h.runRound(1);
    assertArrayEquals(sumOf(inputs, Set.of(1, 2, 4, 5)), result.sum(), "seed " + seed);
    assertEquals(List.of(new NodeId("client-3")), result.dropped());
  }

  @Test
  void aClientThatNeverAnswersIsSimplyNotInTheRound() {
    long seed = PropertyRuns.seed() + 1;
    long[][] inputs = randomInputs(seed, 4, 3);
    SecAggHarness h = new SecAggHarness(seed, inputs, 2, Map.of(2, 0));
    AggregateResult result = h.runRound(1);
    assertArrayEquals(sumOf(inputs, Set.of(1, 3, 4)), result.sum());
    assertTrue(result.dropped().isEmpty(), "client 2 never shared keys, so it was not dropped");
  }

  @Test
  void aRoundBelowTheThresholdAbortsInsteadOfRevealing() {
    long seed = PropertyRuns.seed() + 2;
    long[][] inputs = randomInputs(seed, 4, 3);
    SecAggHarness h = new SecAggHarness(seed, inputs, 3, Map.of(1, 2, 2, 2));
    h.network.schedule(Duration.ZERO, () -> h.server.startRound(1, Bytes.EMPTY));
    h.network.runUntilQuiescent(Duration.ofMinutes(5));
    assertTrue(h.results.isEmpty());
    assertEquals(1, h.aborts.size(), h.aborts.toString());
  }

  @Test
  void maskedInputsLookNothingLikeTheInputsAndNoOwnerHasBothSharesRevealed()
      throws InvalidProtocolBufferException {
    long seed = PropertyRuns.seed() + 3;
    long[][] inputs = new long[5][16]; // all-zero inputs: a masked input equal to zero would leak
    SecAggHarness h = new SecAggHarness(seed, inputs, 3, Map.of(4, 2));
    AggregateResult result = h.runRound(1);
    assertArrayEquals(new long[16], result.sum());
    Map<Integer, Set<Boolean>> kindsPerOwner = new TreeMap<>();
    int maskedSeen = 0;
    for (Bytes b : h.received.get(SecAggHarness.SERVER)) {
      SecAggMessage m = SecAggMessage.parseFrom(b.toByteArray());
      if (m.hasMaskedInput()) {
        maskedSeen++;
        for (long v : m.getMaskedInput().getValuesList()) {
          assertFalse(v == 0, "a masked element equals the input");
        }
      }
      if (m.hasUnmaskResponse()) {
        for (SecAggRevealedShare r : m.getUnmaskResponse().getSharesList()) {
          kindsPerOwner
              .computeIfAbsent(r.getOwnerIndex(), k -> new TreeSet<>())
              .add(r.getMaskKey());
        }
      }
    }
    assertEquals(4, maskedSeen);
    for (Map.Entry<Integer, Set<Boolean>> e : kindsPerOwner.entrySet()) {
      assertEquals(1, e.getValue().size(), "owner " + e.getKey() + " had both kinds revealed");
    }
    assertEquals(Set.of(true), kindsPerOwner.get(4));
  }

  @Test
  void aClientAnswersOnlyOneUnmaskRequestPerRound() throws InvalidProtocolBufferException {
    long seed = PropertyRuns.seed() + 4;
    long[][] inputs = randomInputs(seed, 3, 2);
    SecAggHarness h = new SecAggHarness(seed, inputs, 2, Map.of());
    h.runRound(1);
    SecAggClient client = h.clients.get(new NodeId("client-1"));
    // a curious server now claims client 2 dropped, hoping for its mask key as well
    SecAggMessage second =
        SecAggMessage.newBuilder()
            .setRound(1)
            .setUnmaskRequest(SecAggUnmaskRequest.newBuilder().addSurvivors(1).addSurvivors(3))
            .build();
    InvalidFederatedMessageException e =
        assertThrows(
            InvalidFederatedMessageException.class,
            () -> client.handle(SecAggHarness.SERVER, Bytes.of(second.toByteArray())));
    assertEquals(Reason.UNEXPECTED, e.reason());
  }

  @Test
  void garbageFromTheNetworkIsRejectedAndTheRoundStillCompletes() {
    long seed = PropertyRuns.seed() + 5;
    long[][] inputs = randomInputs(seed, 3, 4);
    SecAggHarness h = new SecAggHarness(seed, inputs, 2, Map.of());
    Random r = new Random(seed);
    h.network.schedule(Duration.ZERO, () -> h.server.startRound(1, Bytes.EMPTY));
    h.network.runFor(Duration.ofMillis(1));
    int before = (int) h.server.rejectedMessages();
    for (int i = 0; i < 200; i++) {
      byte[] junk = new byte[r.nextInt(64)];
      r.nextBytes(junk);
      assertThrows(
          InvalidFederatedMessageException.class,
          () -> h.server.handle(new NodeId("client-1"), Bytes.of(junk)));
    }
    byte[] huge = new byte[SecAggCodec.maxMessageSize(4) + 1];
    InvalidFederatedMessageException oversized =
        assertThrows(
            InvalidFederatedMessageException.class,
            () -> h.server.handle(new NodeId("client-2"), Bytes.of(huge)));
    assertEquals(Reason.OVERSIZED, oversized.reason());
    assertThrows(
        InvalidFederatedMessageException.class,
        () -> h.server.handle(new NodeId("stranger"), Bytes.EMPTY));
    assertEquals(before + 202, h.server.rejectedMessages());
    h.network.runUntil(() -> !h.results.isEmpty(), Duration.ofMinutes(1));
    assertArrayEquals(sumOf(inputs, range(3)), h.results.get(0).sum());
  }

  @Test
  void clientsRejectMessagesNotFromTheServerAndOldRounds() {
    long seed = PropertyRuns.seed() + 6;
    SecAggHarness h = new SecAggHarness(seed, randomInputs(seed, 2, 2), 2, Map.of());
    h.runRound(5);
    SecAggClient client = h.clients.get(new NodeId("client-1"));
    SecAggMessage start =
        SecAggMessage.newBuilder()
            .setRound(5)
            .setRoundStart(
                org.cybervein.api.wire.v1.SecAggProto.SecAggRoundStart.newBuilder()
                    .setVectorLength(2))
            .build();
    assertEquals(
        Reason.UNEXPECTED,
        assertThrows(
                InvalidFederatedMessageException.class,
                () -> client.handle(SecAggHarness.SERVER, Bytes.of(start.toByteArray())))
            .reason());
    assertEquals(
        Reason.UNEXPECTED,
        assertThrows(
                InvalidFederatedMessageException.class,
                () -> client.handle(new NodeId("client-2"), Bytes.of(start.toByteArray())))
            .reason());
  }

  @Test
  void consecutiveRoundsUseFreshKeysAndStayExact() {
    long seed = PropertyRuns.seed() + 7;
    long[][] inputs = randomInputs(seed, 4, 5);
    SecAggHarness h = new SecAggHarness(seed, inputs, 3, Map.of());
    for (long round = 1; round <= 3; round++) {
      assertArrayEquals(sumOf(inputs, range(4)), h.runRound(round).sum());
      assertEquals(round, h.results.size());
    }
  }
}
