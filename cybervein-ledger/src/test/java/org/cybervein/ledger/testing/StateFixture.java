package org.cybervein.ledger.testing;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.cybervein.api.Amount;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.state.BlockContext;
import org.cybervein.ledger.state.Genesis;
import org.cybervein.ledger.state.RewardShare;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.ledger.transaction.Transaction;
import org.cybervein.ledger.transaction.Transfer;
import org.quicktheories.QuickTheory;

/** Keys, genesis blocks and QuickTheories settings shared by the state tests. */
public final class StateFixture {
  /** The minimum fee of {@link #genesis}. */
  public static final Amount MIN_FEE = Amount.ofBaseUnits(10);

  private static final long DEFAULT_SEED = 0x1ED6E5L;
  private static final List<Ed25519PrivateKey> KEYS = new ArrayList<>();

  private StateFixture() {}

  /** The n-th deterministic test key (cached: key derivation is not free). */
  public static synchronized Ed25519PrivateKey key(int n) {
    while (KEYS.size() <= n) {
      byte[] seed = new byte[32];
      int i = KEYS.size();
      seed[0] = (byte) i;
      seed[1] = (byte) (i >>> 8);
      seed[31] = 0x5e;
      KEYS.add(Ed25519PrivateKey.fromSeed(seed));
    }
    return KEYS.get(n);
  }

  /** The address of {@link #key}(n). */
  public static Address address(int n) {
    return Address.of(key(n).publicKey());
  }

  /** A genesis giving each of the first {@code accounts} keys {@code each} base units. */
  public static Genesis genesis(int accounts, long each) {
    TreeMap<Address, Amount> alloc = new TreeMap<>();
    for (int i = 0; i < accounts; i++) {
      alloc.put(address(i), Amount.ofBaseUnits(each));
    }
    return new Genesis(alloc, MIN_FEE);
  }

  /** A block paying {@code reward} to the addresses given, weights 1, 2, 3, ... */
  public static BlockContext block(long index, long reward, Address... paid) {
    List<RewardShare> shares = new ArrayList<>();
    for (int i = 0; i < paid.length; i++) {
      shares.add(new RewardShare(paid[i], BigInteger.valueOf(i + 1)));
    }
    return new BlockContext(index, 1_000_000 + index, Amount.ofBaseUnits(reward), shares);
  }

  /** A signed transfer from key {@code from}. */
  public static SignedTransaction transfer(
      int from, long nonce, long fee, Address to, long amount) {
    return SignedTransaction.sign(
        new Transaction(
            key(from).publicKey(),
            nonce,
            Amount.ofBaseUnits(fee),
            new Transfer(to, Amount.ofBaseUnits(amount))),
        key(from));
  }

  /** The seed of this run ({@code -Dqt.seed}). */
  public static long seed() {
    return Long.getLong("qt.seed", DEFAULT_SEED);
  }

  /** A theory with at most {@code cap} examples (fewer if {@code -Dqt.examples} is lower). */
  public static QuickTheory qt(int cap) {
    int examples = Math.min(cap, Integer.getInteger("qt.examples", 200));
    long seed = seed();
    System.out.println("QuickTheories: " + examples + " examples, seed " + seed + " (-Dqt.seed)");
    return QuickTheory.qt().withExamples(examples).withFixedSeed(seed);
  }
}
