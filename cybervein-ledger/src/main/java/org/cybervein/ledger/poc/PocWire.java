package org.cybervein.ledger.poc;

import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.v1.LedgerBlockProto;
import org.cybervein.crypto.CanonicalMessage;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.block.ContributionProof;

/** The {@code cybervein.v1.PocMessage} gossip: encoders and the checked decoder. */
final class PocWire {
  /** The largest message: a block and a little framing. */
  static final int MAX_ENCODED_SIZE = Block.MAX_ENCODED_SIZE + 64;

  private PocWire() {}

  sealed interface Message {}

  record BlockMessage(Block block) implements Message {}

  record ContributionMessage(Hash parent, ContributionProof contribution) implements Message {}

  record GetBlock(Hash id) implements Message {}

  static Bytes block(Block block) {
    return Bytes.of(
        LedgerBlockProto.PocMessage.newBuilder()
            .setBlock(ApiTypesCodec.byteString(block.encoded()))
            .build()
            .toByteArray());
  }

  static Bytes contribution(Hash parent, ContributionProof contribution) {
    return Bytes.of(
        LedgerBlockProto.PocMessage.newBuilder()
            .setContribution(
                LedgerBlockProto.PocContribution.newBuilder()
                    .setParent(ApiTypesCodec.toProto(parent))
                    .setContribution(contribution.toProto()))
            .build()
            .toByteArray());
  }

  static Bytes getBlock(Hash id) {
    return Bytes.of(
        LedgerBlockProto.PocMessage.newBuilder()
            .setGetBlock(ApiTypesCodec.toProto(id))
            .build()
            .toByteArray());
  }

  static Message decode(Bytes encoded) throws InvalidLedgerInputException {
    LedgerBlockProto.PocMessage p;
    try {
      p =
          CanonicalMessage.parse(
              encoded,
              MAX_ENCODED_SIZE,
              MAX_ENCODED_SIZE / 8 + 64,
              LedgerBlockProto.PocMessage.getDefaultInstance());
    } catch (InvalidCryptoInputException e) {
      throw new InvalidLedgerInputException(
          e.reason() == InvalidCryptoInputException.Reason.OVERSIZED
              ? Reason.OVERSIZED
              : Reason.MALFORMED,
          "poc message: " + e.getMessage(),
          e);
    }
    try {
      switch (p.getBodyCase()) {
        case BLOCK:
          return new BlockMessage(Block.decode(ApiTypesCodec.bytes(p.getBlock())));
        case CONTRIBUTION:
          LedgerBlockProto.PocContribution c = p.getContribution();
          if (!c.hasParent() || !c.hasContribution()) {
            throw new InvalidLedgerInputException(
                Reason.MALFORMED, "a contribution message needs a parent and a contribution");
          }
          return new ContributionMessage(
              ApiTypesCodec.fromProto(c.getParent()),
              ContributionProof.fromProto(c.getContribution()));
        case GET_BLOCK:
          return new GetBlock(ApiTypesCodec.fromProto(p.getGetBlock()));
        default:
          throw new InvalidLedgerInputException(Reason.MALFORMED, "empty poc message");
      }
    } catch (InvalidEncodingException e) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, "poc message: " + e.getMessage(), e);
    }
  }
}
