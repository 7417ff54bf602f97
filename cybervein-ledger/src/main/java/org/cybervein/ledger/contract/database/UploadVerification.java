package org.cybervein.ledger.contract.database;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;
import org.cybervein.api.Signature;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.v1.PbftProto;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.crypto.sign.Ed25519Verifier;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.contract.ContractStorage;
import org.cybervein.ledger.contract.ContractWire;

/**
 * Checks a certificate of signed PBFT UPLOAD frames the way the consensus module's replicas sign
 * them, without depending on that module: a frame is a {@code PbftFrame} whose {@code body} bytes
 * are signed with Ed25519 over {@code "CYBERVEIN-PBFT-V1" || body}.
 */
final class UploadVerification {
  /** The PBFT signing domain (cybervein-consensus {@code Frame.SIGNING_DOMAIN}). */
  static final byte[] PBFT_SIGNING_DOMAIN = "CYBERVEIN-PBFT-V1".getBytes(StandardCharsets.US_ASCII);

  static final DomainTag UPLOAD_TAG = DomainTag.of("cybervein/ledger/database/upload/v1");

  private static final int SIGNATURE_SIZE = 64;

  private UploadVerification() {}

  private record Parsed(int sender, Bytes body, Signature signature, PbftProto.PbftUpload upload) {}

  static Hash digest(PbftProto.PbftUpload upload) {
    return HashFunction.SHA256.hash(UPLOAD_TAG, upload.toByteArray());
  }

  static CertifiedLog check(Database db, long sequence, List<Bytes> frames)
      throws InvalidLedgerInputException {
    if (frames.isEmpty()) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, "no uploads");
    }
    // Every check that needs no signature first, so a malformed certificate costs no verification.
    List<Parsed> parsed = new ArrayList<>(frames.size());
    BitSet signers = new BitSet();
    PbftProto.PbftUpload content = null;
    for (Bytes frame : frames) {
      Parsed p = parse(frame);
      if (p.sender() < 0 || p.sender() >= db.members().size()) {
        throw new InvalidLedgerInputException(
            Reason.NOT_AUTHORIZED,
            "upload signer " + Integer.toUnsignedString(p.sender()) + " is not a member");
      }
      if (signers.get(p.sender())) {
        throw new InvalidLedgerInputException(
            Reason.DUPLICATE, "member " + p.sender() + " uploaded twice");
      }
      if (p.upload().getSequence() != sequence) {
        throw new InvalidLedgerInputException(
            Reason.CONTRACT_RULE, "an upload for another sequence number");
      }
      if (content == null) {
        content = p.upload();
      } else if (!content.equals(p.upload())) {
        throw new InvalidLedgerInputException(Reason.CONTRACT_RULE, "conflicting uploads");
      }
      signers.set(p.sender());
      parsed.add(p);
    }
    if (signers.cardinality() < db.f() + 1) {
      throw new InvalidLedgerInputException(
          Reason.BAD_PROOF,
          signers.cardinality() + " members signed; f + 1 = " + (db.f() + 1) + " are needed");
    }
    List<LogEntry> entries = entries(content, sequence);
    for (Parsed p : parsed) {
      Ed25519Verifier verifier;
      try {
        verifier = Ed25519Verifier.of(db.members().get(p.sender()).nodeKey());
      } catch (InvalidCryptoInputException e) {
        throw new InvalidLedgerInputException(
            Reason.BAD_SIGNATURE, "member " + p.sender() + " has an invalid key", e);
      }
      if (!verifier.verify(signingInput(p.body()), p.signature())) {
        throw new InvalidLedgerInputException(
            Reason.BAD_SIGNATURE, "upload of member " + p.sender() + " is not its signature");
      }
    }
    List<Integer> list = new ArrayList<>();
    signers.stream().forEach(list::add);
    return new CertifiedLog(sequence, entries, digest(content), list);
  }

  private static Parsed parse(Bytes frame) throws InvalidLedgerInputException {
    PbftProto.PbftFrame f =
        ContractWire.parse(
            frame, DatabaseCall.MAX_ENCODED_SIZE, PbftProto.PbftFrame.getDefaultInstance());
    if (f.getAuthCase() != PbftProto.PbftFrame.AuthCase.SIGNATURE
        || f.getSignature().size() != SIGNATURE_SIZE) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, "an upload frame is not signed");
    }
    Bytes body = ApiTypesCodec.bytes(f.getBody());
    PbftProto.PbftBody b =
        ContractWire.parse(
            body, DatabaseCall.MAX_ENCODED_SIZE, PbftProto.PbftBody.getDefaultInstance());
    if (b.getKindCase() != PbftProto.PbftBody.KindCase.UPLOAD) {
      throw new InvalidLedgerInputException(Reason.MALFORMED, "a frame is not an UPLOAD");
    }
    return new Parsed(
        b.getSender(), body, Signature.ed25519(f.getSignature().toByteArray()), b.getUpload());
  }

  private static byte[] signingInput(Bytes body) {
    byte[] input = new byte[PBFT_SIGNING_DOMAIN.length + body.size()];
    System.arraycopy(PBFT_SIGNING_DOMAIN, 0, input, 0, PBFT_SIGNING_DOMAIN.length);
    body.copyTo(input, PBFT_SIGNING_DOMAIN.length);
    return input;
  }

  private static List<LogEntry> entries(PbftProto.PbftUpload upload, long sequence)
      throws InvalidLedgerInputException {
    List<LogEntry> list = new ArrayList<>(upload.getOperationsCount());
    for (PbftProto.PbftLoggedOperation op : upload.getOperationsList()) {
      NodeId initiator;
      try {
        initiator = new NodeId(op.getClient());
      } catch (IllegalArgumentException e) {
        throw new InvalidLedgerInputException(Reason.MALFORMED, "bad initiator address", e);
      }
      LogEntry entry =
          new LogEntry(
              ApiTypesCodec.bytes(op.getOperation()),
              initiator,
              ContractWire.ed25519Key(op.getClientKey(), op.hasClientKey(), "initiator key"),
              ContractWire.nonNegative(op.getTimestamp(), "timestamp"),
              sequence);
      if (DatabaseRecords.encode(entry).size() > ContractStorage.MAX_VALUE_SIZE) {
        throw new InvalidLedgerInputException(
            Reason.CONTRACT_RULE, "a command is larger than a contract entry holds");
      }
      list.add(entry);
    }
    return list;
  }
}
