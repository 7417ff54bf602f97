package org.cybervein.crypto.psi;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.RandomSource;
import org.cybervein.api.wire.v1.HeProto;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.InvalidCryptoInputException.Reason;

/**
 * The responder of ECDH-PSI. The protocol, with H the RFC 9380 hash to P-256 of {@link P256Group}
 * and secret exponents a (initiator) and b (responder), fresh for each run:
 *
 * <ol>
 *   <li>initiator -> responder: {@code {H(x)^a}} for its ids x, sorted by encoding;
 *   <li>responder -> initiator: {@code (H(x)^a)^b} for each received element in the received order,
 *       and {@code {H(y)^b}} for its ids y, sorted by encoding;
 *   <li>the initiator raises each {@code H(y)^b} to a; {@code H(y)^{ba} = H(x)^{ab}} exactly when
 *       {@code x = y} (up to hash collisions), which gives it the intersection; it sends back the
 *       positions of the matching {@code H(y)^b} so the responder learns the intersection too.
 * </ol>
 *
 * <p>What each side sees of the other's set: the initiator sees {@code H(y)^b} and {@code
 * H(x)^{ab}}; without b, deciding whether {@code H(y)^b} belongs to a given candidate y is the
 * decisional Diffie-Hellman problem in P-256 with H a random oracle, so non-members of the
 * intersection stay hidden; the responder sees {@code H(x)^a} alone. Both learn the other's set
 * size. Semi-honest model: a party that deviates (e.g. an initiator reporting wrong positions) can
 * make the other's result wrong; decoders still reject every malformed message.
 *
 * <p>Rounds: {@link #respond(Bytes)} -> {@link #finish(Bytes)}, then {@link #intersection()}. A
 * rejected message changes no state. Not thread-safe.
 */
public final class EcdhPsiResponder {
  private final P256Group group = new P256Group();
  final BigInteger secret; // package-private: the transcript test plays the curious party
  private final int maxPeerSetSize;
  // Own blinded point H(y)^b -> id y, sorted: the order of the response and of result positions.
  private final TreeMap<Bytes, Bytes> idsByBlinded = new TreeMap<>();
  private final List<Bytes> sortedIds;
  private boolean responded;
  private List<Bytes> intersection;

  private EcdhPsiResponder(List<Bytes> ids, RandomSource random, int maxPeerSetSize) {
    this.secret = group.randomScalar(random);
    this.maxPeerSetSize = maxPeerSetSize;
    for (Bytes id : ids) {
      Bytes point = P256Group.encode(group.hash(id).multiply(secret));
      if (idsByBlinded.put(point, id) != null) {
        throw new IllegalStateException("two ids hash to one point: SHA-256 collision?");
      }
    }
    this.sortedIds = List.copyOf(idsByBlinded.values());
  }

  /**
   * A responder for a set of ids (duplicates ignored) with a fresh secret exponent from {@code
   * random}, accepting an initiator set of at most {@code maxPeerSetSize} ids.
   *
   * @param ids the responder's own ids
   * @param random the source of the secret exponent; must be cryptographically strong outside tests
   * @param maxPeerSetSize the largest initiator set accepted, at least 1
   * @return a responder waiting for the initiator's request
   */
  public static EcdhPsiResponder create(
      Collection<Bytes> ids, RandomSource random, int maxPeerSetSize) {
    Objects.requireNonNull(random, "random");
    PsiMessages.checkMaxPeerSetSize(maxPeerSetSize);
    return new EcdhPsiResponder(PsiMessages.distinctSorted(ids), random, maxPeerSetSize);
  }

  /**
   * Round 2: answers the initiator's {@code PsiEcdhRequest} with a {@code PsiEcdhResponse}.
   *
   * @param request the initiator's encoded {@code PsiEcdhRequest}
   * @return the encoded {@code PsiEcdhResponse} to send back
   * @throws InvalidCryptoInputException if the request is malformed, too large, unsorted, or holds
   *     an invalid point
   * @throws IllegalStateException if called twice
   */
  public Bytes respond(Bytes request) throws InvalidCryptoInputException {
    if (responded) {
      throw new IllegalStateException("already responded");
    }
    HeProto.PsiEcdhRequest message =
        PsiMessages.parse(
            request,
            16L + (P256Group.POINT_LENGTH + 4L) * maxPeerSetSize,
            maxPeerSetSize,
            HeProto.PsiEcdhRequest.getDefaultInstance());
    PsiMessages.checkCount(message.getBlindedCount(), maxPeerSetSize, "initiator set");
    HeProto.PsiEcdhResponse.Builder builder = HeProto.PsiEcdhResponse.newBuilder();
    Bytes previous = null;
    for (ByteString raw : message.getBlindedList()) {
      Bytes encoded = Bytes.of(raw.toByteArray());
      if (previous != null && previous.compareTo(encoded) >= 0) {
        throw new InvalidCryptoInputException(
            Reason.MALFORMED, "initiator's elements must be sorted and distinct");
      }
      previous = encoded;
      Bytes doubled = P256Group.encode(group.decode(raw).multiply(secret));
      builder.addDoubleBlinded(ByteString.copyFrom(doubled.toByteArray()));
    }
    for (Bytes own : idsByBlinded.keySet()) {
      builder.addBlinded(ByteString.copyFrom(own.toByteArray()));
    }
    responded = true;
    return Bytes.of(builder.build().toByteArray());
  }

  /**
   * Last round: reads the initiator's {@code PsiResult}.
   *
   * @param result the initiator's encoded {@code PsiResult}
   * @throws InvalidCryptoInputException if malformed or naming positions out of order or range
   * @throws IllegalStateException if not responded yet or already finished
   */
  public void finish(Bytes result) throws InvalidCryptoInputException {
    if (!responded || intersection != null) {
      throw new IllegalStateException("finish follows respond, once");
    }
    List<Bytes> ids = new ArrayList<>(PsiMessages.decodeResult(result, sortedIds));
    ids.sort(null);
    intersection = List.copyOf(ids);
  }

  /**
   * The intersection, sorted; empty until {@link #finish} succeeded.
   *
   * @return the ids both sides hold, in ascending byte order, or empty before {@link #finish}
   */
  public Optional<List<Bytes>> intersection() {
    return Optional.ofNullable(intersection);
  }

  /** Never shows ids or the secret. */
  @Override
  public String toString() {
    return "EcdhPsiResponder[" + sortedIds.size() + " ids]";
  }
}
