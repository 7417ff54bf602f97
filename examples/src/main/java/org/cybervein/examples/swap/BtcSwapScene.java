package org.cybervein.examples.swap;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.bitcoin.InvalidBitcoinDataException;
import org.cybervein.bitcoin.header.BlockHeader;
import org.cybervein.bitcoin.merkle.TxMerkleProof;
import org.cybervein.bitcoin.transaction.BitcoinTransaction;
import org.cybervein.bitcoin.transaction.TxOutput;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.ContractId;
import org.cybervein.ledger.contract.ContractRegistry;
import org.cybervein.ledger.contract.btcrelay.BitcoinRelay;
import org.cybervein.ledger.contract.btcrelay.RelayConfig;
import org.cybervein.ledger.contract.btcswap.BtcPayment;
import org.cybervein.ledger.contract.btcswap.BtcSwap;
import org.cybervein.ledger.contract.btcswap.BtcSwapCall;
import org.cybervein.ledger.contract.btcswap.BtcSwapContract;
import org.cybervein.ledger.contract.btcswap.SwapId;
import org.cybervein.ledger.contract.btcswap.SwapStatus;
import org.cybervein.ledger.contract.htlc.Timelock;
import org.cybervein.ledger.state.BlockContext;
import org.cybervein.ledger.state.Genesis;
import org.cybervein.ledger.state.LedgerState;
import org.cybervein.ledger.state.RewardShare;
import org.cybervein.ledger.transaction.ContractCall;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.ledger.transaction.Transaction;

/**
 * Carol sells 25 CVT to Dave for bitcoin. She locks the CVT in the {@code btc-swap} contract of a
 * CyberVein chain against an agreed Bitcoin output with 6 confirmations; a relayer feeds the
 * chain's {@code btc-relay} contract real Bitcoin mainnet headers; a release carrying a real
 * mainnet transaction and its Merkle proof is left out while the block has 4 confirmations and pays
 * Dave once it has 7. The same output cannot pay for a second swap, which Carol refunds after its
 * timelock; a light client checks the released swap against the state root.
 *
 * <p>Real and synthetic parts: the seven headers, the transaction and its Merkle proof are Bitcoin
 * mainnet data (the summa-tx/bitcoin-spv vectors, {@code bitcoin/README.md} in this module's
 * resources). Everything on the CyberVein side is synthetic, and so is the "agreement": the
 * transaction is years older than the scene, so the terms are chosen to match its real output 0.
 * The vectors give no block heights; the relay's checkpoint is labelled with a height inside the
 * difficulty epoch of its nBits.
 */
public final class BtcSwapScene {
  private static final Amount FEE = Amount.ofBaseUnits(1_000);
  private static final long START_MILLIS = 1_800_000_000_000L;
  private static final long BLOCK_MILLIS = 10 * 60_000L;
  private static final long CHECKPOINT_HEIGHT = 2016L * 268 + 1000;
  private static final Amount PRICE = Amount.ofCvt(25);

  private BtcSwapScene() {}

  /** The mainnet data of {@code bitcoin/mainnet-swap.properties}. */
  private record MainnetData(
      List<BlockHeader> headers, Bytes transaction, long merkleIndex, Bytes merkleSiblings) {
    static MainnetData load() {
      Properties p = new Properties();
      try (InputStream in =
          BtcSwapScene.class.getResourceAsStream("/bitcoin/mainnet-swap.properties")) {
        if (in == null) {
          throw new IllegalStateException("bitcoin/mainnet-swap.properties is missing");
        }
        p.load(in);
        return new MainnetData(
            BlockHeader.parseConcatenated(Bytes.fromHex(p.getProperty("headers")), 16),
            Bytes.fromHex(p.getProperty("transaction")),
            Long.parseLong(p.getProperty("merkle_index")),
            Bytes.fromHex(p.getProperty("merkle_siblings")));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InvalidBitcoinDataException e) {
        throw new IllegalStateException("the bundled mainnet headers do not parse", e);
      }
    }
  }

  /** The chain of the scene: its state, the blocks it produced and who is paid for them. */
  private static final class SimChain {
    final LedgerState state;
    final Address producer;
    long height;

    SimChain(Map<Address, Amount> allocations, BitcoinRelay relay, Address producer) {
      this.state =
          LedgerState.inMemory(
              new Genesis(new TreeMap<>(allocations), FEE),
              ContractRegistry.of(relay, new BtcSwapContract()));
      this.producer = producer;
    }

    BlockContext next() {
      return new BlockContext(
          height + 1,
          START_MILLIS + (height + 1) * BLOCK_MILLIS,
          Amount.ZERO,
          List.of(new RewardShare(producer, BigInteger.ONE)));
    }

    /** Produces a block with the candidates that apply; returns how many were left out. */
    int produce(List<SignedTransaction> candidates) {
      BlockContext block = next();
      List<SignedTransaction> chosen = state.selectApplicable(block, candidates);
      try {
        state.apply(block, chosen);
      } catch (InvalidLedgerInputException e) {
        throw new IllegalStateException("selected transactions apply", e);
      }
      height++;
      return candidates.size() - chosen.size();
    }

    Optional<String> refusal(SignedTransaction tx) {
      try {
        state.apply(next(), List.of(tx));
        height++;
        return Optional.empty();
      } catch (InvalidLedgerInputException e) {
        return Optional.of(e.reason().name());
      }
    }

    SignedTransaction call(Ed25519PrivateKey key, ContractId contract, Bytes input, long extra) {
      return SignedTransaction.sign(
          new Transaction(
              key.publicKey(),
              state.account(Address.of(key.publicKey())).nonce() + extra,
              FEE,
              new ContractCall(contract, input)),
          key);
    }

    BtcSwap swap(SwapId id) {
      return BtcSwapContract.swap(key -> state.contractEntry(BtcSwapContract.ID, key), id)
          .orElseThrow();
    }

    long confirmations(BlockHeader block) {
      return BitcoinRelay.confirmations(
          key -> state.contractEntry(BitcoinRelay.ID, key), block.hash());
    }
  }

  /**
   * Runs the scene.
   *
   * @param seed the demo's seed (the CyberVein keys)
   * @param out where the story is printed
   * @return true if Dave was paid on the proof, the replay was refused, Carol's second lock came
   *     back, the light client's check passed and the supply is unchanged
   */
  public static boolean run(long seed, PrintStream out) {
    MainnetData data = MainnetData.load();
    BitcoinTransaction tx;
    TxMerkleProof proof;
    BitcoinRelay relay;
    try {
      tx = BitcoinTransaction.parse(data.transaction());
      proof = TxMerkleProof.decode(data.merkleIndex(), data.merkleSiblings());
      relay =
          new BitcoinRelay(
              RelayConfig.mainnet(data.headers().get(0), CHECKPOINT_HEIGHT, 0, Amount.ZERO));
    } catch (InvalidBitcoinDataException e) {
      throw new IllegalStateException("the bundled mainnet data is unreadable", e);
    }
    BlockHeader paying = data.headers().get(0);
    TxOutput agreed = tx.outputs().get(0);
    out.printf(
        "REAL (Bitcoin mainnet): %d headers from block %s, transaction %s in the first of them,"
            + " its Merkle proof (index %d, %d levels)%n",
        data.headers().size(),
        paying.hash().toDisplayHex(),
        tx.txid().toDisplayHex(),
        proof.index(),
        proof.siblings().size());
    out.printf(
        "REAL: its output 0 pays %d sat to %s (P2WSH)%n", agreed.value(), agreed.script().toHex());
    out.println(
        "SYNTHETIC: the CyberVein chain, Carol, Dave, the relayer, the CVT amounts, the swap terms"
            + " (chosen to match that real output, which is years older than this scene) and the"
            + " checkpoint's height label "
            + CHECKPOINT_HEIGHT);

    DeterministicRandom random = DeterministicRandom.fromSeed(seed);
    Ed25519PrivateKey carol = Ed25519PrivateKey.generate(random);
    Ed25519PrivateKey dave = Ed25519PrivateKey.generate(random);
    Ed25519PrivateKey relayer = Ed25519PrivateKey.generate(random);
    Address producer = Address.of(Ed25519PrivateKey.generate(random).publicKey());
    Amount start = Amount.ofCvt(100);
    SimChain chain =
        new SimChain(
            Map.of(
                address(carol), start,
                address(dave), Amount.ofCvt(1),
                address(relayer), Amount.ofCvt(1)),
            relay,
            producer);
    Amount supply = chain.state.totalSupply();

    // Block 1: Carol locks 25 CVT for Dave against the agreed output, k = 6, until block 40.
    BtcPayment payment = new BtcPayment(agreed.value(), agreed.script());
    BtcSwapCall.Lock lock =
        new BtcSwapCall.Lock(
            address(dave), PRICE, payment, 6, CHECKPOINT_HEIGHT, new Timelock.AtHeight(40), 1);
    SwapId id = lock.idFor(address(carol));
    BtcSwapCall.Lock second =
        new BtcSwapCall.Lock(address(dave), PRICE, payment, 6, 0, new Timelock.AtHeight(8), 2);
    SwapId secondId = second.idFor(address(carol));
    chain.produce(
        List.of(
            chain.call(carol, BtcSwapContract.ID, lock.encode(), 0),
            chain.call(carol, BtcSwapContract.ID, second.encode(), 1)));
    out.printf(
        "block %d: Carol locks %s for Dave in swap %s (at least %d sat to that script, 6"
            + " confirmations, Bitcoin height >= %d, refundable from block 40), and %s in swap %s"
            + " on the same terms, refundable from block 8; the contract holds %s%n",
        chain.height,
        PRICE,
        id,
        payment.valueSatoshis(),
        CHECKPOINT_HEIGHT,
        PRICE,
        secondId,
        chain.state.account(BtcSwapContract.ID.account()).balance());

    // Block 2: the relayer feeds three real headers; a release now would come too early.
    BtcSwapCall.Release release = new BtcSwapCall.Release(id, tx, 0, paying.hash(), proof);
    chain.produce(
        List.of(
            chain.call(
                relayer,
                BitcoinRelay.ID,
                BitcoinRelay.submitHeadersCall(data.headers().subList(1, 4)),
                0)));
    long early = chain.confirmations(paying);
    Optional<String> tooEarly =
        chain.refusal(chain.call(dave, BtcSwapContract.ID, release.encode(), 0));
    out.printf(
        "block %d: the relayer submits 3 real headers; the paying block has %d confirmations of"
            + " 6: Dave's release is refused (%s)%n",
        chain.height, early, tooEarly.orElse("accepted?!"));

    // Block 3: three more headers, then Dave's release in the same block.
    int leftOut =
        chain.produce(
            List.of(
                chain.call(
                    relayer,
                    BitcoinRelay.ID,
                    BitcoinRelay.submitHeadersCall(data.headers().subList(4, 7)),
                    0),
                chain.call(dave, BtcSwapContract.ID, release.encode(), 0)));
    BtcSwap released = chain.swap(id);
    out.printf(
        "block %d: 3 more real headers (tip %s, the paying block now has %d confirmations) and"
            + " Dave's release: swap %s %s, paid by output %s; %d transactions left out%n",
        chain.height,
        BitcoinRelay.bestTip(key -> chain.state.contractEntry(BitcoinRelay.ID, key))
            .orElseThrow()
            .hash()
            .toDisplayHex(),
        chain.confirmations(paying),
        id,
        released.status(),
        released.paidBy().map(Object::toString).orElse("-"),
        leftOut);

    // The same output for the second swap: one output releases one swap.
    BtcSwapCall.Release replay = new BtcSwapCall.Release(secondId, tx, 0, paying.hash(), proof);
    Optional<String> replayed =
        chain.refusal(chain.call(dave, BtcSwapContract.ID, replay.encode(), 0));
    out.printf(
        "the same real output offered for swap %s: refused (%s)%n",
        secondId, replayed.orElse("accepted?!"));

    // Carol refunds the second swap once its timelock (block 8) is reached.
    while (chain.height < 7) {
      chain.produce(List.of());
    }
    chain.produce(
        List.of(
            chain.call(carol, BtcSwapContract.ID, new BtcSwapCall.Refund(secondId).encode(), 0)));
    out.printf(
        "block %d: Carol refunds swap %s: %s%n",
        chain.height, secondId, chain.swap(secondId).status());

    // A light client: the released swap's record against the state root.
    Hash root = chain.state.root();
    Hash key = BtcSwapContract.swapStateKey(id);
    boolean proved =
        chain.state.prove(key).verify(root, key, Optional.of(BtcSwapContract.encodeSwap(released)));
    out.printf(
        "light client: swap %s RELEASED to Dave is proved against state root %s: %s%n",
        id, root.toHex().substring(0, 16), proved);

    Amount carolNow = chain.state.account(address(carol)).balance();
    Amount daveNow = chain.state.account(address(dave)).balance();
    out.printf(
        "Carol %s (gave %s, paid 3 fees), Dave %s (received %s, paid 1 fee), contract %s%n",
        carolNow,
        PRICE,
        daveNow,
        PRICE,
        chain.state.account(BtcSwapContract.ID.account()).balance());
    boolean supplyKept = chain.state.totalSupply().equals(supply);
    out.printf("supply unchanged: %s%n", supplyKept);
    return tooEarly.isPresent()
        && released.status() == SwapStatus.RELEASED
        && leftOut == 0
        && replayed.isPresent()
        && chain.swap(secondId).status() == SwapStatus.REFUNDED
        && daveNow.equals(Amount.ofCvt(1).plus(PRICE).minus(FEE))
        && carolNow.equals(start.minus(PRICE).minus(FEE.times(3)))
        && proved
        && supplyKept;
  }

  private static Address address(Ed25519PrivateKey key) {
    return Address.of(key.publicKey());
  }
}
