package org.cybervein.ledger.contract.htlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cybervein.api.Amount;
import org.cybervein.api.Hash;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.chain.Chain;
import org.cybervein.ledger.testing.ChainFixture;
import org.cybervein.ledger.testing.PocFixtures;
import org.cybervein.ledger.transaction.ContractCall;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.ledger.transaction.Transaction;
import org.junit.jupiter.api.Test;

/**
 * A claim in a block that a reorganisation reverts: the node that saw the claim switches to a
 * better branch without it and ends in exactly the state (root, supply, balances, the open lock, no
 * preimage) of a node that only ever saw that branch; the claim then lands again on the new branch.
 */
class HtlcChainReorgTest {
  private static final ChainFixture FX =
      new ChainFixture(
          PocFixtures.PARAMETERS,
          29,
          new long[] {1 << 10, 1 << 11, 1 << 12, 1 << 11},
          new long[] {4000, 1000, 3000, 2000},
          List.of(new HtlcContract()));

  private static final Address ESCROW = HtlcContract.ID.account();

  @Test
  void aReorganisationAcrossAClaimRevertsItExactly() throws Exception {
    Preimage secret = Preimage.random(DeterministicRandom.fromSeed(3));
    Ed25519PrivateKey sender = FX.user;
    Ed25519PrivateKey recipient = FX.contributors.get(0).key(); // nonces 0 and 1 used at genesis
    Address recipientAddress = Address.of(recipient.publicKey());
    Amount amount = Amount.ofCvt(500);
    HtlcCall.Lock lock =
        new HtlcCall.Lock(
            recipientAddress, amount, secret.hashlock(), new Timelock.AtHeight(40), 1);
    LockId id = lock.idFor(Address.of(sender.publicKey()));
    SignedTransaction lockTx = call(sender, 0, lock);
    SignedTransaction claimTx = call(recipient, 2, new HtlcCall.Claim(id, secret));

    Chain node = FX.newChain();
    Block locked = FX.nextBlock(node, List.of(0, 1), List.of(lockTx));
    node.submit(locked, locked.tau().timeMillis());
    Block claimed = FX.nextBlock(node, List.of(0, 1), List.of(claimTx));
    node.submit(claimed, claimed.tau().timeMillis());
    assertEquals(claimed.id(), node.tipId());
    assertEquals(HtlcStatus.CLAIMED, read(node, id).status());
    assertEquals(Optional.of(secret), revealed(node, id));
    assertEquals(Amount.ZERO, node.state().account(ESCROW).balance());

    // Another node builds on the lock block without the claim, until its branch is better.
    Chain other = FX.newChain();
    other.submit(locked, locked.tau().timeMillis());
    List<Block> branch = new ArrayList<>();
    while (other.totalQuality() <= node.totalQuality()) {
      branch.addAll(FX.extend(other, List.of(2, 3), 1, 0));
    }
    Amount supply = node.state().totalSupply();
    for (Block b : branch) {
      node.submit(b, b.tau().timeMillis());
    }

    assertEquals(other.tipId(), node.tipId());
    FX.assertSameChain(other, node);
    assertEquals(other.state().root(), node.state().root());
    assertTrue(read(node, id).isOpen());
    assertTrue(revealed(node, id).isEmpty());
    Hash key = HtlcContract.preimageStateKey(id);
    Hash root = node.state().root();
    assertTrue(node.state().prove(key).verify(root, key, Optional.empty()));
    assertEquals(amount, node.state().account(ESCROW).balance());
    assertEquals(other.state().account(recipientAddress), node.state().account(recipientAddress));
    // The reward of the claim block's producer went with it; the supply is the new branch's.
    assertEquals(other.state().totalSupply(), node.state().totalSupply());
    assertTrue(supply.compareTo(node.state().totalSupply()) != 0 || branch.size() == 1);

    // The reverted claim is still a valid transaction: it lands on the new branch.
    Block reclaimed = FX.nextBlock(node, List.of(2, 3), List.of(claimTx));
    node.submit(reclaimed, reclaimed.tau().timeMillis());
    assertEquals(HtlcStatus.CLAIMED, read(node, id).status());
    assertEquals(Optional.of(secret), revealed(node, id));
    assertEquals(Amount.ZERO, node.state().account(ESCROW).balance());
  }

  private static SignedTransaction call(Ed25519PrivateKey key, long nonce, HtlcCall call) {
    return SignedTransaction.sign(
        new Transaction(
            key.publicKey(),
            nonce,
            ChainFixture.FEE,
            new ContractCall(HtlcContract.ID, call.encode())),
        key);
  }

  private static Htlc read(Chain chain, LockId id) {
    return HtlcContract.lock(key -> chain.state().contractEntry(HtlcContract.ID, key), id)
        .orElseThrow();
  }

  private static Optional<Preimage> revealed(Chain chain, LockId id) {
    return HtlcContract.revealedPreimage(
        key -> chain.state().contractEntry(HtlcContract.ID, key), id);
  }
}
