package org.cybervein.ledger.block;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.api.wire.v1.LedgerBlockProto;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.crypto.sign.Ed25519Verifier;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;

/**
 * A block {@code beta_i = (phi_i, sigma_i, tau_i)}. Its {@link #id()} is the tagged hash of the
 * encoding of {@code phi_i} alone. Immutable; the encoding and digests are computed once.
 *
 * <p>What this class checks by itself ({@link #decode}, {@link #checkSignatures}): the encoding,
 * equal indices in the three parts, and the contributor's three signatures. What needs the chain
 * (the parent, the challenge schedule, the proofs, the state) is checked by {@code
 * org.cybervein.ledger.chain.Chain}.
 */
public final class Block {
  /** The largest encoded block {@link #decode} reads (4 MiB). */
  public static final int MAX_ENCODED_SIZE = 4 << 20;

  /** The most transactions in one block. */
  public static final int MAX_TRANSACTIONS = 4096;

  /** The most contributions {@code tau_i} may carry besides {@code phi_i}'s. */
  public static final int MAX_CONTRIBUTIONS = 64;

  private final HashSubBlock phi;
  private final SignatureSubBlock sigma;
  private final TransactionSubBlock tau;
  private final Bytes encoded;
  private final Hash id;
  private final Hash sigmaDigest;
  private final Hash tauDigest;

  /**
   * Assembles a block from its parts.
   *
   * @param phi the hash sub-block phi_i
   * @param sigma the signature sub-block sigma_i
   * @param tau the transaction sub-block tau_i
   * @throws IllegalArgumentException if the indices differ or the encoding exceeds {@link
   *     #MAX_ENCODED_SIZE}
   */
  public Block(HashSubBlock phi, SignatureSubBlock sigma, TransactionSubBlock tau) {
    this.phi = Objects.requireNonNull(phi, "phi");
    this.sigma = Objects.requireNonNull(sigma, "sigma");
    this.tau = Objects.requireNonNull(tau, "tau");
    if (phi.index() != sigma.index() || phi.index() != tau.index()) {
      throw new IllegalArgumentException("phi, sigma and tau must have the same index");
    }
    // One protobuf build; the parts' digests hash its sub-messages' bytes, the same bytes the
    // parts encode to on their own.
    LedgerBlockProto.Block proto = BlockWire.toProto(this);
    this.encoded = Bytes.of(proto.toByteArray());
    if (encoded.size() > MAX_ENCODED_SIZE) {
      throw new IllegalArgumentException("block of " + encoded.size() + " bytes is too large");
    }
    this.id =
        BlockDigests.of(BlockDigests.BLOCK_ID, Bytes.of(proto.getHashSubBlock().toByteArray()));
    this.sigmaDigest =
        BlockDigests.of(BlockDigests.SIGMA, Bytes.of(proto.getSignatureSubBlock().toByteArray()));
    this.tauDigest =
        BlockDigests.of(BlockDigests.TAU, Bytes.of(proto.getTransactionSubBlock().toByteArray()));
  }

  /**
   * Builds and signs a block: {@code sigma_i} signs {@code tau} and the previous sigma.
   *
   * @param previousSigmaDigest {@link #sigmaDigest()} of the parent, or the genesis id for block 1
   * @param phi the hash sub-block, with the winner's contribution
   * @param tau the transactions of the block
   * @param key the contributor's private key
   * @return the signed block
   * @throws IllegalArgumentException if {@code key} is not phi's contributor or the parts disagree
   */
  public static Block sign(
      HashSubBlock phi, TransactionSubBlock tau, Hash previousSigmaDigest, Ed25519PrivateKey key) {
    if (!key.publicKey().equals(phi.proof().contributor())) {
      throw new IllegalArgumentException("the key is not phi's contributor");
    }
    Hash id = idOf(phi);
    return new Block(
        phi, SignatureSubBlock.sign(phi.index(), id, tau.digest(), previousSigmaDigest, key), tau);
  }

  /**
   * The id of the block whose hash sub-block is {@code phi}.
   *
   * @param phi the hash sub-block
   * @return the block id
   */
  public static Hash idOf(HashSubBlock phi) {
    return BlockDigests.of(BlockDigests.BLOCK_ID, BlockWire.encode(phi));
  }

  /**
   * Decodes a block from outside.
   *
   * @param encoded the received bytes
   * @return the block, with its signatures and contents not yet validated against a chain
   * @throws InvalidLedgerInputException {@code OVERSIZED} above {@link #MAX_ENCODED_SIZE}, {@code
   *     MALFORMED} or {@code NON_CANONICAL} for bytes that are not the canonical encoding of a
   *     block whose parts are complete and agree
   */
  public static Block decode(Bytes encoded) throws InvalidLedgerInputException {
    return BlockWire.decode(encoded);
  }

  /**
   * Checks the contributor's signatures: on the parent in {@code phi}, and in {@code sigma} on
   * {@code tau} and on the previous sigma.
   *
   * @param previousSigmaDigest the parent's {@link #sigmaDigest()}, or the genesis id for block 1
   * @throws InvalidLedgerInputException {@code BAD_SIGNATURE} naming the signature that failed
   */
  public void checkSignatures(Hash previousSigmaDigest) throws InvalidLedgerInputException {
    Ed25519Verifier verifier;
    try {
      verifier = Ed25519Verifier.of(contributor());
    } catch (InvalidCryptoInputException e) {
      throw new InvalidLedgerInputException(Reason.BAD_SIGNATURE, "invalid contributor key", e);
    }
    long i = index();
    if (!verifier.verify(
        BlockDigests.signingInput(BlockDigests.SIGN_PARENT, i, phi.parent(), phi.challenge()),
        phi.parentSignature())) {
      throw new InvalidLedgerInputException(Reason.BAD_SIGNATURE, "phi's signature on the parent");
    }
    if (!verifier.verify(
        BlockDigests.signingInput(BlockDigests.SIGN_TAU, i, id, tauDigest),
        sigma.transactionsSignature())) {
      throw new InvalidLedgerInputException(Reason.BAD_SIGNATURE, "sigma's signature on tau");
    }
    if (!verifier.verify(
        BlockDigests.signingInput(BlockDigests.SIGN_PREVIOUS, i, id, previousSigmaDigest),
        sigma.previousSignature())) {
      throw new InvalidLedgerInputException(
          Reason.BAD_SIGNATURE, "sigma's signature on the previous sigma");
    }
  }

  /**
   * {@code phi_i}.
   *
   * @return phi_i
   */
  public HashSubBlock phi() {
    return phi;
  }

  /**
   * {@code sigma_i}.
   *
   * @return sigma_i
   */
  public SignatureSubBlock sigma() {
    return sigma;
  }

  /**
   * {@code tau_i}.
   *
   * @return tau_i
   */
  public TransactionSubBlock tau() {
    return tau;
  }

  /**
   * The block id: the tagged hash of {@code phi_i}'s encoding.
   *
   * @return the block id
   */
  public Hash id() {
    return id;
  }

  /**
   * The index {@code i}.
   *
   * @return i, the height of the block
   */
  public long index() {
    return phi.index();
  }

  /**
   * The parent's id.
   *
   * @return the id of block i - 1
   */
  public Hash parent() {
    return phi.parent();
  }

  /**
   * The key of the contributor who won the round and signed the block.
   *
   * @return the contributor's public key
   */
  public PublicKey contributor() {
    return phi.proof().contributor();
  }

  /**
   * The digest of {@code tau_i} that {@code sigma_i} signs ({@link TransactionSubBlock#digest}).
   *
   * @return the tau digest
   */
  public Hash tauDigest() {
    return tauDigest;
  }

  /**
   * The digest of {@code sigma_i} that the next block's sigma signs.
   *
   * @return the sigma digest
   */
  public Hash sigmaDigest() {
    return sigmaDigest;
  }

  /**
   * The canonical encoding ({@code cybervein.v1.Block}).
   *
   * @return the encoded block
   */
  public Bytes encoded() {
    return encoded;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Block other && encoded.equals(other.encoded);
  }

  @Override
  public int hashCode() {
    return encoded.hashCode();
  }

  @Override
  public String toString() {
    return "Block[" + index() + ", id=" + id.toHex().substring(0, 12) + "]";
  }
}
