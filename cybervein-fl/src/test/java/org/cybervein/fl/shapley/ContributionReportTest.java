package org.cybervein.fl.shapley;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.testing.HostileInput;
import org.cybervein.api.wire.SignedEnvelope;
import org.cybervein.crypto.envelope.EnvelopeSigner;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.crypto.sign.Ed25519Verifier;
import org.cybervein.fl.InvalidFederatedMessageException;
import org.cybervein.fl.InvalidFederatedMessageException.Reason;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;

class ContributionReportTest {
  private final DeterministicRandom random = DeterministicRandom.fromSeed(PropertyRuns.seed());
  private final Ed25519PrivateKey coordinator = Ed25519PrivateKey.generate(random);

  @Test
  void refusesHostileInputWithMemoryInProportionToIt() {
    HostileInput.of(
            "contribution report",
            InvalidFederatedMessageException.class,
            ContributionReport::decode)
        .encodedBy(ContributionReport::encode)
        .checkAll(report().encode(), ContributionReport.MAX_ENCODED_SIZE);
  }

  private ContributionReport report() {
    Map<PublicKey, String> names = new LinkedHashMap<>();
    String[] labels = {"hospital-a", "hospital-b", "clinic-c"};
    double[] worth = {0.2, 0.15, -0.01};
    List<PublicKey> keys = new java.util.ArrayList<>();
    for (String label : labels) {
      PublicKey k = Ed25519PrivateKey.generate(random).publicKey();
      names.put(k, label);
      keys.add(k);
    }
    return ContributionReport.measure(
        Hash.of(new byte[32]),
        "auc",
        names,
        s -> 0.5 + s.stream().mapToDouble(k -> worth[keys.indexOf(k)]).sum());
  }

  @Test
  void measuresRoundTripsAndOpensUnderTheCoordinatorsSignature() throws Exception {
    ContributionReport r = report();
    assertEquals(0.5, r.emptyValue(), 1e-12);
    assertEquals(0.84, r.grandValue(), 1e-12);
    assertEquals(0.2, r.parties().get(0).shapleyValue(), 1e-12);
    assertEquals(r, ContributionReport.decode(r.encode()));
    SignedEnvelope signed = r.sign(EnvelopeSigner.of(coordinator));
    assertEquals(r, ContributionReport.open(signed, Ed25519Verifier.of(coordinator.publicKey())));
    SignedEnvelope decoded = SignedEnvelope.decode(signed.encode());
    assertEquals(r, ContributionReport.open(decoded, Ed25519Verifier.of(coordinator.publicKey())));
  }

  @Test
  void refusesReportsSignedByAnotherKeyOrOfAnotherType() throws Exception {
    ContributionReport r = report();
    Ed25519PrivateKey mallory = Ed25519PrivateKey.generate(random);
    assertEquals(
        Reason.AUTHENTICATION_FAILED,
        assertThrows(
                InvalidFederatedMessageException.class,
                () ->
                    ContributionReport.open(
                        r.sign(EnvelopeSigner.of(mallory)),
                        Ed25519Verifier.of(coordinator.publicKey())))
            .reason());
    SignedEnvelope other = EnvelopeSigner.of(coordinator).sign("something.else", r.encode());
    assertThrows(
        InvalidFederatedMessageException.class,
        () -> ContributionReport.open(other, Ed25519Verifier.of(coordinator.publicKey())));
  }

  @Test
  void decoderRejectsTruncatedMutatedRandomAndOversizedBytes() {
    byte[] good = report().encode().toByteArray();
    Random r = new Random(PropertyRuns.seed());
    for (int cut = 0; cut < good.length; cut++) {
      byte[] truncated = java.util.Arrays.copyOf(good, cut);
      try {
        ContributionReport.decode(Bytes.of(truncated));
        // a prefix can only decode if it is itself a complete canonical report: never here,
        // because efficiency fails or a field is missing
        throw new AssertionError("truncation at " + cut + " decoded");
      } catch (InvalidFederatedMessageException expected) {
        // fine
      }
    }
    ContributionReport original = report();
    for (int i = 0; i < 2000; i++) {
      byte[] mutated = good.clone();
      mutated[r.nextInt(mutated.length)] ^= (byte) (1 + r.nextInt(255));
      try {
        // a flipped byte in a key, a name or the task id can give another valid report; then it
        // must be a different report whose canonical encoding is exactly the mutated bytes
        ContributionReport other = ContributionReport.decode(Bytes.of(mutated));
        assertTrue(!other.equals(original));
        assertEquals(Bytes.of(mutated), other.encode());
      } catch (InvalidFederatedMessageException expected) {
        // fine
      }
      byte[] junk = new byte[r.nextInt(200)];
      r.nextBytes(junk);
      try {
        ContributionReport.decode(Bytes.of(junk));
        throw new AssertionError("random bytes decoded");
      } catch (InvalidFederatedMessageException expected) {
        // fine
      }
    }
    assertEquals(
        Reason.OVERSIZED,
        assertThrows(
                InvalidFederatedMessageException.class,
                () ->
                    ContributionReport.decode(
                        Bytes.of(new byte[ContributionReport.MAX_ENCODED_SIZE + 1])))
            .reason());
  }

  @Test
  void aChangedValueBreaksEfficiencyAndIsRefused() throws Exception {
    ContributionReport r = report();
    org.cybervein.api.wire.v1.FlContributionProto.FlContributionReport proto =
        org.cybervein.api.wire.v1.FlContributionProto.FlContributionReport.parseFrom(
            r.encode().toByteArray());
    byte[] inflated =
        proto.toBuilder()
            .setParties(0, proto.getParties(0).toBuilder().setShapleyValue(0.3))
            .build()
            .toByteArray();
    assertEquals(
        Reason.INVALID_VALUE,
        assertThrows(
                InvalidFederatedMessageException.class,
                () -> ContributionReport.decode(Bytes.of(inflated)))
            .reason());
  }

  @Test
  void inconsistentValuesAreRefused() {
    ContributionReport r = report();
    assertThrows(
        IllegalArgumentException.class,
        () -> new ContributionReport(r.taskId(), "auc", 0.9, r.emptyValue(), r.parties()));
  }

  @Test
  void payoutWeightsIgnoreNegativeContributions() {
    List<Long> weights = report().payoutWeightsPerMillion();
    assertEquals(0L, weights.get(2));
    assertEquals(571_428L, weights.get(0));
    assertEquals(428_571L, weights.get(1));
    assertTrue(weights.stream().mapToLong(Long::longValue).sum() <= 1_000_000);
  }
}
