package org.cybervein.ledger.transaction;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.wire.SignedEnvelope;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.envelope.EnvelopeSigner;
import org.cybervein.crypto.envelope.EnvelopeVerifier;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;

/**
 * A transaction signed by its sender, as it travels and as blocks carry it: a {@link
 * SignedEnvelope} with payload type {@value #PAYLOAD_TYPE} whose body is the canonical {@code
 * LedgerTransaction} encoding and whose signer is the transaction's sender.
 *
 * <p>Instances exist only through {@link #sign} or {@link #decode}, so every instance has a valid
 * signature by its sender; the ledger does not check it again. Immutable and thread-safe; equal
 * when the encodings are equal.
 */
public final class SignedTransaction {
  /** The envelope payload type of a transaction. */
  public static final String PAYLOAD_TYPE = "cybervein.v1.LedgerTransaction";

  /**
   * The largest encoded signed transaction {@link #decode} accepts: room for a contract call with
   * the largest input plus the envelope around it.
   */
  public static final int MAX_ENCODED_SIZE = ContractCall.MAX_INPUT_SIZE + 4096;

  /** The tag of the transaction id hash. */
  public static final DomainTag ID_TAG = DomainTag.of("cybervein/ledger/transaction-id/v1");

  private final Transaction transaction;
  private final SignedEnvelope envelope;
  private final Bytes encoded;
  private final Hash id;

  private SignedTransaction(Transaction transaction, SignedEnvelope envelope, Bytes encoded) {
    this.transaction = transaction;
    this.envelope = envelope;
    this.encoded = encoded;
    this.id = HashFunction.SHA256.hash(ID_TAG, envelope.body());
  }

  /**
   * Signs {@code transaction} with {@code key}.
   *
   * @param transaction the transaction to sign
   * @param key the sender's private key
   * @return the signed transaction
   * @throws IllegalArgumentException if {@code key} is not the transaction's sender key
   */
  public static SignedTransaction sign(Transaction transaction, Ed25519PrivateKey key) {
    Objects.requireNonNull(transaction, "transaction");
    Objects.requireNonNull(key, "key");
    if (!key.publicKey().equals(transaction.sender())) {
      throw new IllegalArgumentException("the transaction's sender is another key than " + key);
    }
    SignedEnvelope envelope =
        EnvelopeSigner.of(key).sign(PAYLOAD_TYPE, TransactionCodec.encode(transaction));
    return new SignedTransaction(transaction, envelope, envelope.encode());
  }

  /**
   * Decodes and verifies a signed transaction received from outside.
   *
   * @param encoded the envelope bytes, untrusted
   * @return the verified transaction
   * @throws InvalidLedgerInputException {@code OVERSIZED} above {@link #MAX_ENCODED_SIZE} (checked
   *     first) or for an oversized contract input; {@code MALFORMED} if the bytes are not the
   *     canonical envelope of a canonical, valid transaction body with payload type {@value
   *     #PAYLOAD_TYPE}; {@code BAD_SIGNATURE} if the signer is not the sender or the signature does
   *     not verify
   */
  public static SignedTransaction decode(Bytes encoded) throws InvalidLedgerInputException {
    Objects.requireNonNull(encoded, "encoded");
    if (encoded.size() > MAX_ENCODED_SIZE) {
      throw new InvalidLedgerInputException(
          Reason.OVERSIZED,
          "signed transaction of " + encoded.size() + " bytes exceeds " + MAX_ENCODED_SIZE);
    }
    SignedEnvelope envelope;
    try {
      envelope = SignedEnvelope.decode(encoded, MAX_ENCODED_SIZE);
    } catch (InvalidEncodingException e) {
      throw new InvalidLedgerInputException(
          Reason.MALFORMED, "not a signed transaction: " + e.getMessage(), e);
    }
    if (!envelope.payloadType().equals(PAYLOAD_TYPE)) {
      throw new InvalidLedgerInputException(
          Reason.MALFORMED, "payload type " + envelope.payloadType() + " is not " + PAYLOAD_TYPE);
    }
    Transaction transaction = TransactionCodec.decode(envelope.body(), MAX_ENCODED_SIZE);
    if (!envelope.signer().equals(transaction.sender())) {
      throw new InvalidLedgerInputException(
          Reason.BAD_SIGNATURE, "envelope signed by another key than the sender");
    }
    try {
      EnvelopeVerifier.open(envelope);
    } catch (InvalidCryptoInputException e) {
      throw new InvalidLedgerInputException(
          Reason.BAD_SIGNATURE, "transaction signature: " + e.getMessage(), e);
    }
    return new SignedTransaction(transaction, envelope, encoded);
  }

  /**
   * The transaction, authenticated by its sender's signature.
   *
   * @return the transaction
   */
  public Transaction transaction() {
    return transaction;
  }

  /**
   * The envelope as it travels.
   *
   * @return the signed envelope
   */
  public SignedEnvelope envelope() {
    return envelope;
  }

  /**
   * The canonical encoding of the envelope; {@link #decode} of it gives an equal object.
   *
   * @return the encoded envelope
   */
  public Bytes encoded() {
    return encoded;
  }

  /**
   * The transaction id: the SHA-256 tagged {@code cybervein/ledger/transaction-id/v1} of the body
   * bytes. It does not cover the signature, so re-signing the same transaction keeps its id.
   *
   * @return the transaction id
   */
  public Hash id() {
    return id;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedTransaction other && encoded.equals(other.encoded);
  }

  @Override
  public int hashCode() {
    return encoded.hashCode();
  }

  @Override
  public String toString() {
    return "SignedTransaction[" + id.toHex().substring(0, 16) + ", " + transaction + "]";
  }
}
