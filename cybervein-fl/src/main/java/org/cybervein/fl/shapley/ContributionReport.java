package org.cybervein.fl.shapley;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.PublicKey;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.CanonicalParser;
import org.cybervein.api.wire.SignedEnvelope;
import org.cybervein.api.wire.v1.FlContributionProto.FlContributionReport;
import org.cybervein.api.wire.v1.FlContributionProto.FlPartyContribution;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.envelope.EnvelopeSigner;
import org.cybervein.crypto.envelope.EnvelopeVerifier;
import org.cybervein.crypto.sign.Ed25519Verifier;
import org.cybervein.fl.FederatedWire;
import org.cybervein.fl.InvalidFederatedMessageException;
import org.cybervein.fl.InvalidFederatedMessageException.Reason;

/**
 * The whitepaper's Part III record: each party's Shapley value on a validation metric of a jointly
 * trained model, signed by the coordinator so that the DAG can carry it as a data unit and the
 * ledger can pay from it.
 *
 * <p>The values satisfy efficiency: they sum to {@code grandValue - emptyValue} (checked within
 * 1e-9 relative on construction and decoding, so a tampered or inconsistent report is refused).
 *
 * @param taskId what was trained, a hash the host chooses
 * @param metric the name of the validation metric, e.g. "auc"
 * @param grandValue v(all parties)
 * @param emptyValue v(no party), e.g. 0.5 for the AUC of a model that knows nothing
 * @param parties one line per party, at most {@link ShapleyValues#MAX_PLAYERS}, distinct keys
 */
public record ContributionReport(
    Hash taskId,
    String metric,
    double grandValue,
    double emptyValue,
    List<PartyContribution> parties) {

  /** The envelope payload type of a signed report. */
  public static final String PAYLOAD_TYPE = "cybervein.fl.ContributionReport.v1";

  /** The largest encoded report accepted by {@link #decode}. */
  public static final int MAX_ENCODED_SIZE = 64 * 1024;

  // Canonical form only, every field counted before protobuf allocates: a party line of a key, a
  // name and a value is at least 40 bytes for six fields, so an eighth of the byte cap is ample.
  private static final CanonicalParser<FlContributionReport> PARSER =
      CanonicalParser.of(
          FlContributionReport.getDefaultInstance(), MAX_ENCODED_SIZE, MAX_ENCODED_SIZE / 8);

  /**
   * Checks every field and the efficiency of the values.
   *
   * @param taskId what was trained, a hash the host chooses
   * @param metric the name of the validation metric, e.g. "auc"
   * @param grandValue v(all parties)
   * @param emptyValue v(no party), e.g. 0.5 for the AUC of a model that knows nothing
   * @param parties one line per party, at most {@link ShapleyValues#MAX_PLAYERS}, distinct keys
   */
  public ContributionReport {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(metric, "metric");
    if (metric.isEmpty() || metric.length() > 64) {
      throw new IllegalArgumentException("metric name must have 1..64 characters");
    }
    if (!Double.isFinite(grandValue) || !Double.isFinite(emptyValue)) {
      throw new IllegalArgumentException("metric values must be finite");
    }
    parties = List.copyOf(parties);
    if (parties.isEmpty() || parties.size() > ShapleyValues.MAX_PLAYERS) {
      throw new IllegalArgumentException("a report has 1..16 parties, got " + parties.size());
    }
    Set<PublicKey> keys = new HashSet<>();
    double sum = 0;
    for (PartyContribution p : parties) {
      if (!keys.add(p.party())) {
        throw new IllegalArgumentException("party " + p.party() + " appears twice");
      }
      sum += p.shapleyValue();
    }
    double expected = grandValue - emptyValue;
    if (Math.abs(sum - expected) > 1e-9 * Math.max(1, Math.abs(expected))) {
      throw new IllegalArgumentException(
          "Shapley values sum to " + sum + " but v(all) - v(empty) is " + expected);
    }
  }

  /**
   * Computes the report from a characteristic function over the parties.
   *
   * @param names each party's key and label, in report order
   * @param v the metric of the model each coalition trains; v(empty) is asked for too
   * @param taskId the training task the report belongs to
   * @param metric the name of the metric v measures, e.g. "accuracy"
   * @return the report with each party's Shapley value
   */
  public static ContributionReport measure(
      Hash taskId, String metric, Map<PublicKey, String> names, CoalitionValue<PublicKey> v) {
    List<PublicKey> players = new ArrayList<>(names.keySet());
    double[] extremes = new double[2];
    CoalitionValue<PublicKey> recording =
        coalition -> {
          double value = v.value(coalition);
          if (coalition.isEmpty()) {
            extremes[0] = value;
          } else if (coalition.size() == players.size()) {
            extremes[1] = value;
          }
          return value;
        };
    Map<PublicKey, Double> phi = ShapleyValues.exact(players, recording);
    List<PartyContribution> lines = new ArrayList<>();
    for (PublicKey p : players) {
      lines.add(new PartyContribution(p, names.get(p), phi.get(p)));
    }
    return new ContributionReport(taskId, metric, extremes[1], extremes[0], lines);
  }

  /**
   * The protobuf encoding.
   *
   * @return the canonical bytes
   */
  public Bytes encode() {
    FlContributionReport.Builder b =
        FlContributionReport.newBuilder()
            .setTaskId(ApiTypesCodec.toProto(taskId))
            .setMetric(metric)
            .setGrandValue(grandValue)
            .setEmptyValue(emptyValue);
    for (PartyContribution p : parties) {
      b.addParties(
          FlPartyContribution.newBuilder()
              .setParty(ApiTypesCodec.toProto(p.party()))
              .setName(p.name())
              .setShapleyValue(p.shapleyValue()));
    }
    return Bytes.of(b.build().toByteArray());
  }

  /**
   * Decodes a report; only the canonical encoding (the one {@link #encode} produces) is accepted,
   * so one report has one byte string and one hash.
   *
   * @param encoded the received bytes
   * @return the report
   * @throws InvalidFederatedMessageException if the bytes are not a valid, canonical report
   */
  public static ContributionReport decode(Bytes encoded) throws InvalidFederatedMessageException {
    ContributionReport report;
    try {
      FlContributionReport proto = FederatedWire.parse(PARSER, encoded, "contribution report");
      if (!proto.hasTaskId()) {
        throw new InvalidFederatedMessageException(Reason.MALFORMED, "task id missing");
      }
      List<PartyContribution> lines = new ArrayList<>();
      for (FlPartyContribution p : proto.getPartiesList()) {
        if (!p.hasParty()) {
          throw new InvalidFederatedMessageException(Reason.MALFORMED, "party key missing");
        }
        lines.add(
            new PartyContribution(
                ApiTypesCodec.fromProto(p.getParty()), p.getName(), p.getShapleyValue()));
      }
      report =
          new ContributionReport(
              ApiTypesCodec.fromProto(proto.getTaskId()),
              proto.getMetric(),
              proto.getGrandValue(),
              proto.getEmptyValue(),
              lines);
    } catch (InvalidEncodingException e) {
      throw new InvalidFederatedMessageException(Reason.MALFORMED, "not a contribution report", e);
    } catch (IllegalArgumentException e) {
      throw new InvalidFederatedMessageException(Reason.INVALID_VALUE, e.getMessage(), e);
    }
    if (!report.encode().equals(encoded)) {
      throw new InvalidFederatedMessageException(
          Reason.MALFORMED, "report is not in canonical encoding");
    }
    return report;
  }

  /**
   * Signs the report as the coordinator, for a DAG data unit to carry.
   *
   * @param coordinator the coordinator's signer
   * @return the signed report
   */
  public SignedEnvelope sign(EnvelopeSigner coordinator) {
    return coordinator.sign(PAYLOAD_TYPE, encode());
  }

  /**
   * Checks a signed report from the expected coordinator and decodes it.
   *
   * @param envelope the received signed report
   * @param coordinator the verifier of the only key accepted as signer
   * @return the report
   * @throws InvalidFederatedMessageException if the signature, payload type or report is invalid
   */
  public static ContributionReport open(SignedEnvelope envelope, Ed25519Verifier coordinator)
      throws InvalidFederatedMessageException {
    Bytes body;
    try {
      if (!PAYLOAD_TYPE.equals(envelope.payloadType())) {
        throw new InvalidFederatedMessageException(
            Reason.MALFORMED, "envelope carries " + envelope.payloadType());
      }
      body = EnvelopeVerifier.open(envelope, coordinator);
    } catch (InvalidCryptoInputException e) {
      throw new InvalidFederatedMessageException(
          Reason.AUTHENTICATION_FAILED, "report is not signed by the coordinator", e);
    }
    return decode(body);
  }

  /**
   * Payout weights for the ledger, in millionths of the reward: each party's share of the positive
   * Shapley values (a party that made the model worse gets nothing, not a debt), rounded down. The
   * weights sum to at most 1,000,000; the ledger's exact split decides where rounding goes.
   *
   * @return one weight per party, in report order
   */
  public List<Long> payoutWeightsPerMillion() {
    double positive = 0;
    for (PartyContribution p : parties) {
      positive += Math.max(0, p.shapleyValue());
    }
    List<Long> out = new ArrayList<>();
    for (PartyContribution p : parties) {
      double share = positive == 0 ? 0 : Math.max(0, p.shapleyValue()) / positive;
      out.add((long) Math.floor(share * 1_000_000));
    }
    return List.copyOf(out);
  }
}
