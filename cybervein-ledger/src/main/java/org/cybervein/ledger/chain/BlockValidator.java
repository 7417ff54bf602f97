package org.cybervein.ledger.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.api.store.StoreException;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.block.ContributionProof;
import org.cybervein.ledger.contract.poc.PocContract;
import org.cybervein.ledger.state.BlockEffects;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.poc.ElectionContribution;
import org.cybervein.storageproofs.pospace.SpaceVerifier;
import org.cybervein.storageproofs.pospace.VerifiedSpaceCommitment;

/**
 * The consensus rules of one block against its parent, in the order a chain runs them:
 *
 * <ol>
 *   <li>{@link #checkPosition}: the parent is not known invalid, the index is the parent's plus
 *       one, the timestamp is at least the block interval after the parent's and at most the
 *       allowed drift ahead of the caller's clock, and phi answers the challenge its position fixes
 *       ({@link #challenge});
 *   <li>{@link #checkProofs}: the three signatures, every contribution ({@link #checkContribution}:
 *       the {@code poc} commitment rules and a bandwidth), distinct contributors, phi's
 *       contribution wins the round against every one in tau, and the DAG checkpoint, if any, is
 *       the next in sequence;
 *   <li>{@link #checkWeights}, in the parent's post-state: every commitment is the one its
 *       contributor registered ({@code NOT_FOUND}), every proof of space answers the challenge
 *       against that registered commitment ({@code BAD_PROOF}), and every claimed bandwidth is the
 *       one the {@code poc} contract records for the block's index ({@code BAD_PROOF});
 *   <li>when applied: the transactions decode ({@link #transactions}) and give the state root tau
 *       claims ({@link #checkStateRoot}).
 * </ol>
 *
 * The first two need no state; the weights are read through a function of the {@code poc}
 * contract's entries, so the same check runs on the tip's state, on an earlier root, or on a
 * stand-in. The proof of space is checked there and not earlier because a storage proof binds
 * gamma, n and the seed but not mu: it counts only against a commitment whose commit proof passed,
 * and the registration (where {@code poc} checked that commit proof) is what the state holds. Each
 * {@code poc} rule is asked in one place: the commitment rules in {@link #checkContribution}, the
 * registration in {@link #registeredCommitment}, the bandwidth in {@link #bandwidth}.
 *
 * <p>Stateless and immutable, apart from what the nodes it is given hold.
 */
final class BlockValidator {
  private final ChainParameters parameters;
  private final PocContract poc;

  BlockValidator(ChainParameters parameters) {
    this.parameters = Objects.requireNonNull(parameters, "parameters");
    this.poc = new PocContract(parameters.poc());
  }

  /** The challenge block {@code index} answers on a branch through {@code parent}. */
  Hash challenge(BlockNode parent, long index) {
    long sourceIndex = ChallengeSchedule.sourceIndex(index, parameters.challengeLag());
    BlockNode source = parent;
    while (source.index > sourceIndex) {
      source = source.parent;
    }
    return ChallengeSchedule.challenge(index, source.id);
  }

  /**
   * Checks where {@code block} stands: on a valid parent, at the next index, in time, answering the
   * right challenge.
   *
   * @param nowMillis the caller's clock, for the bound on timestamps ahead of it
   * @return the challenge it answers
   * @throws InvalidLedgerInputException {@code BAD_LINK}, {@code BAD_TIME} or {@code
   *     WRONG_CHALLENGE}
   */
  Hash checkPosition(Block block, BlockNode parent, long nowMillis)
      throws InvalidLedgerInputException {
    if (parent.invalid != null) {
      throw new InvalidLedgerInputException(
          Reason.BAD_LINK, "the parent is invalid: " + parent.invalid.getMessage());
    }
    if (block.index() != parent.index + 1) {
      throw new InvalidLedgerInputException(
          Reason.BAD_LINK, "index " + block.index() + " after parent " + parent.index);
    }
    long time = block.tau().timeMillis();
    if (time - parent.timeMillis < parameters.blockIntervalMillis()) {
      throw new InvalidLedgerInputException(
          Reason.BAD_TIME, "less than the block interval after the parent");
    }
    long latest =
        nowMillis > Long.MAX_VALUE - parameters.maxClockDriftMillis()
            ? Long.MAX_VALUE
            : nowMillis + parameters.maxClockDriftMillis();
    if (time > latest) {
      throw new InvalidLedgerInputException(Reason.BAD_TIME, "timestamp in the future");
    }
    Hash challenge = challenge(parent, block.index());
    if (!block.phi().challenge().equals(challenge)) {
      throw new InvalidLedgerInputException(
          Reason.WRONG_CHALLENGE, "phi answers another challenge than its position fixes");
    }
    return challenge;
  }

  /**
   * Checks the signatures and proofs of {@code block}, which {@link #checkPosition} accepted.
   *
   * @param challenge the challenge {@code checkPosition} returned
   * @return the block's node, not yet held
   * @throws InvalidLedgerInputException the first rule it breaks
   */
  BlockNode checkProofs(Block block, BlockNode parent, Hash challenge)
      throws InvalidLedgerInputException {
    block.checkSignatures(parent.sigmaDigest);
    ElectionContribution winner = checkContribution(block.phi().proof(), challenge);
    TreeSet<Bytes> contributors = new TreeSet<>();
    contributors.add(block.contributor().encoded());
    for (ContributionProof c : block.tau().contributions()) {
      ElectionContribution e = checkContribution(c, challenge);
      if (!contributors.add(c.contributor().encoded())) {
        throw new InvalidLedgerInputException(
            Reason.DUPLICATE, "two contributions of one contributor");
      }
      if (ProofQuality.ORDER.compare(winner, e) >= 0) {
        throw new InvalidLedgerInputException(
            Reason.NOT_ELECTED, "tau carries a contribution that beats phi's");
      }
    }
    return BlockNode.child(parent, block, ProofQuality.of(winner), nextCheckpoint(block, parent));
  }

  /**
   * The node of a block read back from the chain's own store, on its held parent: its position is
   * checked again (cheap: it decides the links every later check relies on), its proofs are not.
   *
   * @throws StoreException if the block does not follow its parent
   */
  BlockNode reload(Block block, BlockNode parent) {
    if (parent.index + 1 != block.index()) {
      throw new StoreException("stored block " + block.id() + " has no stored parent");
    }
    Hash challenge = challenge(parent, block.index());
    if (!block.phi().challenge().equals(challenge)) {
      throw new StoreException("stored block " + block.id() + " answers another challenge");
    }
    long next;
    try {
      next = nextCheckpoint(block, parent);
    } catch (InvalidLedgerInputException e) {
      throw new StoreException("stored block " + block.id() + " has a checkpoint out of sequence");
    }
    return BlockNode.child(
        parent, block, ProofQuality.of(block.phi().proof().election(challenge)), next);
  }

  private static long nextCheckpoint(Block block, BlockNode parent)
      throws InvalidLedgerInputException {
    if (block.tau().checkpoint().isEmpty()) {
      return parent.nextCheckpoint;
    }
    if (block.tau().checkpoint().get().number() != parent.nextCheckpoint) {
      throw new InvalidLedgerInputException(
          Reason.BAD_LINK, "DAG checkpoint out of sequence, expected " + parent.nextCheckpoint);
    }
    return parent.nextCheckpoint + 1;
  }

  /**
   * Checks one contribution without state: its commitment follows the {@code poc} rules and it
   * claims some bandwidth. Its proof of space is checked with the weights, against the registered
   * commitment ({@link #checkWeight}).
   *
   * @return its election input for the round
   * @throws InvalidLedgerInputException {@code CONTRACT_RULE} or {@code BAD_PROOF}
   */
  ElectionContribution checkContribution(ContributionProof c, Hash challenge)
      throws InvalidLedgerInputException {
    poc.checkCommitmentRules(c.commitment(), c.contributor());
    if (c.bandwidth() == 0) {
      throw new InvalidLedgerInputException(
          Reason.BAD_PROOF, "a contribution without bandwidth has no weight");
    }
    return c.election(challenge);
  }

  /**
   * Checks the weights {@code block} claims (phi's contribution, then tau's in order) against the
   * {@code poc} entries of its parent's post-state. The same function on the same entries wherever
   * it runs, so a block refused early is one applying would refuse for the same reason.
   *
   * @param parentEntries the {@code poc} contract's entries after the parent (key to value)
   * @throws InvalidLedgerInputException {@code NOT_FOUND} or {@code BAD_PROOF}
   */
  void checkWeights(Block block, Function<Bytes, Optional<Bytes>> parentEntries)
      throws InvalidLedgerInputException {
    Hash challenge = block.phi().challenge();
    checkWeight(block.phi().proof(), challenge, block.index(), parentEntries);
    for (ContributionProof c : block.tau().contributions()) {
      checkWeight(c, challenge, block.index(), parentEntries);
    }
  }

  /**
   * Checks one contribution to block {@code index}, answering {@code challenge}, against the {@code
   * poc} entries of the parent's post-state: its commitment is the one its contributor registered,
   * its proof of space answers the challenge for that registered (so verified) commitment, its
   * bandwidth is the one recorded.
   *
   * @throws InvalidLedgerInputException {@code NOT_FOUND} or {@code BAD_PROOF}
   */
  void checkWeight(
      ContributionProof c, Hash challenge, long index, Function<Bytes, Optional<Bytes>> entries)
      throws InvalidLedgerInputException {
    Optional<VerifiedSpaceCommitment> registered = registeredCommitment(entries, c.contributor());
    if (registered.isEmpty() || !registered.get().commitment().equals(c.commitment())) {
      throw new InvalidLedgerInputException(
          Reason.NOT_FOUND, "the contributor did not register this commitment");
    }
    try {
      SpaceVerifier.checkStorage(
          registered.get(),
          ContributionProof.seed(challenge),
          parameters.storageChallenges(),
          c.proof());
    } catch (InvalidStorageProofException e) {
      throw new InvalidLedgerInputException(
          Reason.BAD_PROOF, "proof of space: " + e.getMessage(), e);
    }
    long m = bandwidth(entries, c.contributor(), index);
    if (m != c.bandwidth()) {
      throw new InvalidLedgerInputException(
          Reason.BAD_PROOF, "claimed bandwidth " + c.bandwidth() + ", the ledger records " + m);
    }
  }

  /** The commitment {@code owner} registered, as {@code entries} record it. */
  Optional<VerifiedSpaceCommitment> registeredCommitment(
      Function<Bytes, Optional<Bytes>> entries, PublicKey owner) {
    return PocContract.registeredCommitment(entries, owner);
  }

  /** The bandwidth {@code M} of {@code contributor} for block {@code index}, as recorded. */
  long bandwidth(Function<Bytes, Optional<Bytes>> entries, PublicKey contributor, long index) {
    return poc.bandwidthForBlock(entries, contributor, index);
  }

  /**
   * The transactions tau carries, decoded.
   *
   * @throws InvalidLedgerInputException if one does not decode
   */
  static List<SignedTransaction> transactions(Block block) throws InvalidLedgerInputException {
    List<SignedTransaction> transactions = new ArrayList<>(block.tau().transactions().size());
    for (Bytes t : block.tau().transactions()) {
      transactions.add(SignedTransaction.decode(t));
    }
    return transactions;
  }

  /**
   * Checks that applying the block's transactions gave the state root tau claims.
   *
   * @throws InvalidLedgerInputException {@code BAD_STATE_ROOT}
   */
  static void checkStateRoot(Block block, BlockEffects effects) throws InvalidLedgerInputException {
    if (!effects.rootAfter().equals(block.tau().stateRoot())) {
      throw new InvalidLedgerInputException(
          Reason.BAD_STATE_ROOT, "the transactions give another state root than tau claims");
    }
  }

  @Override
  public String toString() {
    return "BlockValidator[" + parameters + "]";
  }
}
