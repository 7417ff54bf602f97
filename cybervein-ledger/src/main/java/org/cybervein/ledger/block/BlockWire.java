package org.cybervein.ledger.block;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.v1.LedgerBlockProto;
import org.cybervein.crypto.CanonicalMessage;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.dag.certification.DagCheckpoint;
import org.cybervein.dag.unit.UnitBody;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.pospace.SpaceCommitment;
import org.cybervein.storageproofs.pospace.StorageProof;

/** Protobuf forms of blocks; decoders check every field and throw with a reason. */
final class BlockWire {
  /** The most frontier units of one carried DAG checkpoint. */
  static final int MAX_FRONTIER = 1024;

  private BlockWire() {}

  static LedgerBlockProto.Block toProto(Block b) {
    return LedgerBlockProto.Block.newBuilder()
        .setHashSubBlock(toProto(b.phi()))
        .setSignatureSubBlock(toProto(b.sigma()))
        .setTransactionSubBlock(toProto(b.tau()))
        .build();
  }

  static Bytes encode(HashSubBlock phi) {
    return Bytes.of(toProto(phi).toByteArray());
  }

  static Bytes encode(SignatureSubBlock sigma) {
    return Bytes.of(toProto(sigma).toByteArray());
  }

  static Bytes encode(TransactionSubBlock tau) {
    return Bytes.of(toProto(tau).toByteArray());
  }

  static LedgerBlockProto.BlockContribution toProto(ContributionProof c) {
    return LedgerBlockProto.BlockContribution.newBuilder()
        .setContributor(ApiTypesCodec.toProto(c.contributor()))
        .setCommitment(ApiTypesCodec.byteString(c.commitment().encode()))
        .setStorageProof(ApiTypesCodec.byteString(c.proof().encode()))
        .setBandwidth(c.bandwidth())
        .build();
  }

  static LedgerBlockProto.BlockHashSubBlock toProto(HashSubBlock phi) {
    return LedgerBlockProto.BlockHashSubBlock.newBuilder()
        .setIndex(phi.index())
        .setParent(ApiTypesCodec.toProto(phi.parent()))
        .setParentSignature(ApiTypesCodec.toProto(phi.parentSignature()))
        .setChallenge(ApiTypesCodec.toProto(phi.challenge()))
        .setProof(toProto(phi.proof()))
        .build();
  }

  static LedgerBlockProto.BlockSignatureSubBlock toProto(SignatureSubBlock sigma) {
    return LedgerBlockProto.BlockSignatureSubBlock.newBuilder()
        .setIndex(sigma.index())
        .setTransactionsSignature(ApiTypesCodec.toProto(sigma.transactionsSignature()))
        .setPreviousSignature(ApiTypesCodec.toProto(sigma.previousSignature()))
        .build();
  }

  static LedgerBlockProto.BlockTransactionSubBlock toProto(TransactionSubBlock tau) {
    LedgerBlockProto.BlockTransactionSubBlock.Builder b =
        LedgerBlockProto.BlockTransactionSubBlock.newBuilder()
            .setIndex(tau.index())
            .setTimeMillis(tau.timeMillis())
            .setStateRoot(ApiTypesCodec.toProto(tau.stateRoot()));
    for (Bytes t : tau.transactions()) {
      b.addTransactions(ApiTypesCodec.byteString(t));
    }
    for (ContributionProof c : tau.contributions()) {
      b.addContributions(toProto(c));
    }
    tau.checkpoint()
        .ifPresent(
            cp -> {
              LedgerBlockProto.BlockDagCheckpoint.Builder cb =
                  LedgerBlockProto.BlockDagCheckpoint.newBuilder().setNumber(cp.number());
              for (Hash h : cp.frontier()) {
                cb.addFrontier(ApiTypesCodec.toProto(h));
              }
              b.setCheckpoint(cb);
            });
    return b.build();
  }

  static Block decode(Bytes encoded) throws InvalidLedgerInputException {
    LedgerBlockProto.Block p = parse(encoded, Block.MAX_ENCODED_SIZE);
    if (!p.hasHashSubBlock() || !p.hasSignatureSubBlock() || !p.hasTransactionSubBlock()) {
      throw malformed("a block needs phi, sigma and tau");
    }
    HashSubBlock phi = fromProto(p.getHashSubBlock());
    SignatureSubBlock sigma = fromProto(p.getSignatureSubBlock());
    TransactionSubBlock tau = fromProto(p.getTransactionSubBlock());
    if (phi.index() != sigma.index() || phi.index() != tau.index()) {
      throw malformed("phi, sigma and tau have different indices");
    }
    Block block = new Block(phi, sigma, tau);
    if (!block.encoded().equals(encoded)) {
      throw new InvalidLedgerInputException(Reason.NON_CANONICAL, "not the canonical encoding");
    }
    return block;
  }

  private static LedgerBlockProto.Block parse(Bytes encoded, int max)
      throws InvalidLedgerInputException {
    try {
      return CanonicalMessage.parse(
          encoded, max, max / 8 + 64, LedgerBlockProto.Block.getDefaultInstance());
    } catch (InvalidCryptoInputException e) {
      throw from("block", e);
    }
  }

  static InvalidLedgerInputException from(String what, InvalidCryptoInputException e) {
    return new InvalidLedgerInputException(
        e.reason() == InvalidCryptoInputException.Reason.OVERSIZED
            ? Reason.OVERSIZED
            : Reason.MALFORMED,
        what + ": " + e.getMessage(),
        e);
  }

  static ContributionProof fromProto(LedgerBlockProto.BlockContribution p)
      throws InvalidLedgerInputException {
    if (!p.hasContributor()) {
      throw malformed("a contribution needs a contributor");
    }
    if (p.getBandwidth() < 0) {
      throw malformed("bandwidth must be below 2^63");
    }
    SpaceCommitment commitment;
    StorageProof proof;
    try {
      commitment = SpaceCommitment.decode(bytes(p.getCommitment()));
      proof = StorageProof.decode(bytes(p.getStorageProof()));
    } catch (InvalidStorageProofException e) {
      throw new InvalidLedgerInputException(
          e.reason() == InvalidStorageProofException.Reason.OVERSIZED
              ? Reason.OVERSIZED
              : Reason.MALFORMED,
          "contribution: " + e.getMessage(),
          e);
    }
    if (proof.nodeCount() != commitment.nodeCount()) {
      throw malformed("the proof is about another node count than the commitment");
    }
    try {
      return new ContributionProof(
          ApiTypesCodec.fromProto(p.getContributor()), commitment, proof, p.getBandwidth());
    } catch (InvalidEncodingException e) {
      throw malformed("contributor key: " + e.getMessage());
    }
  }

  private static HashSubBlock fromProto(LedgerBlockProto.BlockHashSubBlock p)
      throws InvalidLedgerInputException {
    if (!p.hasParent() || !p.hasParentSignature() || !p.hasChallenge() || !p.hasProof()) {
      throw malformed("phi needs a parent, a signature, a challenge and a proof");
    }
    long index = index(p.getIndex());
    try {
      return new HashSubBlock(
          index,
          ApiTypesCodec.fromProto(p.getParent()),
          ApiTypesCodec.fromProto(p.getParentSignature()),
          ApiTypesCodec.fromProto(p.getChallenge()),
          fromProto(p.getProof()));
    } catch (InvalidEncodingException e) {
      throw malformed("phi: " + e.getMessage());
    }
  }

  private static SignatureSubBlock fromProto(LedgerBlockProto.BlockSignatureSubBlock p)
      throws InvalidLedgerInputException {
    if (!p.hasTransactionsSignature() || !p.hasPreviousSignature()) {
      throw malformed("sigma needs two signatures");
    }
    long index = index(p.getIndex());
    try {
      return new SignatureSubBlock(
          index,
          ApiTypesCodec.fromProto(p.getTransactionsSignature()),
          ApiTypesCodec.fromProto(p.getPreviousSignature()));
    } catch (InvalidEncodingException e) {
      throw malformed("sigma: " + e.getMessage());
    }
  }

  private static TransactionSubBlock fromProto(LedgerBlockProto.BlockTransactionSubBlock p)
      throws InvalidLedgerInputException {
    long index = index(p.getIndex());
    if (!p.hasStateRoot()) {
      throw malformed("tau needs a state root");
    }
    if (p.getTimeMillis() < 0) {
      throw malformed("timestamp out of range");
    }
    if (p.getTransactionsCount() > Block.MAX_TRANSACTIONS) {
      throw new InvalidLedgerInputException(Reason.OVERSIZED, "too many transactions");
    }
    if (p.getContributionsCount() > Block.MAX_CONTRIBUTIONS) {
      throw new InvalidLedgerInputException(Reason.OVERSIZED, "too many contributions");
    }
    List<Bytes> transactions = new ArrayList<>(p.getTransactionsCount());
    for (ByteString t : p.getTransactionsList()) {
      transactions.add(ApiTypesCodec.bytes(t));
    }
    List<ContributionProof> contributions = new ArrayList<>(p.getContributionsCount());
    for (LedgerBlockProto.BlockContribution c : p.getContributionsList()) {
      contributions.add(fromProto(c));
    }
    Optional<DagCheckpoint> checkpoint = Optional.empty();
    try {
      if (p.hasCheckpoint()) {
        LedgerBlockProto.BlockDagCheckpoint cp = p.getCheckpoint();
        if (cp.getNumber() < 0) {
          throw malformed("checkpoint number out of range");
        }
        if (cp.getFrontierCount() < 1 || cp.getFrontierCount() > MAX_FRONTIER) {
          throw malformed("a checkpoint covers 1 to " + MAX_FRONTIER + " frontier units");
        }
        List<Hash> frontier = new ArrayList<>(cp.getFrontierCount());
        for (var h : cp.getFrontierList()) {
          frontier.add(ApiTypesCodec.fromProto(h));
        }
        if (!UnitBody.canonicalParents(frontier).equals(frontier)) {
          throw malformed("the checkpoint frontier must be sorted and distinct");
        }
        checkpoint = Optional.of(new DagCheckpoint(cp.getNumber(), frontier));
      }
      return new TransactionSubBlock(
          index,
          p.getTimeMillis(),
          transactions,
          contributions,
          ApiTypesCodec.fromProto(p.getStateRoot()),
          checkpoint);
    } catch (InvalidEncodingException e) {
      throw malformed("tau: " + e.getMessage());
    }
  }

  private static long index(long index) throws InvalidLedgerInputException {
    if (index < 1) {
      throw malformed("block indices are in [1, 2^63), got " + Long.toUnsignedString(index));
    }
    return index;
  }

  private static Bytes bytes(ByteString s) {
    return ApiTypesCodec.bytes(s);
  }

  private static InvalidLedgerInputException malformed(String message) {
    return new InvalidLedgerInputException(Reason.MALFORMED, message);
  }
}
