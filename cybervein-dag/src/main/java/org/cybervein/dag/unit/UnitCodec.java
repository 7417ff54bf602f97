package org.cybervein.dag.unit;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.PublicKey;
import org.cybervein.api.Signature;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.api.wire.v1.DagProto;
import org.cybervein.api.wire.v1.TypesProto;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.crypto.merkle.MerkleProof;
import org.cybervein.dag.unit.InvalidUnitException.Reason;

/** Between {@link UnitBody} and the canonical bytes of {@code DagUnitBody}. */
final class UnitCodec {
  /** Audit path siblings an attestation may carry: a batch tree of up to 2^64 leaves. */
  private static final int MAX_PROOF_FIELDS = 64;

  private static final CanonicalParser<DagProto.DagUnitBody> BODY =
      CanonicalParser.of(DagProto.DagUnitBody.getDefaultInstance(), 0, 0);

  private UnitCodec() {}

  static Bytes encode(UnitBody body) {
    return Bytes.of(toProto(body).toByteArray());
  }

  static DagProto.DagUnitBody toProto(UnitBody body) {
    DagProto.DagUnitBody.Builder b =
        DagProto.DagUnitBody.newBuilder()
            .setAuthor(ApiTypesCodec.toProto(body.author()))
            .setSequence(body.sequence())
            .setTimestampMillis(body.timestampMillis());
    for (Hash parent : body.parents()) {
      b.addParents(hash(parent));
    }
    if (body.payload() instanceof DataWrite w) {
      DagProto.DagDataWrite.Builder d =
          DagProto.DagDataWrite.newBuilder()
              .setDataSetId(hash(w.dataSetId()))
              .setContentHash(hash(w.contentHash()))
              .setSize(w.size());
      w.inlineData().ifPresent(data -> d.setInlineData(ApiTypesCodec.byteString(data)));
      b.setDataWrite(d);
    } else if (body.payload() instanceof Attestation a) {
      DagProto.DagAttestation.Builder d =
          DagProto.DagAttestation.newBuilder()
              .setRecord(
                  DagProto.DagVerificationRecord.newBuilder()
                      .setContentHash(hash(a.record().contentHash()))
                      .setTagListHash(hash(a.record().tagListHash()))
                      .setVerificationId(hash(a.record().verificationId())))
              .setValidator(ApiTypesCodec.toProto(a.validator()))
              .setBatchRoot(hash(a.batchRoot()))
              .setBatchSize(a.proof().treeSize())
              .setLeafIndex(a.proof().leafIndex())
              .setBatchSignature(ApiTypesCodec.toProto(a.batchSignature()));
      for (Hash sibling : a.proof().path()) {
        d.addProofPath(hash(sibling));
      }
      b.setAttestation(d);
    }
    return b.build();
  }

  /** Decodes body bytes (already bounded in size by the envelope) and checks their shape. */
  static UnitBody decode(Bytes bytes, UnitLimits limits) throws InvalidUnitException {
    DagProto.DagUnitBody proto;
    try {
      // The author, sequence, time and payload take a few dozen fields; each parent two, each
      // proof sibling two. Twice the parent limit leaves room for the decoder's own, more precise
      // PARENT_COUNT refusal just above it.
      proto =
          BODY.withMaxBytes(limits.maxEncodedSize())
              .withMaxFields(64 + 4 * limits.maxParents() + 2 * MAX_PROOF_FIELDS)
              .parse(bytes);
    } catch (InvalidEncodingException e) {
      throw new InvalidUnitException(
          e.reason() == InvalidEncodingException.Reason.OVERSIZED
              ? Reason.OVERSIZED
              : Reason.MALFORMED,
          "not a unit body: " + e.getMessage(),
          e);
    }
    if (!proto.hasAuthor()) {
      throw new InvalidUnitException(Reason.MALFORMED, "unit body without author");
    }
    int parentCount = proto.getParentsCount();
    if (parentCount < 1 || parentCount > limits.maxParents()) {
      throw new InvalidUnitException(
          Reason.PARENT_COUNT, parentCount + " parents, allowed 1.." + limits.maxParents());
    }
    if (proto.getSequence() < 0) {
      throw new InvalidUnitException(Reason.MALFORMED, "sequence number out of range");
    }
    if (proto.getTimestampMillis() < 0) {
      throw new InvalidUnitException(Reason.MALFORMED, "timestamp before the epoch");
    }
    try {
      PublicKey author = ApiTypesCodec.fromProto(proto.getAuthor());
      List<Hash> parents = new ArrayList<>(parentCount);
      for (TypesProto.Hash p : proto.getParentsList()) {
        parents.add(ApiTypesCodec.fromProto(p));
      }
      if (!UnitBody.strictlySorted(parents)) {
        throw new InvalidUnitException(
            Reason.PARENTS_NOT_CANONICAL, "parents must be sorted and distinct");
      }
      Payload payload =
          switch (proto.getPayloadCase()) {
            case DATA_WRITE -> dataWrite(proto.getDataWrite(), limits);
            case ATTESTATION -> attestation(proto.getAttestation());
            case PAYLOAD_NOT_SET ->
                throw new InvalidUnitException(Reason.MALFORMED, "unit body without payload");
          };
      UnitBody body =
          new UnitBody(author, parents, proto.getSequence(), proto.getTimestampMillis(), payload);
      // The parser accepted only the canonical encoding; the values must also re-encode to that
      // message (equal messages have equal encodings), e.g. no parent given in another form.
      if (!toProto(body).equals(proto)) {
        throw new InvalidUnitException(
            Reason.MALFORMED,
            "unit body is not in canonical encoding (unknown or reordered fields)");
      }
      return body;
    } catch (InvalidEncodingException e) {
      throw new InvalidUnitException(Reason.MALFORMED, "bad field: " + e.getMessage(), e);
    }
  }

  private static DataWrite dataWrite(DagProto.DagDataWrite w, UnitLimits limits)
      throws InvalidUnitException, InvalidEncodingException {
    if (!w.hasDataSetId() || !w.hasContentHash()) {
      throw new InvalidUnitException(Reason.MALFORMED, "data write without data set or hash");
    }
    if (w.getSize() < 0) {
      throw new InvalidUnitException(Reason.MALFORMED, "data size out of range");
    }
    Hash contentHash = ApiTypesCodec.fromProto(w.getContentHash());
    Optional<Bytes> inline = Optional.empty();
    if (w.hasInlineData()) {
      ByteString data = w.getInlineData();
      if (data.size() > limits.maxInlineBytes()) {
        throw new InvalidUnitException(
            Reason.PAYLOAD_TOO_LARGE,
            data.size() + " inline bytes, allowed " + limits.maxInlineBytes());
      }
      byte[] content = data.toByteArray();
      if (content.length != w.getSize()
          || !HashFunction.untaggedSha256(content).equals(contentHash)) {
        throw new InvalidUnitException(
            Reason.INLINE_DATA_MISMATCH, "inline data does not match its size and content hash");
      }
      inline = Optional.of(Bytes.of(content));
    }
    return new DataWrite(
        ApiTypesCodec.fromProto(w.getDataSetId()), contentHash, w.getSize(), inline);
  }

  private static Attestation attestation(DagProto.DagAttestation a)
      throws InvalidUnitException, InvalidEncodingException {
    if (!a.hasRecord()
        || !a.getRecord().hasContentHash()
        || !a.getRecord().hasTagListHash()
        || !a.getRecord().hasVerificationId()
        || !a.hasValidator()
        || !a.hasBatchRoot()
        || !a.hasBatchSignature()) {
      throw new InvalidUnitException(Reason.MALFORMED, "attestation with a missing field");
    }
    long size = a.getBatchSize();
    long index = a.getLeafIndex();
    if (size < 1 || index < 0 || index >= size) {
      throw new InvalidUnitException(
          Reason.BAD_INCLUSION_PROOF, "leaf " + index + " outside a batch of " + size);
    }
    if (a.getProofPathCount() != MerkleProof.pathLength(index, size)) {
      throw new InvalidUnitException(
          Reason.BAD_INCLUSION_PROOF, "proof path length does not fit leaf " + index + "/" + size);
    }
    List<Hash> path = new ArrayList<>(a.getProofPathCount());
    for (TypesProto.Hash h : a.getProofPathList()) {
      path.add(ApiTypesCodec.fromProto(h));
    }
    PublicKey validator = ApiTypesCodec.fromProto(a.getValidator());
    Signature signature = ApiTypesCodec.fromProto(a.getBatchSignature());
    if (signature.algorithm() != validator.algorithm()) {
      throw new InvalidUnitException(Reason.MALFORMED, "signature algorithm differs from key's");
    }
    VerificationRecord record =
        new VerificationRecord(
            ApiTypesCodec.fromProto(a.getRecord().getContentHash()),
            ApiTypesCodec.fromProto(a.getRecord().getTagListHash()),
            ApiTypesCodec.fromProto(a.getRecord().getVerificationId()));
    return new Attestation(
        record,
        validator,
        ApiTypesCodec.fromProto(a.getBatchRoot()),
        new MerkleProof(index, size, path),
        signature);
  }

  private static TypesProto.Hash hash(Hash h) {
    return ApiTypesCodec.toProto(h);
  }

  static Hash unitId(Bytes body) {
    return HashFunction.SHA256.hash(Unit.ID_TAG, body);
  }
}
