package org.cybervein.examples.swap;

import java.io.PrintStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.cybervein.api.Amount;
import org.cybervein.api.Hash;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.ContractRegistry;
import org.cybervein.ledger.contract.htlc.AtomicSwap;
import org.cybervein.ledger.contract.htlc.AtomicSwap.Action;
import org.cybervein.ledger.contract.htlc.AtomicSwap.ChainView;
import org.cybervein.ledger.contract.htlc.AtomicSwap.Leg;
import org.cybervein.ledger.contract.htlc.HtlcCall;
import org.cybervein.ledger.contract.htlc.HtlcContract;
import org.cybervein.ledger.contract.htlc.HtlcStatus;
import org.cybervein.ledger.contract.htlc.LockId;
import org.cybervein.ledger.contract.htlc.Preimage;
import org.cybervein.ledger.contract.htlc.Timelock;
import org.cybervein.ledger.state.BlockContext;
import org.cybervein.ledger.state.Genesis;
import org.cybervein.ledger.state.LedgerState;
import org.cybervein.ledger.state.RewardShare;
import org.cybervein.ledger.state.StateProof;
import org.cybervein.ledger.transaction.ContractCall;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.ledger.transaction.Transaction;

/**
 * Alice trades 40 CVT on chain A for Bob's 30 CVT on chain B, two CyberVein chains with different
 * genesis: she locks on A for 48 hours, he locks on B for 24 hours once her lock is three blocks
 * deep, she claims on B with the secret, he reads the secret from B's state and claims on A. Each
 * chain is its ledger state with the {@code htlc} contract and a block every ten simulated minutes;
 * each party runs its {@link AtomicSwap} core and signs what it asks for. At the end a light client
 * of chain B checks the revealed secret against B's state root.
 */
public final class CvtSwapScene {
  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;
  private static final long BLOCK_MILLIS = 10 * MINUTE;
  private static final long START_MILLIS = 1_800_000_000_000L;
  private static final Amount FEE = Amount.ofBaseUnits(1_000);

  private CvtSwapScene() {}

  /** One chain of the scene: its state and the transactions waiting for its next block. */
  private static final class SimChain {
    final Leg leg;
    final LedgerState state;
    final Address producer;
    final List<SignedTransaction> mempool = new ArrayList<>();
    long height;

    SimChain(Leg leg, Map<Address, Amount> allocations, Address producer) {
      this.leg = leg;
      this.state =
          LedgerState.inMemory(
              new Genesis(new TreeMap<>(allocations), FEE),
              ContractRegistry.of(new HtlcContract()));
      this.producer = producer;
    }

    ChainView view(long now, LockId id) {
      return new ChainView(
          now,
          height,
          HtlcContract.lock(key -> state.contractEntry(HtlcContract.ID, key), id),
          HtlcContract.revealedPreimage(key -> state.contractEntry(HtlcContract.ID, key), id));
    }

    int produce(long now) {
      BlockContext block =
          new BlockContext(
              height + 1, now, Amount.ZERO, List.of(new RewardShare(producer, BigInteger.ONE)));
      List<SignedTransaction> chosen = state.selectApplicable(block, mempool);
      try {
        state.apply(block, chosen);
      } catch (InvalidLedgerInputException e) {
        throw new IllegalStateException("selected transactions apply", e);
      }
      mempool.clear();
      height++;
      return chosen.size();
    }
  }

  /**
   * Runs the scene.
   *
   * @param seed the demo's seed (keys and the secret)
   * @param out where the story is printed
   * @return true if both parties received what they were promised and the light client's check
   *     passed
   */
  public static boolean run(long seed, PrintStream out) {
    DeterministicRandom random = DeterministicRandom.fromSeed(seed);
    Ed25519PrivateKey aliceA = Ed25519PrivateKey.generate(random);
    Ed25519PrivateKey aliceB = Ed25519PrivateKey.generate(random);
    Ed25519PrivateKey bobA = Ed25519PrivateKey.generate(random);
    Ed25519PrivateKey bobB = Ed25519PrivateKey.generate(random);
    Address producer = Address.of(Ed25519PrivateKey.generate(random).publicKey());
    SimChain a =
        new SimChain(
            Leg.A,
            Map.of(address(aliceA), Amount.ofCvt(100), address(bobA), Amount.ofCvt(1)),
            producer);
    SimChain b =
        new SimChain(
            Leg.B,
            Map.of(address(bobB), Amount.ofCvt(100), address(aliceB), Amount.ofCvt(1)),
            producer);
    out.printf(
        "chain A genesis root %s, chain B genesis root %s: two independent chains%n",
        short16(a.state.root()), short16(b.state.root()));

    Preimage secret = Preimage.random(random);
    AtomicSwap.Terms terms =
        new AtomicSwap.Terms(
            address(aliceA),
            address(bobA),
            Amount.ofCvt(40),
            1,
            address(bobB),
            address(aliceB),
            Amount.ofCvt(30),
            1,
            secret.hashlock(),
            48 * HOUR,
            24 * HOUR,
            6 * HOUR,
            3);
    out.printf(
        "terms: Alice gives 40 CVT on A (48 h lock), Bob gives 30 CVT on B (24 h lock),"
            + " hashlock %s, 3 confirmations, 6 h margin%n",
        short16(secret.hashlock()));
    AtomicSwap alice = AtomicSwap.initiator(terms, secret);
    AtomicSwap bob = AtomicSwap.participant(terms);
    EnumMap<Leg, SimChain> chains = new EnumMap<>(Map.of(Leg.A, a, Leg.B, b));
    Map<AtomicSwap, EnumMap<Leg, Ed25519PrivateKey>> keys =
        Map.of(
            alice, new EnumMap<>(Map.of(Leg.A, aliceA, Leg.B, aliceB)),
            bob, new EnumMap<>(Map.of(Leg.A, bobA, Leg.B, bobB)));

    long now = START_MILLIS;
    for (int step = 1; step <= 12 * 6; step++) {
      now += BLOCK_MILLIS;
      for (SimChain c : chains.values()) {
        if (c.produce(now) > 0) {
          out.printf(
              "  %5.2f h  chain %s block %d: %s%n",
              (now - START_MILLIS) / (double) HOUR, c.leg, c.height, describe(c, terms));
        }
      }
      for (AtomicSwap party : List.of(alice, bob)) {
        ChainView viewA = a.view(now, terms.lockOnA());
        ChainView viewB = b.view(now, terms.lockOnB());
        for (Action action : party.next(viewA, viewB)) {
          Ed25519PrivateKey key = keys.get(party).get(action.leg());
          SimChain chain = chains.get(action.leg());
          chain.mempool.add(
              SignedTransaction.sign(
                  new Transaction(
                      key.publicKey(),
                      chain.state.account(Address.of(key.publicKey())).nonce(),
                      FEE,
                      new ContractCall(HtlcContract.ID, action.call().encode())),
                  key));
          out.printf(
              "  %5.2f h  %s asks chain %s to %s%n",
              (now - START_MILLIS) / (double) HOUR,
              party == alice ? "Alice" : "Bob",
              action.leg(),
              verb(action.call()));
        }
      }
      if (claimed(a, terms.lockOnA()) && claimed(b, terms.lockOnB())) {
        break;
      }
    }

    boolean done = claimed(a, terms.lockOnA()) && claimed(b, terms.lockOnB());
    out.printf(
        "Alice: %s on A, %s on B; Bob: %s on A, %s on B (each paid its fees of %s per transaction)%n",
        a.state.account(address(aliceA)).balance(),
        b.state.account(address(aliceB)).balance(),
        a.state.account(address(bobA)).balance(),
        b.state.account(address(bobB)).balance(),
        FEE);

    // A light client of chain B: a state root from a block header, a proof from any full node.
    Hash root = b.state.root();
    StateProof proof = b.state.prove(HtlcContract.preimageStateKey(terms.lockOnB()));
    boolean proved =
        HtlcContract.provesPreimage(root, terms.lockOnB(), terms.hashlock(), secret, proof);
    out.printf(
        "light client of B: the secret under lock %s is proved against state root %s: %s%n",
        terms.lockOnB(), short16(root), proved);
    boolean supplies =
        a.state.totalSupply().equals(Amount.ofCvt(101))
            && b.state.totalSupply().equals(Amount.ofCvt(101));
    out.printf("supplies unchanged on both chains: %s%n", supplies);
    return done && proved && supplies;
  }

  private static String describe(SimChain c, AtomicSwap.Terms terms) {
    LockId id = c.leg == Leg.A ? terms.lockOnA() : terms.lockOnB();
    Optional<HtlcStatus> s =
        HtlcContract.lock(key -> c.state.contractEntry(HtlcContract.ID, key), id)
            .map(h -> h.status());
    return "lock "
        + id
        + " "
        + s.map(Enum::name).orElse("absent")
        + ", contract holds "
        + c.state.account(HtlcContract.ID.account()).balance();
  }

  private static boolean claimed(SimChain c, LockId id) {
    return HtlcContract.lock(key -> c.state.contractEntry(HtlcContract.ID, key), id)
        .map(h -> h.status() == HtlcStatus.CLAIMED)
        .orElse(false);
  }

  private static String verb(HtlcCall call) {
    if (call instanceof HtlcCall.Lock l && l.timelock() instanceof Timelock.AtTime t) {
      return String.format(
          "lock %s until %.2f h", l.amount(), (t.timeMillis() - START_MILLIS) / (double) HOUR);
    }
    return call instanceof HtlcCall.Claim ? "claim with the secret" : "refund";
  }

  private static Address address(Ed25519PrivateKey key) {
    return Address.of(key.publicKey());
  }

  private static String short16(Hash h) {
    return h.toHex().substring(0, 16);
  }
}
