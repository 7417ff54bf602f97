package org.cybervein.ledger.contract.htlc;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.ContractRegistry;
import org.cybervein.ledger.contract.Keys;
import org.cybervein.ledger.contract.htlc.AtomicSwap.Action;
import org.cybervein.ledger.contract.htlc.AtomicSwap.ChainView;
import org.cybervein.ledger.contract.htlc.AtomicSwap.Leg;
import org.cybervein.ledger.state.BlockContext;
import org.cybervein.ledger.state.BlockEffects;
import org.cybervein.ledger.state.Genesis;
import org.cybervein.ledger.state.LedgerState;
import org.cybervein.ledger.state.RewardShare;
import org.cybervein.ledger.transaction.ContractCall;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.ledger.transaction.Transaction;

/**
 * Two independent CyberVein chains (different genesis allocations, so different genesis roots) and
 * the two parties of a swap between them, in simulated time: a block on each chain every {@link
 * #BLOCK_MILLIS}, mempools with inclusion delays, reorganisations that revert the last blocks and
 * lose their transactions, and per-party reaction delays (or a party that never acts). Each party
 * runs its {@link AtomicSwap} core and a wallet per chain that signs what the core asks for.
 */
final class SwapWorld {
  static final long HOUR = 3_600_000L;
  static final long BLOCK_MILLIS = 10 * 60_000L;
  static final long START_MILLIS = 1_800_000_000_000L;
  static final Amount FEE = Amount.ofBaseUnits(100);
  static final long FUNDS = 10_000_000;
  static final Amount ON_A = Amount.ofBaseUnits(4_000_000);
  static final Amount ON_B = Amount.ofBaseUnits(3_000_000);
  static final long NEVER = Long.MAX_VALUE;

  // Keys: the initiator is 61 on A and 71 on B, the participant 62 on A and 72 on B.
  static final int INITIATOR_A = 61;
  static final int INITIATOR_B = 71;
  static final int PARTICIPANT_A = 62;
  static final int PARTICIPANT_B = 72;
  static final int PRODUCER_A = 63;
  static final int PRODUCER_B = 73;

  /** One chain: its state, the undo data of its blocks, its mempool. */
  final class SimChain {
    final Leg leg;
    final LedgerState state;
    final Address producer;
    final List<BlockEffects> undo = new ArrayList<>();
    final List<BlockContext> contexts = new ArrayList<>();
    final List<Pending> mempool = new ArrayList<>();

    SimChain(Leg leg, TreeMap<Address, Amount> alloc, Address producer) {
      this.leg = leg;
      this.state =
          LedgerState.inMemory(new Genesis(alloc, FEE), ContractRegistry.of(new HtlcContract()));
      this.producer = producer;
    }

    long height() {
      return contexts.size();
    }

    Function<Bytes, Optional<Bytes>> entries() {
      return key -> state.contractEntry(HtlcContract.ID, key);
    }

    Optional<Htlc> lock(LockId id) {
      return HtlcContract.lock(entries(), id);
    }

    ChainView view(LockId id) {
      return new ChainView(now, height(), lock(id), HtlcContract.revealedPreimage(entries(), id));
    }

    void produce() {
      List<SignedTransaction> ready = new ArrayList<>();
      List<Pending> due = new ArrayList<>();
      for (Pending p : mempool) {
        if (p.includeAt <= now) {
          due.add(p);
          ready.add(p.tx);
        }
      }
      BlockContext ctx =
          new BlockContext(
              height() + 1, now, Amount.ZERO, List.of(new RewardShare(producer, BigInteger.ONE)));
      List<SignedTransaction> chosen = state.selectApplicable(ctx, ready);
      try {
        undo.add(state.apply(ctx, chosen));
      } catch (InvalidLedgerInputException e) {
        throw new AssertionError("selected transactions must apply", e);
      }
      contexts.add(ctx);
      for (Pending p : due) {
        mempool.remove(p);
        p.wallet.pending = null;
        if (chosen.contains(p.tx)) {
          log(leg + " block " + ctx.index() + ": " + p.who + " " + describe(p.call));
        } else {
          log(leg + " block " + ctx.index() + ": refused " + p.who + " " + describe(p.call));
        }
      }
    }

    /**
     * Reverts the last {@code depth} blocks (their transactions are lost) and refills the height.
     */
    void reorganise(int depth) {
      int d = (int) Math.min(depth, height());
      List<BlockContext> replaced = new ArrayList<>();
      for (int i = 0; i < d; i++) {
        state.revert(undo.remove(undo.size() - 1));
        replaced.add(0, contexts.remove(contexts.size() - 1));
      }
      for (BlockContext ctx : replaced) {
        try {
          undo.add(state.apply(ctx, List.of()));
        } catch (InvalidLedgerInputException e) {
          throw new AssertionError(e);
        }
        contexts.add(ctx);
      }
      log(leg + " reorganised: the last " + d + " blocks replaced by empty ones");
    }

    Amount balance(Address a) {
      return state.account(a).balance();
    }
  }

  /** A signed transaction waiting in a mempool. */
  record Pending(SignedTransaction tx, HtlcCall call, String who, Wallet wallet, long includeAt) {}

  /** A party's account on one chain, with at most one transaction in flight. */
  final class Wallet {
    final Ed25519PrivateKey key;
    final Address address;
    final SimChain chain;
    Pending pending;

    Wallet(int keyIndex, SimChain chain) {
      this.key = Keys.privateKey(keyIndex);
      this.address = Keys.address(keyIndex);
      this.chain = chain;
    }
  }

  /** How a party behaves: its reaction delay per kind of call, {@link #NEVER} for never. */
  record Behaviour(long lockDelay, long claimDelay, long refundDelay, boolean cheatsOnAmount) {
    static final Behaviour PROMPT = new Behaviour(0, 0, 0, false);

    long delay(HtlcCall call) {
      return call instanceof HtlcCall.Lock
          ? lockDelay
          : call instanceof HtlcCall.Claim ? claimDelay : refundDelay;
    }
  }

  /** A party: its swap core, its wallets on both chains, its behaviour. */
  final class Party {
    final String name;
    final AtomicSwap core;
    final Behaviour behaviour;
    final EnumMap<Leg, Wallet> wallets = new EnumMap<>(Leg.class);
    final Map<String, Long> firstAsked = new HashMap<>();

    Party(String name, AtomicSwap core, Behaviour behaviour, Wallet onA, Wallet onB) {
      this.name = name;
      this.core = core;
      this.behaviour = behaviour;
      wallets.put(Leg.A, onA);
      wallets.put(Leg.B, onB);
    }

    void act() {
      AtomicSwap.Terms t = core.terms();
      for (Action action : core.next(a.view(t.lockOnA()), b.view(t.lockOnB()))) {
        String kind = action.leg() + "/" + action.call().getClass().getSimpleName();
        long asked = firstAsked.computeIfAbsent(kind, k -> now);
        long delay = behaviour.delay(action.call());
        Wallet w = wallets.get(action.leg());
        if (delay == NEVER || now < asked + delay || w.pending != null) {
          continue;
        }
        HtlcCall call = action.call();
        if (behaviour.cheatsOnAmount() && call instanceof HtlcCall.Lock l) {
          call =
              new HtlcCall.Lock(
                  l.recipient(),
                  l.amount().minus(Amount.ofBaseUnits(1)),
                  l.hashlock(),
                  l.timelock(),
                  l.lockNonce());
        }
        SignedTransaction tx =
            SignedTransaction.sign(
                new Transaction(
                    w.key.publicKey(),
                    w.chain.state.account(w.address).nonce(),
                    FEE,
                    new ContractCall(HtlcContract.ID, call.encode())),
                w.key);
        long includeAt = now + BLOCK_MILLIS * random.nextInt(maxInclusionBlocks + 1);
        w.pending = new Pending(tx, call, name, w, includeAt);
        w.chain.mempool.add(w.pending);
      }
    }
  }

  final DeterministicRandom random;
  final int maxInclusionBlocks;
  final AtomicSwap.Terms terms;
  final Preimage secret;
  final SimChain a;
  final SimChain b;
  final Party initiator;
  final Party participant;
  final List<String> log = new ArrayList<>();
  final boolean printing;
  long now = START_MILLIS;

  SwapWorld(
      long seed,
      Behaviour initiatorBehaviour,
      Behaviour participantBehaviour,
      int maxInclusionBlocks,
      boolean printing) {
    this.random = DeterministicRandom.fromSeed(seed);
    this.maxInclusionBlocks = maxInclusionBlocks;
    this.printing = printing;
    this.secret = Preimage.random(random);
    TreeMap<Address, Amount> allocA = new TreeMap<>();
    allocA.put(Keys.address(INITIATOR_A), Amount.ofBaseUnits(FUNDS));
    allocA.put(Keys.address(PARTICIPANT_A), Amount.ofBaseUnits(FUNDS / 2));
    TreeMap<Address, Amount> allocB = new TreeMap<>();
    allocB.put(Keys.address(INITIATOR_B), Amount.ofBaseUnits(FUNDS / 2));
    allocB.put(Keys.address(PARTICIPANT_B), Amount.ofBaseUnits(FUNDS));
    a = new SimChain(Leg.A, allocA, Keys.address(PRODUCER_A));
    b = new SimChain(Leg.B, allocB, Keys.address(PRODUCER_B));
    terms =
        new AtomicSwap.Terms(
            Keys.address(INITIATOR_A),
            Keys.address(PARTICIPANT_A),
            ON_A,
            1,
            Keys.address(PARTICIPANT_B),
            Keys.address(INITIATOR_B),
            ON_B,
            1,
            secret.hashlock(),
            48 * HOUR,
            24 * HOUR,
            6 * HOUR,
            3);
    initiator =
        new Party(
            "initiator",
            AtomicSwap.initiator(terms, secret),
            initiatorBehaviour,
            new Wallet(INITIATOR_A, a),
            new Wallet(INITIATOR_B, b));
    participant =
        new Party(
            "participant",
            AtomicSwap.participant(terms),
            participantBehaviour,
            new Wallet(PARTICIPANT_A, a),
            new Wallet(PARTICIPANT_B, b));
  }

  /** One tick: a block on each chain, then each party looks and acts. */
  void step() {
    now += BLOCK_MILLIS;
    a.produce();
    b.produce();
    initiator.act();
    participant.act();
  }

  /** Runs until {@code untilMillis} after the start, reorganising as {@code reorgs} says. */
  void run(long untilMillis, Map<Long, List<Reorg>> reorgs) {
    while (now < START_MILLIS + untilMillis) {
      step();
      for (Reorg r : reorgs.getOrDefault((now - START_MILLIS) / BLOCK_MILLIS, List.of())) {
        (r.leg() == Leg.A ? a : b).reorganise(r.depth());
      }
    }
  }

  /** A reorganisation of {@code depth} blocks on one chain. */
  record Reorg(Leg leg, int depth) {}

  void log(String line) {
    String entry = String.format("%6.2f h  %s", (now - START_MILLIS) / (double) HOUR, line);
    log.add(entry);
    if (printing) {
      System.out.println(entry);
    }
  }

  static String describe(HtlcCall call) {
    if (call instanceof HtlcCall.Lock l) {
      return "locks " + l.amount() + " until " + l.timelock();
    }
    return call instanceof HtlcCall.Claim ? "claims with the preimage" : "refunds";
  }

  /** The status of the swap's lock on {@code leg}, if it was opened. */
  Optional<HtlcStatus> status(Leg leg) {
    return leg == Leg.A
        ? a.lock(terms.lockOnA()).map(Htlc::status)
        : b.lock(terms.lockOnB()).map(Htlc::status);
  }

  /** The fees {@code address} paid on {@code chain}: one per transaction it sent. */
  static Amount feesPaid(SimChain chain, Address address) {
    return FEE.times(chain.state.account(address).nonce());
  }
}
