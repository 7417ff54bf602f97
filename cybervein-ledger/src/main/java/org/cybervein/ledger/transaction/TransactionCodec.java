package org.cybervein.ledger.transaction;

import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.PublicKey;
import org.cybervein.api.SignatureAlgorithm;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.v1.LedgerProto;
import org.cybervein.crypto.CanonicalMessage;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.ContractId;

/** The protobuf form of {@link Transaction} ({@code LedgerTransaction}) in both directions. */
final class TransactionCodec {
  private TransactionCodec() {}

  static Bytes encode(Transaction tx) {
    LedgerProto.LedgerTransaction.Builder b =
        LedgerProto.LedgerTransaction.newBuilder()
            .setSender(ApiTypesCodec.toProto(tx.sender()))
            .setNonce(tx.nonce())
            .setFee(ApiTypesCodec.toProto(tx.fee()));
    if (tx.payload() instanceof Transfer t) {
      b.setTransfer(
          LedgerProto.LedgerTransfer.newBuilder()
              .setTo(ApiTypesCodec.toProto(t.to().value()))
              .setAmount(ApiTypesCodec.toProto(t.amount())));
    } else {
      ContractCall c = (ContractCall) tx.payload();
      b.setContractCall(
          LedgerProto.LedgerContractCall.newBuilder()
              .setContractName(c.contract().name())
              .setContractVersion(c.contract().version())
              .setInput(ApiTypesCodec.byteString(c.input())));
    }
    return Bytes.of(b.build().toByteArray());
  }

  /**
   * Decodes a transaction body of at most {@code maxSize} bytes; only the canonical encoding of a
   * valid transaction is accepted.
   */
  static Transaction decode(Bytes body, int maxSize) throws InvalidLedgerInputException {
    LedgerProto.LedgerTransaction p;
    try {
      p =
          CanonicalMessage.parse(
              body, maxSize, maxSize / 8 + 64, LedgerProto.LedgerTransaction.getDefaultInstance());
    } catch (InvalidCryptoInputException e) {
      throw new InvalidLedgerInputException(
          e.reason() == InvalidCryptoInputException.Reason.OVERSIZED
              ? Reason.OVERSIZED
              : Reason.MALFORMED,
          "transaction body: " + e.getMessage(),
          e);
    }
    if (!p.hasSender() || !p.hasFee()) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, "transaction without sender or fee");
    }
    try {
      PublicKey sender = ApiTypesCodec.fromProto(p.getSender());
      if (sender.algorithm() != SignatureAlgorithm.ED25519) {
        throw new InvalidLedgerInputException(Reason.MALFORMED, "sender key is not Ed25519");
      }
      if (p.getNonce() < 0) {
        throw new InvalidLedgerInputException(Reason.MALFORMED, "nonce out of range");
      }
      Amount fee = ApiTypesCodec.fromProto(p.getFee());
      TransactionPayload payload =
          switch (p.getPayloadCase()) {
            case TRANSFER -> transfer(p.getTransfer());
            case CONTRACT_CALL -> contractCall(p.getContractCall());
            case PAYLOAD_NOT_SET ->
                throw new InvalidLedgerInputException(
                    Reason.MALFORMED, "transaction without payload");
          };
      return new Transaction(sender, p.getNonce(), fee, payload);
    } catch (InvalidEncodingException e) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, "transaction: " + e.getMessage(), e);
    }
  }

  private static Transfer transfer(LedgerProto.LedgerTransfer t)
      throws InvalidLedgerInputException, InvalidEncodingException {
    if (!t.hasTo() || !t.hasAmount()) {
      throw new InvalidLedgerInputException(
          Reason.MALFORMED, "transfer without receiver or amount");
    }
    Hash to = ApiTypesCodec.fromProto(t.getTo());
    return new Transfer(new Address(to), ApiTypesCodec.fromProto(t.getAmount()));
  }

  private static ContractCall contractCall(LedgerProto.LedgerContractCall c)
      throws InvalidLedgerInputException {
    if (!ContractId.isValidName(c.getContractName()) || c.getContractVersion() < 1) {
      throw new InvalidLedgerInputException(
          Reason.MALFORMED, "invalid contract id " + c.getContractName());
    }
    if (c.getInput().size() > ContractCall.MAX_INPUT_SIZE) {
      throw new InvalidLedgerInputException(
          Reason.OVERSIZED, "contract input of " + c.getInput().size() + " bytes");
    }
    return new ContractCall(
        new ContractId(c.getContractName(), c.getContractVersion()),
        ApiTypesCodec.bytes(c.getInput()));
  }
}
