package org.cybervein.ledger.contract.btcswap;

import com.google.protobuf.ByteString;
import java.util.Objects;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.v1.BtcSwapProto;
import org.cybervein.api.wire.v1.TypesProto;
import org.cybervein.bitcoin.Hash256;
import org.cybervein.bitcoin.InvalidBitcoinDataException;
import org.cybervein.bitcoin.merkle.TxMerkleProof;
import org.cybervein.bitcoin.transaction.BitcoinTransaction;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.ContractWire;
import org.cybervein.ledger.contract.htlc.Timelock;

/**
 * One call of the CVT &lt;-&gt; BTC swap contract, the input of a {@code ContractCall} to {@link
 * BtcSwapContract#ID}. {@link #encode()} gives the input bytes; {@link #decode} reads untrusted
 * ones (message {@code BtcSwapCall} of {@code btc_swap.proto}).
 */
public sealed interface BtcSwapCall {
  /** The largest raw Bitcoin transaction a release carries (Bitcoin's standardness limit). */
  int MAX_TRANSACTION_SIZE = 100_000;

  /** The largest encoded call accepted: a release with the largest transaction and proof. */
  int MAX_ENCODED_SIZE = MAX_TRANSACTION_SIZE + TxMerkleProof.MAX_DEPTH * Hash256.SIZE + 512;

  /** The most confirmations a swap may ask for (a week of Bitcoin blocks). */
  int MAX_CONFIRMATIONS = 1000;

  /**
   * The canonical encoding, the bytes a transaction carries.
   *
   * @return the canonical bytes
   */
  Bytes encode();

  /**
   * The seller locks {@code amount} of its CVT for {@code buyer} against {@code payment}; the
   * swap's id is {@code SwapId.of(seller, lockNonce)}.
   *
   * @param buyer who receives the CVT once the payment is proved
   * @param amount at least 1 base unit
   * @param payment the agreed Bitcoin output
   * @param confirmations k, 1 to {@link #MAX_CONFIRMATIONS}
   * @param earliestBitcoinHeight the lowest Bitcoin height of the paying block, 0 for any: a height
   *     at or above the relay's tip when the swap is agreed makes earlier payments to the same
   *     script useless
   * @param timelock when the lock expires; must not have expired in the locking block
   * @param lockNonce a number the seller has not used for a swap before
   */
  record Lock(
      Address buyer,
      Amount amount,
      BtcPayment payment,
      int confirmations,
      long earliestBitcoinHeight,
      Timelock timelock,
      long lockNonce)
      implements BtcSwapCall {
    /**
     * Checks the parts.
     *
     * @param buyer who receives the CVT
     * @param amount at least 1 base unit
     * @param payment the agreed Bitcoin output
     * @param confirmations 1 to {@link #MAX_CONFIRMATIONS}
     * @param earliestBitcoinHeight 0 or more
     * @param timelock when the lock expires
     * @param lockNonce the seller's nonce
     * @throws IllegalArgumentException if a part is out of range
     */
    public Lock {
      Objects.requireNonNull(buyer, "buyer");
      Objects.requireNonNull(amount, "amount");
      Objects.requireNonNull(payment, "payment");
      Objects.requireNonNull(timelock, "timelock");
      if (amount.isZero()) {
        throw new IllegalArgumentException("a swap holds at least 1 base unit");
      }
      if (confirmations < 1 || confirmations > MAX_CONFIRMATIONS) {
        throw new IllegalArgumentException("confirmations are 1 to " + MAX_CONFIRMATIONS);
      }
      if (earliestBitcoinHeight < 0) {
        throw new IllegalArgumentException("a Bitcoin height is 0 or more");
      }
    }

    /**
     * The id the swap will have when {@code seller} makes this call.
     *
     * @param seller the caller's address
     * @return {@code SwapId.of(seller, lockNonce)}
     */
    public SwapId idFor(Address seller) {
      return SwapId.of(seller, lockNonce);
    }

    @Override
    public Bytes encode() {
      return wrap(
          BtcSwapProto.BtcSwapCall.newBuilder()
              .setLock(
                  BtcSwapProto.BtcSwapLock.newBuilder()
                      .setBuyer(ContractWire.address(buyer))
                      .setAmount(ApiTypesCodec.toProto(amount))
                      .setValueSatoshis(payment.valueSatoshis())
                      .setOutputScript(bytes(payment.outputScript()))
                      .setConfirmations(confirmations)
                      .setEarliestBitcoinHeight(earliestBitcoinHeight)
                      .setTimelock(timelock.toProto())
                      .setLockNonce(lockNonce)));
    }
  }

  /**
   * Anyone proves that {@code transaction}'s output {@code outputIndex} pays swap {@code swap}'s
   * agreed output, in block {@code blockHash} by {@code proof}; the CVT goes to the buyer.
   *
   * @param swap the swap's id
   * @param transaction the paying Bitcoin transaction
   * @param outputIndex the paying output's index
   * @param blockHash the block holding the transaction, wire order
   * @param proof the transaction's Merkle proof in that block
   */
  record Release(
      SwapId swap,
      BitcoinTransaction transaction,
      int outputIndex,
      Hash256 blockHash,
      TxMerkleProof proof)
      implements BtcSwapCall {
    /**
     * Checks the parts.
     *
     * @param swap the swap's id
     * @param transaction the paying transaction
     * @param outputIndex 0 or more
     * @param blockHash the block's hash
     * @param proof the Merkle proof
     * @throws IllegalArgumentException if the output index is negative
     */
    public Release {
      Objects.requireNonNull(swap, "swap");
      Objects.requireNonNull(transaction, "transaction");
      Objects.requireNonNull(blockHash, "blockHash");
      Objects.requireNonNull(proof, "proof");
      if (outputIndex < 0) {
        throw new IllegalArgumentException("an output index is 0 or more");
      }
    }

    /**
     * The output this release consumes.
     *
     * @return the transaction's id and the output index
     */
    public BitcoinOutpoint outpoint() {
      return new BitcoinOutpoint(transaction.txid(), outputIndex);
    }

    @Override
    public Bytes encode() {
      return wrap(
          BtcSwapProto.BtcSwapCall.newBuilder()
              .setRelease(
                  BtcSwapProto.BtcSwapRelease.newBuilder()
                      .setSwap(ApiTypesCodec.toProto(swap.value()))
                      .setTransaction(bytes(transaction.encode()))
                      .setOutputIndex(outputIndex)
                      .setBlockHash(bytes(blockHash.wireBytes()))
                      .setMerkleIndex(proof.index())
                      .setMerkleSiblings(bytes(proof.encodeSiblings()))));
    }
  }

  /**
   * The seller takes swap {@code swap}'s CVT back after it expired.
   *
   * @param swap the swap's id
   */
  record Refund(SwapId swap) implements BtcSwapCall {
    /**
     * Rejects null.
     *
     * @param swap the swap's id
     */
    public Refund {
      Objects.requireNonNull(swap, "swap");
    }

    @Override
    public Bytes encode() {
      return wrap(
          BtcSwapProto.BtcSwapCall.newBuilder()
              .setRefund(
                  BtcSwapProto.BtcSwapRefund.newBuilder()
                      .setSwap(ApiTypesCodec.toProto(swap.value()))));
    }
  }

  /**
   * Decodes a call from a transaction.
   *
   * @param input the transaction's call input
   * @return the call
   * @throws InvalidLedgerInputException {@code OVERSIZED} above {@link #MAX_ENCODED_SIZE} or for a
   *     transaction above {@link #MAX_TRANSACTION_SIZE} or a proof deeper than {@link
   *     TxMerkleProof#MAX_DEPTH}; {@code NON_CANONICAL} if not the canonical encoding (of the call,
   *     or of the Bitcoin transaction); {@code MALFORMED} if it does not parse, a field is missing
   *     or out of range, the Bitcoin transaction does not parse, the block hash is not 32 bytes or
   *     the Merkle siblings are not a whole number of hashes; {@code BAD_PROOF} for a Merkle index
   *     outside the proof's depth
   */
  static BtcSwapCall decode(Bytes input) throws InvalidLedgerInputException {
    return ContractWire.decodeCall(
        input,
        MAX_ENCODED_SIZE,
        BtcSwapProto.BtcSwapCall.getDefaultInstance(),
        BtcSwapCall::fromProto);
  }

  private static BtcSwapCall fromProto(BtcSwapProto.BtcSwapCall call)
      throws InvalidLedgerInputException {
    return switch (call.getKindCase()) {
      case LOCK -> {
        BtcSwapProto.BtcSwapLock l = call.getLock();
        Amount amount = ContractWire.amount(l.getAmount(), l.hasAmount(), "amount");
        if (!l.hasTimelock()) {
          throw new InvalidLedgerInputException(Reason.MALFORMED, "timelock missing");
        }
        yield new Lock(
            ContractWire.address(l.getBuyer(), "buyer"),
            amount,
            new BtcPayment(l.getValueSatoshis(), Bytes.of(l.getOutputScript().toByteArray())),
            l.getConfirmations(),
            ContractWire.nonNegative(l.getEarliestBitcoinHeight(), "earliest Bitcoin height"),
            Timelock.fromProto(l.getTimelock()),
            l.getLockNonce());
      }
      case RELEASE -> release(call.getRelease());
      case REFUND -> new Refund(swapId(call.getRefund().getSwap(), call.getRefund().hasSwap()));
      case KIND_NOT_SET -> throw new InvalidLedgerInputException(Reason.MALFORMED, "no call");
    };
  }

  private static Release release(BtcSwapProto.BtcSwapRelease r) throws InvalidLedgerInputException {
    SwapId swap = swapId(r.getSwap(), r.hasSwap());
    if (r.getTransaction().size() > MAX_TRANSACTION_SIZE) {
      throw new InvalidLedgerInputException(
          Reason.OVERSIZED,
          "a Bitcoin transaction is at most " + MAX_TRANSACTION_SIZE + " bytes here");
    }
    if (r.getBlockHash().size() != Hash256.SIZE) {
      throw new InvalidLedgerInputException(
          Reason.MALFORMED, "a block hash is 32 bytes, got " + r.getBlockHash().size());
    }
    if (r.getOutputIndex() < 0) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, "output index above 2^31");
    }
    try {
      BitcoinTransaction tx = BitcoinTransaction.parse(Bytes.of(r.getTransaction().toByteArray()));
      TxMerkleProof proof =
          TxMerkleProof.decode(r.getMerkleIndex(), Bytes.of(r.getMerkleSiblings().toByteArray()));
      return new Release(
          swap,
          tx,
          r.getOutputIndex(),
          new Hash256(Bytes.of(r.getBlockHash().toByteArray())),
          proof);
    } catch (InvalidBitcoinDataException e) {
      throw BtcSwapContract.refusal(e);
    }
  }

  private static SwapId swapId(TypesProto.Hash proto, boolean present)
      throws InvalidLedgerInputException {
    return new SwapId(ContractWire.hash(proto, present, "swap id"));
  }

  private static ByteString bytes(Bytes b) {
    return ByteString.copyFrom(b.toByteArray());
  }

  private static Bytes wrap(BtcSwapProto.BtcSwapCall.Builder call) {
    return Bytes.of(call.build().toByteArray());
  }
}
