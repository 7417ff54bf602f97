package org.cybervein.lightclient;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.api.Signature;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.crypto.sign.Ed25519Verifier;
import org.cybervein.lightclient.InvalidLightClientInputException.Reason;
import org.cybervein.storageproofs.poc.Election;
import org.cybervein.storageproofs.poc.ElectionContribution;
import org.cybervein.storageproofs.pospace.SpaceCommitment;

/**
 * The rules of one header against its trusted parent, in the order the ledger's chain runs them, so
 * that the first broken rule gives the reason a full node gives. Stateless.
 */
final class HeaderRules {
  static final DomainTag GENESIS_TAG = DomainTag.of("cybervein/ledger/chain-genesis/v1");
  static final DomainTag CHALLENGE_TAG = DomainTag.of("cybervein/ledger/challenge/v1");
  static final DomainTag SIGN_PARENT = DomainTag.of("cybervein/ledger/sign-phi-parent/v1");
  static final DomainTag SIGN_TAU = DomainTag.of("cybervein/ledger/sign-tau/v1");
  static final DomainTag SIGN_PREVIOUS = DomainTag.of("cybervein/ledger/sign-sigma-previous/v1");
  static final DomainTag MU_TAG = DomainTag.of("cybervein/ledger/poc/mu/v1");
  static final DomainTag COMMITMENT_ID_TAG = DomainTag.of("cybervein/ledger/poc/commitment-id/v1");

  private HeaderRules() {}

  static Hash genesisId(Hash genesisRoot, long genesisTimeMillis) {
    return HashFunction.SHA256
        .newHasher(GENESIS_TAG)
        .update(genesisRoot)
        .updateLong(genesisTimeMillis)
        .digest();
  }

  static Hash challenge(long index, Hash source) {
    return HashFunction.SHA256.newHasher(CHALLENGE_TAG).updateLong(index).update(source).digest();
  }

  /** What a signature of {@code tag} over these parts signs: their tagged hash's 32 bytes. */
  static Bytes signingInput(DomainTag tag, long index, Hash first, Hash second) {
    return HashFunction.SHA256
        .newHasher(tag)
        .updateLong(index)
        .update(first)
        .update(second)
        .digest()
        .toBytes();
  }

  /**
   * Checks {@code h} against its parent; the caller found {@code parent} by the id phi names and
   * {@code source} at the challenge source height of the same trusted chain.
   */
  static void check(
      LightClientParameters p,
      LedgerHeader h,
      HeaderUpdate update,
      TrustedBlock parent,
      TrustedBlock source,
      long nowMillis)
      throws InvalidLightClientInputException {
    if (h.index() != parent.height() + 1) {
      throw new InvalidLightClientInputException(
          Reason.BAD_LINK, "index " + h.index() + " after parent " + parent.height());
    }
    if (h.timeMillis() - parent.timeMillis() < p.blockIntervalMillis()) {
      throw new InvalidLightClientInputException(
          Reason.BAD_TIME, "less than the block interval after the parent");
    }
    long latest =
        nowMillis > Long.MAX_VALUE - p.maxClockDriftMillis()
            ? Long.MAX_VALUE
            : nowMillis + p.maxClockDriftMillis();
    if (h.timeMillis() > latest) {
      throw new InvalidLightClientInputException(Reason.BAD_TIME, "timestamp in the future");
    }
    Hash challenge = challenge(h.index(), source.blockId());
    if (!h.challenge().equals(challenge)) {
      throw new InvalidLightClientInputException(
          Reason.WRONG_CHALLENGE, "phi answers another challenge than its position fixes");
    }
    checkSignatures(h, parent.sigmaDigest());
    ElectionContribution winner = checkContribution(p, h.winner(), challenge);
    Set<Bytes> contributors = new HashSet<>();
    contributors.add(h.contributor().encoded());
    for (Contribution c : h.contributions()) {
      ElectionContribution e = checkContribution(p, c, challenge);
      if (!contributors.add(c.contributor().encoded())) {
        throw new InvalidLightClientInputException(
            Reason.DUPLICATE, "two contributions of one contributor");
      }
      if (beatsOrTies(e, winner)) {
        throw new InvalidLightClientInputException(
            Reason.NOT_ELECTED, "tau carries a contribution that beats phi's");
      }
    }
    if (h.checkpointNumber().isPresent() && h.checkpointNumber().get() != parent.nextCheckpoint()) {
      throw new InvalidLightClientInputException(
          Reason.BAD_LINK, "DAG checkpoint out of sequence, expected " + parent.nextCheckpoint());
    }
    checkWeight(p, h, update, parent.stateRoot());
  }

  /** Whether {@code e} wins the round against {@code winner}, or ties it: the election's order. */
  private static boolean beatsOrTies(ElectionContribution e, ElectionContribution winner) {
    int byKey = Double.compare(Election.raceKey(e), Election.raceKey(winner));
    if (byKey != 0) {
      return byKey < 0;
    }
    return e.proofDigest().compareTo(winner.proofDigest()) <= 0;
  }

  private static void checkSignatures(LedgerHeader h, Hash previousSigmaDigest)
      throws InvalidLightClientInputException {
    Ed25519Verifier verifier;
    try {
      verifier = Ed25519Verifier.of(h.contributor());
    } catch (InvalidCryptoInputException e) {
      throw new InvalidLightClientInputException(
          Reason.BAD_SIGNATURE, "invalid contributor key", e);
    }
    long i = h.index();
    verify(
        verifier,
        signingInput(SIGN_PARENT, i, h.parent(), h.challenge()),
        h.parentSignature(),
        "phi's signature on the parent");
    verify(
        verifier,
        signingInput(SIGN_TAU, i, h.id(), h.tauDigest()),
        h.transactionsSignature(),
        "sigma's signature on tau");
    verify(
        verifier,
        signingInput(SIGN_PREVIOUS, i, h.id(), previousSigmaDigest),
        h.previousSignature(),
        "sigma's signature on the previous sigma");
  }

  private static void verify(Ed25519Verifier v, Bytes input, Signature s, String what)
      throws InvalidLightClientInputException {
    if (!v.verify(input, s)) {
      throw new InvalidLightClientInputException(Reason.BAD_SIGNATURE, what);
    }
  }

  /**
   * The stateless checks of one contribution: commitment rules and bandwidth. Its proof of space is
   * checked only against a registered commitment (a storage proof binds gamma, n and the seed, not
   * mu), which the client can prove for the winner alone: see {@link #checkWeight}.
   */
  private static ElectionContribution checkContribution(
      LightClientParameters p, Contribution c, Hash challenge)
      throws InvalidLightClientInputException {
    SpaceCommitment commitment = c.commitment();
    if (!commitment.graph().equals(p.graph())) {
      throw new InvalidLightClientInputException(
          Reason.CONTRACT_RULE, "commitment to another graph");
    }
    long n = commitment.nodeCount();
    if (n < p.minNodeCount() || n > p.maxNodeCount()) {
      throw new InvalidLightClientInputException(
          Reason.CONTRACT_RULE, "node count " + n + " outside the rules' range");
    }
    if (!commitment.mu().equals(mu(c.contributor()))) {
      throw new InvalidLightClientInputException(
          Reason.CONTRACT_RULE, "the commitment's mu is not the contributor's identity");
    }
    if (c.bandwidth() == 0) {
      throw new InvalidLightClientInputException(
          Reason.BAD_PROOF, "a contribution without bandwidth has no weight");
    }
    return c.election(challenge);
  }

  static Hash mu(PublicKey key) {
    return HashFunction.SHA256.newHasher(MU_TAG).update(key.encoded()).digest();
  }

  static Hash commitmentId(SpaceCommitment commitment) {
    return HashFunction.SHA256.hash(COMMITMENT_ID_TAG, commitment.encode());
  }

  /**
   * The winner's weight, in the parent's post-state: its commitment is the one registered, its
   * proof of space answers the challenge against that registered commitment, its bandwidth the one
   * recorded for the block's window and the one before.
   */
  private static void checkWeight(
      LightClientParameters p, LedgerHeader h, HeaderUpdate update, Hash parentRoot)
      throws InvalidLightClientInputException {
    PublicKey contributor = h.contributor();
    Optional<Bytes> id =
        StateProofs.provenValue(
            parentRoot, LedgerStateKeys.pocRegistration(contributor), update.registration());
    if (id.isEmpty() || !id.get().equals(commitmentId(h.winner().commitment()).toBytes())) {
      throw new InvalidLightClientInputException(
          Reason.NOT_FOUND, "the contributor did not register this commitment");
    }
    SpaceCheck.checkRegistered(h.winner(), h.challenge(), p.storageChallenges());
    long w = p.window(h.index());
    long m = total(parentRoot, contributor, w, update.bandwidth());
    if (w >= 1) {
      m += total(parentRoot, contributor, w - 1, update.previousBandwidth());
      if (m < 0) {
        m = Long.MAX_VALUE;
      }
    }
    if (m != h.winner().bandwidth()) {
      throw new InvalidLightClientInputException(
          Reason.BAD_PROOF,
          "claimed bandwidth " + h.winner().bandwidth() + ", the ledger records " + m);
    }
  }

  private static long total(Hash root, PublicKey provider, long window, ProvenEntry entry)
      throws InvalidLightClientInputException {
    Optional<Bytes> value =
        StateProofs.provenValue(root, LedgerStateKeys.pocBandwidth(provider, window), entry);
    if (value.isEmpty()) {
      return 0;
    }
    if (value.get().size() != Long.BYTES) {
      throw new InvalidLightClientInputException(Reason.MALFORMED, "a bandwidth total is 8 bytes");
    }
    long total = ByteBuffer.wrap(value.get().toByteArray()).getLong();
    if (total < 0) {
      throw new InvalidLightClientInputException(Reason.MALFORMED, "bandwidth total out of range");
    }
    return total;
  }
}
