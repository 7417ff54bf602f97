package org.cybervein.lightclient;

import static org.cybervein.testing.PropertyRuns.qt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.ContractRegistry;
import org.cybervein.ledger.contract.dataset.DataSetCall;
import org.cybervein.ledger.contract.dataset.DataSetContract;
import org.cybervein.ledger.contract.dataset.DataSetFees;
import org.cybervein.ledger.contract.dataset.DataSetId;
import org.cybervein.ledger.state.BlockContext;
import org.cybervein.ledger.state.Genesis;
import org.cybervein.ledger.state.LedgerState;
import org.cybervein.ledger.state.RewardShare;
import org.cybervein.ledger.state.StateKeys;
import org.cybervein.ledger.state.StateProof;
import org.cybervein.ledger.transaction.ContractCall;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.ledger.transaction.Transaction;
import org.cybervein.lightclient.InvalidLightClientInputException.Reason;
import org.junit.jupiter.api.Test;

/**
 * Membership and non-membership against roots of the full node's state tree: every proof the node
 * gives is accepted for the true value and refused for any other, and any single mutation of a
 * proof is refused.
 */
class MembershipTest {
  /** A client trusting {@code root} at height 0. */
  private static LightClientState trusting(Hash root) {
    TreeMap<Long, TrustedBlock> trusted = new TreeMap<>();
    trusted.put(0L, new TrustedBlock(0, Hash.ZERO, Hash.ZERO, 0, root, 0));
    return new LightClientState(LedgerChains.CLIENT, Hash.ZERO, trusted, Optional.empty());
  }

  private record World(LedgerState state, List<Address> accounts, List<Address> absent) {}

  /** A ledger state whose genesis funds {@code n} random accounts. */
  private static World world(long seed, int n) {
    DeterministicRandom random = DeterministicRandom.fromSeed(seed);
    TreeMap<Address, Amount> allocations = new TreeMap<>();
    List<Address> accounts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Address a = new Address(randomHash(random));
      accounts.add(a);
      allocations.put(a, Amount.ofBaseUnits(1 + (random.nextLong() & 0xffff_ffffL)));
    }
    List<Address> absent = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      absent.add(new Address(randomHash(random)));
    }
    return new World(
        LedgerState.inMemory(
            new Genesis(allocations, Amount.ofBaseUnits(10)), ContractRegistry.empty()),
        accounts,
        absent);
  }

  private static Hash randomHash(DeterministicRandom random) {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Hash.of(b);
  }

  private static Optional<Reason> membership(
      LightClientState s, Hash key, Optional<Bytes> value, Bytes proof) {
    try {
      if (value.isPresent()) {
        LightClient.verifyMembership(s, 0, key, value.get(), proof);
      } else {
        LightClient.verifyNonMembership(s, 0, key, proof);
      }
      return Optional.empty();
    } catch (InvalidLightClientInputException e) {
      return Optional.of(e.reason());
    }
  }

  @Test
  void balancesAndAbsencesProvedByTheFullNodeAreAcceptedAndNothingElse() {
    qt(40)
        .forAll(longs().all(), integers().between(1, 300))
        .checkAssert(
            (seed, n) -> {
              World w = world(seed, n);
              LightClientState s = trusting(w.state().root());
              for (Address a : w.accounts().subList(0, Math.min(5, n))) {
                Hash key = LedgerStateKeys.account(a.value());
                assertEquals(StateKeys.account(a), key);
                Bytes value = w.state().valueAt(w.state().root(), key).orElseThrow();
                Bytes proof = w.state().prove(key).encode();
                assertEquals(Optional.empty(), membership(s, key, Optional.of(value), proof));
                assertEquals(
                    w.state().account(a).balance().baseUnits(), decodeAccount(value).balance());
                Bytes other = new AccountValue(decodeAccount(value).balance() + 1, 0).encode();
                assertEquals(
                    Optional.of(Reason.BAD_STATE_PROOF),
                    membership(s, key, Optional.of(other), proof));
                assertEquals(
                    Optional.of(Reason.BAD_STATE_PROOF),
                    membership(s, key, Optional.empty(), proof));
              }
              for (Address a : w.absent()) {
                Hash key = LedgerStateKeys.account(a.value());
                Bytes proof = w.state().prove(key).encode();
                assertEquals(Optional.empty(), membership(s, key, Optional.empty(), proof));
                assertEquals(
                    Optional.of(Reason.BAD_STATE_PROOF),
                    membership(s, key, Optional.of(Bytes.of(new byte[16])), proof));
              }
            });
  }

  private static AccountValue decodeAccount(Bytes value) {
    try {
      return AccountValue.decode(value);
    } catch (InvalidLightClientInputException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void everyMutationOfAProofIsRefused() {
    World w = world(7, 200);
    LightClientState s = trusting(w.state().root());
    qt(200)
        .forAll(
            integers().between(0, 199), integers().between(0, 1 << 20), integers().between(0, 7))
        .checkAssert(
            (which, position, bit) -> {
              boolean present = which % 2 == 0;
              Address a = present ? w.accounts().get(which) : w.absent().get(which % 4);
              Hash key = LedgerStateKeys.account(a.value());
              Optional<Bytes> value = w.state().valueAt(w.state().root(), key);
              StateProof proof = w.state().prove(key);
              // Mutate a sibling or the leaf, as values: the encoding stays canonical.
              List<Hash> siblings = new ArrayList<>(proof.siblings());
              Optional<StateProof.Leaf> leaf = proof.leaf();
              int slots = siblings.size() + (leaf.isPresent() ? 2 : 0);
              if (slots == 0) {
                return;
              }
              int slot = position % slots;
              if (slot < siblings.size()) {
                siblings.set(slot, flip(siblings.get(slot), position, bit));
              } else if (slot == siblings.size()) {
                leaf =
                    Optional.of(
                        new StateProof.Leaf(
                            flip(leaf.get().key(), position, bit), leaf.get().valueHash()));
              } else {
                leaf =
                    Optional.of(
                        new StateProof.Leaf(
                            leaf.get().key(), flip(leaf.get().valueHash(), position, bit)));
              }
              Bytes mutated = new StateProof(siblings, leaf).encode();
              Optional<Reason> verdict = membership(s, key, value, mutated);
              // A flipped leaf key of an absence proof may still prove absence when it stays off
              // the asked key and on its path: that proof is then valid for another tree only if
              // the root matches, which a flip breaks. So every mutation must be refused.
              assertEquals(Optional.of(Reason.BAD_STATE_PROOF), verdict);
            });
  }

  private static Hash flip(Hash h, int position, int bit) {
    byte[] b = h.toByteArray();
    b[(position >>> 3) % Hash.SIZE] ^= (byte) (1 << bit);
    return Hash.of(b);
  }

  @Test
  void aDataSetGrantIsProvedUnderTheRootWithAKeyFromContractAndKeyBytes() throws Exception {
    DeterministicRandom random = DeterministicRandom.fromSeed(11);
    Ed25519PrivateKey uploader = Ed25519PrivateKey.generate(random);
    Ed25519PrivateKey reader = Ed25519PrivateKey.generate(random);
    Address storageNode = Address.of(Ed25519PrivateKey.generate(random).publicKey());
    Address readerAddress = Address.of(reader.publicKey());
    LedgerState state =
        LedgerState.inMemory(
            new Genesis(
                new TreeMap<>(
                    Map.of(
                        Address.of(uploader.publicKey()),
                        Amount.ofCvt(10),
                        readerAddress,
                        Amount.ofCvt(10))),
                Amount.ofBaseUnits(10)),
            ContractRegistry.of(
                new DataSetContract(
                    new DataSetFees(Amount.ofBaseUnits(1_000), Amount.ofBaseUnits(100), 2_000))));
    Amount fee = Amount.ofBaseUnits(10);
    Bytes register =
        new DataSetCall.Register(
                "sensors", Hash.of(new byte[32]), 1 << 20, Amount.ofCvt(1), List.of(storageNode))
            .encode();
    List<RewardShare> shares = List.of(new RewardShare(storageNode, BigInteger.ONE));
    state.apply(
        new BlockContext(1, 1_000, Amount.ZERO, shares),
        List.of(
            SignedTransaction.sign(
                new Transaction(
                    uploader.publicKey(), 0, fee, new ContractCall(DataSetContract.ID, register)),
                uploader)));
    DataSetId id = DataSetId.of(Address.of(uploader.publicKey()), "sensors");
    LightClientState s = trusting(state.root());
    Hash grantKey = LedgerStateKeys.dataSetGrant(id.value(), readerAddress.value());
    // Before the purchase: no grant, provably.
    LightClient.verifyNonMembership(s, 0, grantKey, state.prove(grantKey).encode());
    state.apply(
        new BlockContext(2, 2_000, Amount.ZERO, shares),
        List.of(
            SignedTransaction.sign(
                new Transaction(
                    reader.publicKey(),
                    0,
                    fee,
                    new ContractCall(DataSetContract.ID, new DataSetCall.Download(id).encode())),
                reader)));
    LightClientState after = trusting(state.root());
    Bytes grant = state.valueAt(state.root(), grantKey).orElseThrow();
    LightClient.verifyMembership(after, 0, grantKey, grant, state.prove(grantKey).encode());
    InvalidLightClientInputException e =
        assertThrows(
            InvalidLightClientInputException.class,
            () ->
                LightClient.verifyNonMembership(
                    after, 0, grantKey, state.prove(grantKey).encode()));
    assertEquals(Reason.BAD_STATE_PROOF, e.reason());
    // The generic derivation is the ledger's for any contract and key bytes.
    Bytes keyBytes =
        Bytes.fromHex("03").concat(id.value().toBytes()).concat(readerAddress.value().toBytes());
    assertEquals(StateKeys.contractEntry(DataSetContract.ID, keyBytes), grantKey);
    assertEquals(
        StateKeys.contractEntry(
            new org.cybervein.ledger.contract.ContractId("htlc", 1), Bytes.utf8("swap-1")),
        LedgerStateKeys.contractEntry("htlc", 1, Bytes.utf8("swap-1")));
  }

  @Test
  void aHeightTheClientDoesNotTrustIsRefused() {
    LightClientState s = trusting(Hash.ZERO);
    InvalidLightClientInputException e =
        assertThrows(
            InvalidLightClientInputException.class,
            () ->
                LightClient.verifyNonMembership(
                    s, 1, Hash.ZERO, new StateProof(List.of(), Optional.empty()).encode()));
    assertEquals(Reason.UNKNOWN_HEIGHT, e.reason());
  }
}
