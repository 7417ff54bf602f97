package org.cybervein.lightclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.chain.Chain;
import org.cybervein.lightclient.InvalidLightClientInputException.Reason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two valid blocks at one height (two branches a full node would both hold) freeze the client; a
 * frozen client refuses everything; the evidence stays checkable.
 */
class MisbehaviourTest {
  private static final long NOW = Long.MAX_VALUE / 2;
  private static LedgerChains fx;
  private static Chain left;
  private static Chain right;
  private static List<Block> leftBlocks;
  private static List<Block> rightBlocks;

  @BeforeAll
  static void buildTwoBranches() {
    fx = LedgerChains.standard();
    left = fx.newChain();
    leftBlocks = fx.extend(left, List.of(0, 1), 3, 1);
    fx.resetUserNonce();
    right = fx.newChain();
    rightBlocks = fx.extend(right, List.of(2, 3), 3, 1);
  }

  private static HeaderUpdate leftUpdate(int i) {
    return fx.update(left, leftBlocks.get(i));
  }

  private static HeaderUpdate rightUpdate(int i) {
    return fx.update(right, rightBlocks.get(i));
  }

  private static LightClientState followingLeft() throws InvalidLightClientInputException {
    LightClientState s = fx.newClient();
    for (int i = 0; i < leftBlocks.size(); i++) {
      s = LightClient.update(s, leftUpdate(i), NOW);
    }
    return s;
  }

  @Test
  void aSecondValidHeaderAtATrustedHeightFreezesTheClient() throws Exception {
    LightClientState s = followingLeft();
    assertNotEquals(leftBlocks.get(0).id(), rightBlocks.get(0).id());
    VerifiedHeader other = LightClient.verifyClientMessage(s, rightUpdate(0), NOW);
    assertTrue(LightClient.checkForMisbehaviour(s, other));
    assertThrows(IllegalArgumentException.class, () -> LightClient.updateState(s, other));
    LightClientState frozen = LightClient.update(s, rightUpdate(0), NOW);
    assertTrue(frozen.isFrozen());
    assertEquals(Optional.of(1L), frozen.frozenHeight());
    assertEquals(s.trusted(), frozen.trusted());
  }

  @Test
  void aFrozenClientRefusesEverything() throws Exception {
    LightClientState frozen = LightClient.update(followingLeft(), rightUpdate(0), NOW);
    Block tip = leftBlocks.get(2);
    List<ThrowingCall> calls =
        List.of(
            () -> LightClient.update(frozen, leftUpdate(2), NOW),
            () -> LightClient.verifyClientMessage(frozen, leftUpdate(0), NOW),
            () ->
                LightClient.verifyMembership(
                    frozen,
                    3,
                    LedgerStateKeys.totalSupply(),
                    left.state()
                        .valueAt(tip.tau().stateRoot(), LedgerStateKeys.totalSupply())
                        .orElseThrow(),
                    left.state()
                        .prove(tip.tau().stateRoot(), LedgerStateKeys.totalSupply())
                        .encode()),
            () ->
                LightClient.verifyNonMembership(
                    frozen, 3, org.cybervein.api.Hash.ZERO, Bytes.EMPTY),
            () ->
                LightClient.submitMisbehaviour(
                    frozen, new Misbehaviour(leftUpdate(0), rightUpdate(0)), NOW));
    for (ThrowingCall c : calls) {
      InvalidLightClientInputException e =
          assertThrows(InvalidLightClientInputException.class, c::run);
      assertEquals(Reason.FROZEN, e.reason());
    }
  }

  @FunctionalInterface
  private interface ThrowingCall {
    void run() throws Exception;
  }

  @Test
  void evidenceOfTwoHeadersFreezesAndStaysCheckable() throws Exception {
    LightClientState s = followingLeft();
    Misbehaviour evidence = new Misbehaviour(leftUpdate(0), rightUpdate(0));
    assertEquals(1, LightClient.verifyMisbehaviour(s, evidence, NOW));
    LightClientState frozen = LightClient.submitMisbehaviour(s, evidence, NOW);
    assertEquals(Optional.of(1L), frozen.frozenHeight());
    // Anyone holding the frozen state can still check why it froze.
    assertEquals(1, LightClient.verifyMisbehaviour(frozen, evidence, NOW));
  }

  @Test
  void aFreshClientAcceptsEitherBranchAloneButNotBoth() throws Exception {
    LightClientState s = fx.newClient();
    LightClientState onRight = LightClient.update(s, rightUpdate(0), NOW);
    assertFalse(onRight.isFrozen());
    assertTrue(LightClient.update(onRight, leftUpdate(0), NOW).isFrozen());
  }

  @Test
  void evidenceThatIsNotMisbehaviourIsRefusedAndChangesNothing() throws Exception {
    LightClientState s = followingLeft();
    for (Misbehaviour m :
        List.of(
            new Misbehaviour(leftUpdate(0), leftUpdate(0)),
            new Misbehaviour(leftUpdate(0), leftUpdate(1)))) {
      InvalidLightClientInputException e =
          assertThrows(
              InvalidLightClientInputException.class,
              () -> LightClient.submitMisbehaviour(s, m, NOW));
      assertEquals(Reason.NOT_MISBEHAVIOUR, e.reason());
    }
    // A forged second header is refused for its own defect, not taken as evidence.
    HeaderUpdate right = rightUpdate(0);
    byte[] forged = right.block().toByteArray();
    forged[forged.length - 40] ^= 1;
    HeaderUpdate bad =
        new HeaderUpdate(
            Bytes.of(forged), right.registration(), right.bandwidth(), right.previousBandwidth());
    InvalidLightClientInputException e =
        assertThrows(
            InvalidLightClientInputException.class,
            () -> LightClient.submitMisbehaviour(s, new Misbehaviour(leftUpdate(0), bad), NOW));
    assertNotEquals(Reason.NOT_MISBEHAVIOUR, e.reason());
    assertFalse(s.isFrozen());
  }
}
