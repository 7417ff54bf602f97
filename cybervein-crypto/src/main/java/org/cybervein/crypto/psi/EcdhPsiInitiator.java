package org.cybervein.crypto.psi;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.bouncycastle.math.ec.ECPoint;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.RandomSource;
import org.cybervein.api.wire.v1.HeProto;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.InvalidCryptoInputException.Reason;

/**
 * The initiator of ECDH-PSI (commutative exponentiation, as in Meadows 1986 and Huberman, Franklin
 * and Hogg 1999), semi-honest model, over P-256 with RFC 9380 hashing (see {@link EcdhPsiResponder}
 * for the protocol).
 *
 * <p>Rounds: {@link #request()} ({@code PsiEcdhRequest}) -> responder -> {@link #finish(Bytes)}
 * with its {@code PsiEcdhResponse}, which returns the {@code PsiResult} for the responder and makes
 * {@link #intersection()} available. A rejected message changes no state. Not thread-safe.
 */
public final class EcdhPsiInitiator {
  private final P256Group group = new P256Group();
  final BigInteger secret; // package-private: the transcript test plays the curious party
  private final int maxPeerSetSize;
  private final List<Bytes> blinded = new ArrayList<>();
  // Own blinded point (H(x)^a) -> id x; sorted, so the request lists points in sorted order.
  private final TreeMap<Bytes, Bytes> idsByBlinded = new TreeMap<>();
  private List<Bytes> intersection;

  private EcdhPsiInitiator(List<Bytes> ids, RandomSource random, int maxPeerSetSize) {
    this.secret = group.randomScalar(random);
    this.maxPeerSetSize = maxPeerSetSize;
    for (Bytes id : ids) {
      Bytes point = P256Group.encode(group.hash(id).multiply(secret));
      if (idsByBlinded.put(point, id) != null) {
        throw new IllegalStateException("two ids hash to one point: SHA-256 collision?");
      }
    }
    blinded.addAll(idsByBlinded.keySet());
  }

  /**
   * An initiator for a set of ids (duplicates ignored) with a fresh secret exponent from {@code
   * random}, accepting a responder set of at most {@code maxPeerSetSize} ids.
   *
   * @param ids the initiator's own ids, e.g. sample identifiers as bytes
   * @param random the source of the secret exponent; must be cryptographically strong outside tests
   * @param maxPeerSetSize the largest responder set accepted, at least 1; bounds the work an
   *     oversized response can cause
   * @return an initiator ready for {@link #request()}
   */
  public static EcdhPsiInitiator create(
      Collection<Bytes> ids, RandomSource random, int maxPeerSetSize) {
    Objects.requireNonNull(random, "random");
    PsiMessages.checkMaxPeerSetSize(maxPeerSetSize);
    return new EcdhPsiInitiator(PsiMessages.distinctSorted(ids), random, maxPeerSetSize);
  }

  /**
   * Round 1: {@code H(x)^a} for each own id, sorted by encoding.
   *
   * @return the encoded {@code PsiEcdhRequest} to send to the responder
   */
  public Bytes request() {
    HeProto.PsiEcdhRequest.Builder builder = HeProto.PsiEcdhRequest.newBuilder();
    for (Bytes point : blinded) {
      builder.addBlinded(ByteString.copyFrom(point.toByteArray()));
    }
    return Bytes.of(builder.build().toByteArray());
  }

  /**
   * Round 3: reads the responder's {@code PsiEcdhResponse}, computes the intersection and returns
   * the {@code PsiResult} that tells the responder which of its ids are in it.
   *
   * @param response the responder's encoded {@code PsiEcdhResponse}
   * @return the encoded {@code PsiResult} to send back to the responder
   * @throws InvalidCryptoInputException if the response is malformed, has the wrong number of
   *     elements, or holds an invalid point
   * @throws IllegalStateException if already finished
   */
  public Bytes finish(Bytes response) throws InvalidCryptoInputException {
    if (intersection != null) {
      throw new IllegalStateException("already finished");
    }
    long maxSize = 16L + (P256Group.POINT_LENGTH + 4L) * (blinded.size() + (long) maxPeerSetSize);
    HeProto.PsiEcdhResponse message =
        PsiMessages.parse(
            response,
            maxSize,
            blinded.size() + (long) maxPeerSetSize,
            HeProto.PsiEcdhResponse.getDefaultInstance());
    if (message.getDoubleBlindedCount() != blinded.size()) {
      throw new InvalidCryptoInputException(
          Reason.MALFORMED, "response must answer each of the " + blinded.size() + " requests");
    }
    PsiMessages.checkCount(message.getBlindedCount(), maxPeerSetSize, "responder set");
    // H(x)^{ab} -> x for own ids.
    TreeMap<Bytes, Bytes> ownByDoubleBlinded = new TreeMap<>();
    for (int i = 0; i < blinded.size(); i++) {
      ECPoint point = group.decode(message.getDoubleBlinded(i));
      ownByDoubleBlinded.put(P256Group.encode(point), idsByBlinded.get(blinded.get(i)));
    }
    List<Integer> positions = new ArrayList<>();
    Set<Bytes> matched = new TreeSet<>();
    Bytes previous = null;
    for (int j = 0; j < message.getBlindedCount(); j++) {
      ByteString raw = message.getBlinded(j);
      Bytes encoded = Bytes.of(raw.toByteArray());
      if (previous != null && previous.compareTo(encoded) >= 0) {
        throw new InvalidCryptoInputException(
            Reason.MALFORMED, "responder's elements must be sorted and distinct");
      }
      previous = encoded;
      Bytes doubled = P256Group.encode(group.decode(raw).multiply(secret));
      Bytes id = ownByDoubleBlinded.get(doubled);
      if (id != null && matched.add(id)) {
        positions.add(j);
      }
    }
    List<Bytes> result = new ArrayList<>(matched);
    result.sort(null);
    intersection = List.copyOf(result);
    return PsiMessages.encodeResult(positions);
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
    return "EcdhPsiInitiator[" + blinded.size() + " ids]";
  }
}
