package org.cybervein.dag.unit;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.protobuf.UnknownFieldSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.SignedEnvelope;
import org.cybervein.api.wire.v1.DagProto;
import org.cybervein.crypto.envelope.EnvelopeSigner;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.dag.certification.ValidatorSet;
import org.cybervein.dag.validation.UnitVerifier;
import org.cybervein.testing.ManualClock;

/**
 * Writes the published DAG unit vectors ({@code vectors/dag-unit-attestation.json} at the
 * repository root; format in {@code vectors/README.md}): units carrying a validator's attestation
 * (and one data write), valid and invalid. Every input is fixed and Ed25519 signatures are
 * deterministic, so the output changes only when the format or the rules do. {@code
 * UnitVectorsTest} checks that the committed file is this output, byte for byte.
 */
public final class UnitVectorGenerator {
  /** The file, relative to this module's directory. */
  static final Path FILE = Path.of("..", "vectors", "dag-unit-attestation.json");

  /** The verifier's clock in every vector: 2026-01-01T00:00:00Z. */
  static final long NOW_MILLIS = 1_767_225_600_000L;

  private static final DomainTag SEED_TAG = DomainTag.of("cybervein/test/vector/v1");

  private UnitVectorGenerator() {}

  /**
   * Writes the vectors to {@code args[0]}, or to {@link #FILE}.
   *
   * @param args the output path, optional
   * @throws IOException if the file cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path out = args.length > 0 ? Path.of(args[0]) : FILE;
    Files.writeString(out, generate(), StandardCharsets.UTF_8);
    System.out.println("wrote " + out);
  }

  private static Hash name(String text) {
    return HashFunction.SHA256.hash(SEED_TAG, Bytes.utf8(text));
  }

  private static Ed25519PrivateKey key(String name) {
    return Ed25519PrivateKey.fromSeed(name(name).toByteArray());
  }

  private static VerificationRecord record(int i) {
    return new VerificationRecord(
        name("dag content " + i), name("dag tag list " + i), name("dag verification " + i));
  }

  /** One vector's inputs and expected verdict. */
  private record Case(
      String name,
      String why,
      List<PublicKey> validators,
      Bytes unit,
      Optional<InvalidUnitException.Reason> reason) {}

  private static Bytes envelope(String payloadType, Bytes body, Ed25519PrivateKey signer) {
    return EnvelopeSigner.of(signer).sign(payloadType, body).encode();
  }

  private static Bytes unit(DagProto.DagUnitBody body, Ed25519PrivateKey signer) {
    return envelope(Unit.PAYLOAD_TYPE, Bytes.of(body.toByteArray()), signer);
  }

  static List<Case> cases() {
    Ed25519PrivateKey validator = key("dag validator 0");
    // A validator's attestation counts only in the validator's own unit (FOREIGN_ATTESTATION).
    Ed25519PrivateKey author = validator;
    Ed25519PrivateKey copier = key("dag author");
    Ed25519PrivateKey stranger = key("dag unregistered validator");
    List<PublicKey> validators =
        List.of(
            validator.publicKey(),
            key("dag validator 1").publicKey(),
            key("dag validator 2").publicKey(),
            key("dag validator 3").publicKey());
    List<Hash> parents =
        UnitBody.canonicalParents(List.of(name("dag parent a"), name("dag parent b")));
    long t = NOW_MILLIS - 5_000;
    List<Attestation> batch =
        AttestationBatch.sign(validator, List.of(record(0), record(1), record(2)));
    Attestation a = batch.get(1);
    UnitBody body = new UnitBody(author.publicKey(), parents, 0, t, a);
    DagProto.DagUnitBody proto = UnitCodec.toProto(body);
    List<Case> cases = new ArrayList<>();

    cases.add(
        new Case(
            "attestation-leaf-1-of-3",
            "A registered validator's batch signature, and an inclusion proof of the record at"
                + " leaf 1 of a batch of 3.",
            validators,
            Unit.sign(body, author).encoded(),
            Optional.empty()));
    Attestation single = AttestationBatch.sign(validator, List.of(record(7))).get(0);
    cases.add(
        new Case(
            "attestation-batch-of-one",
            "A batch of one record: the root is the record's leaf hash and the path is empty.",
            validators,
            Unit.sign(new UnitBody(author.publicKey(), parents, 3, t, single), author).encoded(),
            Optional.empty()));
    Bytes data = Bytes.utf8("hello, storage");
    DataWrite write =
        new DataWrite(
            name("dag data set"),
            HashFunction.untaggedSha256(data.toByteArray()),
            data.size(),
            Optional.of(data));
    cases.add(
        new Case(
            "data-write-inline",
            "A data write whose inline bytes match its size and SHA-256 needs no attestation.",
            validators,
            Unit.sign(new UnitBody(author.publicKey(), parents, 1, t, write), author).encoded(),
            Optional.empty()));

    cases.add(
        new Case(
            "attestation-copied-into-another-authors-unit",
            "A valid attestation carried by a unit whose author is not the attesting validator:"
                + " the batch signature does not cover the carrier, so the copy is refused.",
            validators,
            Unit.sign(new UnitBody(copier.publicKey(), parents, 0, t, a), copier).encoded(),
            Optional.of(InvalidUnitException.Reason.FOREIGN_ATTESTATION)));
    cases.add(
        new Case(
            "attestation-by-unregistered-validator",
            "The batch is validly signed, but by a key that is not in the validator set.",
            validators,
            Unit.sign(
                    new UnitBody(
                        author.publicKey(),
                        parents,
                        0,
                        t,
                        AttestationBatch.sign(stranger, List.of(record(0), record(1))).get(0)),
                    author)
                .encoded(),
            Optional.of(InvalidUnitException.Reason.UNKNOWN_VALIDATOR)));
    // Another record presented with leaf 1's proof: the path does not lead to the root.
    Attestation otherRecord =
        new Attestation(record(9), a.validator(), a.batchRoot(), a.proof(), a.batchSignature());
    cases.add(
        new Case(
            "record-not-in-signed-batch",
            "The inclusion proof does not lead from this record to the signed root: the validator"
                + " never attested it.",
            validators,
            Unit.sign(new UnitBody(author.publicKey(), parents, 0, t, otherRecord), author)
                .encoded(),
            Optional.of(InvalidUnitException.Reason.BAD_INCLUSION_PROOF)));
    DagProto.DagUnitBody outside =
        proto.toBuilder()
            .setAttestation(proto.getAttestation().toBuilder().setLeafIndex(3))
            .build();
    cases.add(
        new Case(
            "leaf-index-outside-batch",
            "Leaf 3 does not exist in a batch of 3.",
            validators,
            unit(outside, author),
            Optional.of(InvalidUnitException.Reason.BAD_INCLUSION_PROOF)));
    // A batch signature over the same root with another batch size.
    Attestation resized =
        new Attestation(
            a.record(),
            a.validator(),
            a.batchRoot(),
            a.proof(),
            validator.sign(Attestation.rootSigningInput(a.batchRoot(), 4)));
    cases.add(
        new Case(
            "batch-signature-for-another-size",
            "The validator signed root || u64be(4), but the proof is for a batch of 3.",
            validators,
            Unit.sign(new UnitBody(author.publicKey(), parents, 0, t, resized), author).encoded(),
            Optional.of(InvalidUnitException.Reason.BAD_ATTESTATION_SIGNATURE)));
    Unit good = Unit.sign(body, author);
    SignedEnvelope e = good.envelope();
    byte[] sig = e.signature().encoded().toByteArray();
    sig[0] ^= 0x01;
    cases.add(
        new Case(
            "flipped-author-signature-bit",
            "One flipped bit of the author's envelope signature must make it fail.",
            validators,
            new SignedEnvelope(
                    e.payloadType(), e.body(), e.signer(), org.cybervein.api.Signature.ed25519(sig))
                .encode(),
            Optional.of(InvalidUnitException.Reason.BAD_SIGNATURE)));
    cases.add(
        new Case(
            "signed-by-someone-else",
            "The envelope is signed by another key than the body's author.",
            validators,
            envelope(Unit.PAYLOAD_TYPE, good.envelope().body(), stranger),
            Optional.of(InvalidUnitException.Reason.AUTHOR_MISMATCH)));
    cases.add(
        new Case(
            "wrong-payload-type",
            "The same body signed under another payload type is not a unit.",
            validators,
            envelope("cybervein.v1.Other", good.envelope().body(), author),
            Optional.of(InvalidUnitException.Reason.WRONG_PAYLOAD_TYPE)));
    cases.add(
        new Case(
            "not-an-envelope",
            "Bytes that do not parse as a signed envelope.",
            validators,
            Bytes.utf8("not a unit"),
            Optional.of(InvalidUnitException.Reason.MALFORMED)));
    DagProto.DagUnitBody unknown =
        proto.toBuilder()
            .setAttestation(
                proto.getAttestation().toBuilder()
                    .setUnknownFields(
                        UnknownFieldSet.newBuilder()
                            .addField(15, UnknownFieldSet.Field.newBuilder().addVarint(0).build())
                            .build()))
            .build();
    cases.add(
        new Case(
            "unknown-field-in-attestation",
            "An unknown field (15, varint 0) makes a second byte form of the body, and so a second"
                + " unit id; only the canonical encoding is a unit.",
            validators,
            unit(unknown, author),
            Optional.of(InvalidUnitException.Reason.MALFORMED)));
    cases.add(
        new Case(
            "timestamp-beyond-clock-skew",
            "The timestamp is 31 s after the verifier's clock; 30 s of skew are allowed.",
            validators,
            Unit.sign(new UnitBody(author.publicKey(), parents, 0, NOW_MILLIS + 31_000, a), author)
                .encoded(),
            Optional.of(InvalidUnitException.Reason.CLOCK_SKEW)));
    cases.add(
        new Case(
            "no-parents",
            "Every unit references at least one earlier unit.",
            validators,
            unit(proto.toBuilder().clearParents().build(), author),
            Optional.of(InvalidUnitException.Reason.PARENT_COUNT)));
    DagProto.DagUnitBody reversed =
        proto.toBuilder()
            .clearParents()
            .addParents(ApiTypesCodec.toProto(parents.get(1)))
            .addParents(ApiTypesCodec.toProto(parents.get(0)))
            .build();
    cases.add(
        new Case(
            "parents-out-of-order",
            "Parents are sorted by unsigned byte order, so that one parent set has one encoding.",
            validators,
            unit(reversed, author),
            Optional.of(InvalidUnitException.Reason.PARENTS_NOT_CANONICAL)));
    List<Hash> many = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      many.add(name("dag parent " + i));
    }
    cases.add(
        new Case(
            "nine-parents",
            "At most 8 parents are allowed by the default limits.",
            validators,
            Unit.sign(
                    new UnitBody(author.publicKey(), UnitBody.canonicalParents(many), 0, t, a),
                    author)
                .encoded(),
            Optional.of(InvalidUnitException.Reason.PARENT_COUNT)));
    Bytes big = Bytes.of(new byte[5000]);
    cases.add(
        new Case(
            "inline-data-over-limit",
            "5000 inline bytes exceed the 4096 allowed by the default limits.",
            validators,
            Unit.sign(
                    new UnitBody(
                        author.publicKey(),
                        parents,
                        1,
                        t,
                        new DataWrite(
                            name("dag data set"),
                            HashFunction.untaggedSha256(big.toByteArray()),
                            big.size(),
                            Optional.of(big))),
                    author)
                .encoded(),
            Optional.of(InvalidUnitException.Reason.PAYLOAD_TOO_LARGE)));
    DagProto.DagUnitBody mismatch =
        UnitCodec.toProto(new UnitBody(author.publicKey(), parents, 1, t, write)).toBuilder()
            .setDataWrite(
                UnitCodec.toProto(new UnitBody(author.publicKey(), parents, 1, t, write))
                    .getDataWrite()
                    .toBuilder()
                    .setInlineData(com.google.protobuf.ByteString.copyFromUtf8("hello, storagE")))
            .build();
    cases.add(
        new Case(
            "inline-data-not-its-hash",
            "The inline bytes do not hash to the declared content hash.",
            validators,
            unit(mismatch, author),
            Optional.of(InvalidUnitException.Reason.INLINE_DATA_MISMATCH)));
    Bytes huge = Bytes.of(new byte[16 * 1024 + 1]);
    cases.add(
        new Case(
            "encoding-over-limit",
            "An encoding larger than 16384 bytes is refused before it is parsed.",
            validators,
            huge,
            Optional.of(InvalidUnitException.Reason.OVERSIZED)));
    return cases;
  }

  /**
   * The JSON text of the vector file.
   *
   * @return the file's content
   */
  static String generate() {
    JsonObject root = new JsonObject();
    root.addProperty(
        "description",
        "CyberVein DAG units with validator attestations (decode and verify); see README.md");
    root.addProperty("format_version", 1);
    JsonArray vectors = new JsonArray();
    for (Case c : cases()) {
      vectors.add(vector(c));
    }
    root.add("vectors", vectors);
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
  }

  private static JsonObject vector(Case c) {
    JsonObject v = new JsonObject();
    v.addProperty("name", c.name());
    v.addProperty("verdict", c.reason().isEmpty() ? "valid" : "invalid");
    c.reason().ifPresent(r -> v.addProperty("reason", r.name()));
    v.addProperty("why", c.why());
    JsonObject config = new JsonObject();
    JsonArray keys = new JsonArray();
    c.validators().forEach(k -> keys.add(k.encoded().toHex()));
    config.add("validators", keys);
    JsonObject limits = new JsonObject();
    limits.addProperty("max_parents", UnitLimits.DEFAULT.maxParents());
    limits.addProperty("max_inline_bytes", UnitLimits.DEFAULT.maxInlineBytes());
    limits.addProperty("max_encoded_size", UnitLimits.DEFAULT.maxEncodedSize());
    limits.addProperty("max_clock_skew_millis", UnitLimits.DEFAULT.maxClockSkew().toMillis());
    config.add("limits", limits);
    config.addProperty("now_millis", NOW_MILLIS);
    v.add("config", config);
    v.addProperty("unit", c.unit().toHex());
    if (c.reason().isEmpty()) {
      Unit unit;
      try {
        unit = Unit.decode(c.unit(), UnitLimits.DEFAULT);
        new UnitVerifier(
                UnitLimits.DEFAULT,
                ValidatorSet.of(c.validators()),
                new ManualClock(Instant.ofEpochMilli(NOW_MILLIS)),
                Runnable::run,
                1)
            .verify(unit);
      } catch (InvalidUnitException e) {
        throw new IllegalStateException(c.name() + " should be valid", e);
      }
      JsonObject expected = new JsonObject();
      expected.addProperty("unit_id", unit.id().toHex());
      expected.addProperty("author", unit.author().encoded().toHex());
      expected.addProperty("sequence", unit.sequence());
      if (unit.body().payload() instanceof Attestation at) {
        expected.addProperty("verification_id", at.record().verificationId().toHex());
        expected.addProperty("batch_root", at.batchRoot().toHex());
      }
      v.add("expected", expected);
    }
    return v;
  }
}
