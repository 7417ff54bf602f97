package org.cybervein.ledger.contract.htlc;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cybervein.api.Amount;
import org.cybervein.api.Hash;
import org.cybervein.ledger.account.Address;

/**
 * One party's side of an atomic swap between two independent chains (after BIP-199): the
 * <em>initiator</em> holds the secret and trades {@code amountOnA} on chain A for the participant's
 * {@code amountOnB} on chain B.
 *
 * <ol>
 *   <li>The initiator locks on A for the participant, under the hashlock, until now + {@link
 *       Terms#initiatorLockMillis()} (e.g. 48 h).
 *   <li>The participant, once that lock is {@link Terms#confirmations()} blocks deep with the
 *       agreed terms, locks on B for the initiator under the same hashlock until now + {@link
 *       Terms#participantLockMillis()} (e.g. 24 h), provided at least {@link
 *       Terms#safetyMarginMillis()} then separates its expiry from the initiator's.
 *   <li>The initiator, once that lock is as deep and as agreed, and while at least the margin is
 *       left before it expires, claims it with the secret, which the claim stores on chain B.
 *   <li>The participant reads the secret from chain B's state and claims on A.
 *   <li>Whoever's lock is still open after its expiry refunds it.
 * </ol>
 *
 * The later expiry is the initiator's, so the secret can only appear (on B, before the
 * participant's expiry) while the participant still has at least the margin to use it on A. An
 * honest party that reacts within the margin therefore never gives its funds without receiving the
 * other's.
 *
 * <p>A pure, deterministic core: {@link #next} reads what the party sees on both chains and says
 * which calls it wants on chain now. It is level-triggered, so calling it again after a
 * reorganisation removed one of its transactions asks for that call again. The host signs the calls
 * with the party's account on that chain and submits them; it decides how often to ask.
 */
public final class AtomicSwap {
  /** The two parts of a swap. */
  public enum Role {
    /** Holds the secret, locks first on A, claims on B. */
    INITIATOR,
    /** Locks second on B, learns the secret from B, claims on A. */
    PARTICIPANT
  }

  /** The two chains: A carries the initiator's lock, B the participant's. */
  public enum Leg {
    /** The initiator's chain: the initiator locks, the participant claims. */
    A,
    /** The participant's chain: the participant locks, the initiator claims. */
    B
  }

  /**
   * What both parties agreed off chain. The lock ids follow from them: {@link #lockOnA()} and
   * {@link #lockOnB()}.
   *
   * @param initiatorOnA the initiator's account on A (sender of the A lock)
   * @param participantOnA the participant's account on A (its recipient)
   * @param amountOnA what the initiator gives
   * @param initiatorLockNonce the lock nonce of the A lock
   * @param participantOnB the participant's account on B (sender of the B lock)
   * @param initiatorOnB the initiator's account on B (its recipient)
   * @param amountOnB what the participant gives
   * @param participantLockNonce the lock nonce of the B lock
   * @param hashlock the SHA-256 of the initiator's secret
   * @param initiatorLockMillis how long the A lock runs, e.g. 48 h
   * @param participantLockMillis how long the B lock runs, e.g. 24 h
   * @param safetyMarginMillis the time each party keeps in hand before a deadline: its own reaction
   *     time plus inclusion and reorganisation delays, e.g. 6 h
   * @param confirmations how deep a counterparty's lock must be before a party acts on it (deeper
   *     than any reorganisation expected), at least 1
   */
  public record Terms(
      Address initiatorOnA,
      Address participantOnA,
      Amount amountOnA,
      long initiatorLockNonce,
      Address participantOnB,
      Address initiatorOnB,
      Amount amountOnB,
      long participantLockNonce,
      Hash hashlock,
      long initiatorLockMillis,
      long participantLockMillis,
      long safetyMarginMillis,
      int confirmations) {
    /**
     * Checks the parts.
     *
     * @param initiatorOnA the initiator's account on A
     * @param participantOnA the participant's account on A
     * @param amountOnA what the initiator gives, at least 1 base unit
     * @param initiatorLockNonce the lock nonce of the A lock
     * @param participantOnB the participant's account on B
     * @param initiatorOnB the initiator's account on B
     * @param amountOnB what the participant gives, at least 1 base unit
     * @param participantLockNonce the lock nonce of the B lock
     * @param hashlock the SHA-256 of the secret
     * @param initiatorLockMillis how long the A lock runs
     * @param participantLockMillis how long the B lock runs, positive
     * @param safetyMarginMillis the margin, positive
     * @param confirmations at least 1
     * @throws IllegalArgumentException if an amount is zero, a duration not positive, or the A lock
     *     does not outlast the B lock by at least twice the margin (one margin for the participant
     *     to lock, one for it to claim after the secret appears)
     */
    public Terms {
      Objects.requireNonNull(initiatorOnA, "initiatorOnA");
      Objects.requireNonNull(participantOnA, "participantOnA");
      Objects.requireNonNull(amountOnA, "amountOnA");
      Objects.requireNonNull(participantOnB, "participantOnB");
      Objects.requireNonNull(initiatorOnB, "initiatorOnB");
      Objects.requireNonNull(amountOnB, "amountOnB");
      Objects.requireNonNull(hashlock, "hashlock");
      if (amountOnA.isZero() || amountOnB.isZero()) {
        throw new IllegalArgumentException("both amounts are at least 1 base unit");
      }
      if (participantLockMillis < 1 || safetyMarginMillis < 1 || confirmations < 1) {
        throw new IllegalArgumentException("durations and confirmations must be positive");
      }
      if (initiatorLockMillis < participantLockMillis + 2 * safetyMarginMillis) {
        throw new IllegalArgumentException(
            "the initiator's lock must outlast the participant's by twice the margin");
      }
    }

    /**
     * The A lock's id.
     *
     * @return {@code LockId.of(initiatorOnA, initiatorLockNonce)}
     */
    public LockId lockOnA() {
      return LockId.of(initiatorOnA, initiatorLockNonce);
    }

    /**
     * The B lock's id.
     *
     * @return {@code LockId.of(participantOnB, participantLockNonce)}
     */
    public LockId lockOnB() {
      return LockId.of(participantOnB, participantLockNonce);
    }
  }

  /**
   * What a party sees of one chain: the time of the next block, the chain's height, and the swap's
   * lock there with its revealed preimage (read from the state, or from entries checked with state
   * proofs).
   *
   * @param nowMillis the time the next block will carry, milliseconds since the epoch
   * @param height the index of the chain's tip
   * @param lock the swap's lock on this chain, if it exists
   * @param revealed the preimage its claim stored, if it was claimed
   */
  public record ChainView(
      long nowMillis, long height, Optional<Htlc> lock, Optional<Preimage> revealed) {
    /**
     * Rejects null.
     *
     * @param nowMillis the time the next block will carry
     * @param height the index of the chain's tip
     * @param lock the swap's lock on this chain, if it exists
     * @param revealed the preimage its claim stored, if it was claimed
     */
    public ChainView {
      Objects.requireNonNull(lock, "lock");
      Objects.requireNonNull(revealed, "revealed");
    }

    /**
     * How many blocks deep the lock is: 1 in the block that opened it.
     *
     * @return the lock's confirmations, 0 if there is no lock
     */
    public long confirmations() {
      return lock.map(l -> height - l.lockedBlock() + 1).orElse(0L);
    }
  }

  /**
   * A call the party wants on one chain.
   *
   * @param leg the chain
   * @param call the contract call, for {@link HtlcContract#ID}
   */
  public record Action(Leg leg, HtlcCall call) {
    /**
     * Rejects null.
     *
     * @param leg the chain
     * @param call the contract call
     */
    public Action {
      Objects.requireNonNull(leg, "leg");
      Objects.requireNonNull(call, "call");
    }
  }

  private final Role role;
  private final Terms terms;
  private Optional<Preimage> secret;

  /**
   * The expiry of our own lock, fixed the first time we ask for it, so a retry is the same call.
   */
  private Optional<Long> ownExpiry = Optional.empty();

  private boolean claimAsked;

  private AtomicSwap(Role role, Terms terms, Optional<Preimage> secret) {
    this.role = role;
    this.terms = Objects.requireNonNull(terms, "terms");
    this.secret = secret;
  }

  /**
   * The initiator's side.
   *
   * @param terms the agreed terms
   * @param secret the preimage of {@code terms.hashlock()}
   * @return the initiator
   * @throws IllegalArgumentException if the secret does not open the hashlock
   */
  public static AtomicSwap initiator(Terms terms, Preimage secret) {
    Objects.requireNonNull(secret, "secret");
    if (!secret.opens(terms.hashlock())) {
      throw new IllegalArgumentException("the secret does not open the agreed hashlock");
    }
    return new AtomicSwap(Role.INITIATOR, terms, Optional.of(secret));
  }

  /**
   * The participant's side.
   *
   * @param terms the agreed terms
   * @return the participant
   */
  public static AtomicSwap participant(Terms terms) {
    return new AtomicSwap(Role.PARTICIPANT, terms, Optional.empty());
  }

  /**
   * This party's role.
   *
   * @return initiator or participant
   */
  public Role role() {
    return role;
  }

  /**
   * The agreed terms.
   *
   * @return the terms
   */
  public Terms terms() {
    return terms;
  }

  /**
   * The secret, if this party knows it: the initiator always, the participant once it saw it on B.
   *
   * @return the preimage, if known
   */
  public Optional<Preimage> secret() {
    return secret;
  }

  /**
   * The calls this party wants on chain now, given what it sees. Empty when there is nothing to do
   * (waiting, or done).
   *
   * @param a what the party sees of chain A
   * @param b what the party sees of chain B
   * @return the calls to sign and submit, at most one per chain
   */
  public List<Action> next(ChainView a, ChainView b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    return role == Role.INITIATOR ? initiatorNext(a, b) : participantNext(a, b);
  }

  private List<Action> initiatorNext(ChainView a, ChainView b) {
    List<Action> out = new ArrayList<>();
    Preimage s = secret.orElseThrow();
    if (a.lock().isEmpty()) {
      long expiry = ownExpiry.orElse(a.nowMillis() + terms.initiatorLockMillis());
      if (a.nowMillis() < expiry) {
        ownExpiry = Optional.of(expiry);
        out.add(
            new Action(
                Leg.A,
                new HtlcCall.Lock(
                    terms.participantOnA(),
                    terms.amountOnA(),
                    terms.hashlock(),
                    new Timelock.AtTime(expiry),
                    terms.initiatorLockNonce())));
      }
      return out;
    }
    Htlc mine = a.lock().get(); // its id binds our address: nobody else can have opened it
    long myExpiry = expiryOf(mine);
    if (b.lock().isPresent() && b.lock().get().isOpen() && agreedOnB(b.lock().get(), myExpiry)) {
      long theirExpiry = expiryOf(b.lock().get());
      boolean deep = b.confirmations() >= terms.confirmations();
      boolean early = b.nowMillis() + terms.safetyMarginMillis() <= theirExpiry;
      // Once asked for, the claim is pursued up to the expiry: the secret may be out already.
      if ((deep && early) || (claimAsked && b.nowMillis() < theirExpiry)) {
        claimAsked = true;
        out.add(new Action(Leg.B, new HtlcCall.Claim(terms.lockOnB(), s)));
      }
    }
    if (mine.isOpen() && a.nowMillis() >= myExpiry) {
      out.add(new Action(Leg.A, new HtlcCall.Refund(terms.lockOnA())));
    }
    return out;
  }

  private List<Action> participantNext(ChainView a, ChainView b) {
    List<Action> out = new ArrayList<>();
    if (secret.isEmpty()
        && b.revealed().isPresent()
        && b.revealed().get().opens(terms.hashlock())) {
      secret = b.revealed(); // learned: kept even if a reorganisation takes the claim away
    }
    Optional<Htlc> theirs = a.lock().filter(this::agreedOnA);
    if (b.lock().isEmpty()) {
      if (theirs.isPresent() && theirs.get().isOpen()) {
        long theirExpiry = expiryOf(theirs.get());
        long expiry = ownExpiry.orElse(b.nowMillis() + terms.participantLockMillis());
        boolean deep = a.confirmations() >= terms.confirmations();
        boolean roomy = expiry + terms.safetyMarginMillis() <= theirExpiry;
        if (deep && roomy && b.nowMillis() < expiry) {
          ownExpiry = Optional.of(expiry);
          out.add(
              new Action(
                  Leg.B,
                  new HtlcCall.Lock(
                      terms.initiatorOnB(),
                      terms.amountOnB(),
                      terms.hashlock(),
                      new Timelock.AtTime(expiry),
                      terms.participantLockNonce())));
        }
      }
      return out;
    }
    Htlc mine = b.lock().get();
    if (secret.isPresent()
        && theirs.isPresent()
        && theirs.get().isOpen()
        && a.nowMillis() < expiryOf(theirs.get())) {
      out.add(new Action(Leg.A, new HtlcCall.Claim(terms.lockOnA(), secret.get())));
    }
    if (mine.isOpen() && b.nowMillis() >= expiryOf(mine)) {
      out.add(new Action(Leg.B, new HtlcCall.Refund(terms.lockOnB())));
    }
    return out;
  }

  /** The A lock is what the initiator promised: parties, amount, hashlock, a time timelock. */
  private boolean agreedOnA(Htlc lock) {
    return lock.sender().equals(terms.initiatorOnA())
        && lock.recipient().equals(terms.participantOnA())
        && lock.amount().equals(terms.amountOnA())
        && lock.hashlock().equals(terms.hashlock())
        && lock.timelock() instanceof Timelock.AtTime;
  }

  /** The B lock is what the participant promised, and expires a margin before ours. */
  private boolean agreedOnB(Htlc lock, long myExpiry) {
    return lock.sender().equals(terms.participantOnB())
        && lock.recipient().equals(terms.initiatorOnB())
        && lock.amount().equals(terms.amountOnB())
        && lock.hashlock().equals(terms.hashlock())
        && lock.timelock() instanceof Timelock.AtTime t
        && t.timeMillis() + terms.safetyMarginMillis() <= myExpiry;
  }

  private static long expiryOf(Htlc lock) {
    // Swaps use time timelocks only: two chains' heights do not advance together.
    return lock.timelock() instanceof Timelock.AtTime t ? t.timeMillis() : Long.MAX_VALUE;
  }

  @Override
  public String toString() {
    return "AtomicSwap[" + role + ", " + terms.lockOnA() + " / " + terms.lockOnB() + "]";
  }
}
