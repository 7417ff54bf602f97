package org.cybervein.crypto.psi;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.RandomSource;
import org.cybervein.api.wire.v1.HeProto;
import org.cybervein.crypto.InvalidCryptoInputException;

/**
 * The responder of ECDH-PSI. The protocol, with H the RFC 9380 hash into the chosen {@link
 * EcdhPsiGroup} and secret exponents a (initiator) and b (responder), fresh for each run:
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
 * decisional Diffie-Hellman problem in the group (P-256, or Curve25519's prime-order subgroup) with
 * H a random oracle, so non-members of the intersection stay hidden; the responder sees {@code
 * H(x)^a} alone. Both learn the other's set size. Semi-honest model: a party that deviates (e.g. an
 * initiator reporting wrong positions) can make the other's result wrong; decoders still reject
 * every malformed message.
 *
 * <p>Rounds: {@link #respond(Bytes)} -> {@link #finish(Bytes)}, then {@link #intersection()}. The
 * per-id exponentiations run on the executor given at creation. A rejected message changes no
 * state. Not thread-safe.
 */
public final class EcdhPsiResponder {
  final PsiKey key; // package-private: the transcript test plays the curious party
  private final int maxPeerSetSize;
  private final Executor executor;
  // Own blinded elements H(y)^b, sorted: the order of the response and of result positions.
  private final List<Bytes> blinded;
  private final List<Bytes> sortedIds;
  private boolean responded;
  private List<Bytes> intersection;

  private EcdhPsiResponder(List<Bytes> ids, PsiKey key, int maxPeerSetSize, Executor executor) {
    this.key = key;
    this.maxPeerSetSize = maxPeerSetSize;
    this.executor = executor;
    byte[][] points = PerIdWork.mapOwn(ids.size(), executor, i -> key.hashAndRaise(ids.get(i)));
    List<Bytes> idsInOrder = new ArrayList<>(ids.size());
    this.blinded = PsiMessages.sortByElement(points, ids, idsInOrder);
    this.sortedIds = List.copyOf(idsInOrder);
  }

  /**
   * A responder over {@link EcdhPsiGroup#P256} that works on the calling thread.
   *
   * @param ids the responder's own ids
   * @param random the source of the secret exponent; must be cryptographically strong outside tests
   * @param maxPeerSetSize the largest initiator set accepted, at least 1
   * @return a responder waiting for the initiator's request
   */
  public static EcdhPsiResponder create(
      Collection<Bytes> ids, RandomSource random, int maxPeerSetSize) {
    return create(ids, EcdhPsiGroup.P256, random, maxPeerSetSize, Runnable::run);
  }

  /**
   * A responder for a set of ids (duplicates ignored) with a fresh secret exponent from {@code
   * random}, accepting an initiator set of at most {@code maxPeerSetSize} ids. Hashes and blinds
   * its ids now, on {@code executor}.
   *
   * @param ids the responder's own ids
   * @param group the group both parties use
   * @param random the source of the secret exponent; must be cryptographically strong outside tests
   * @param maxPeerSetSize the largest initiator set accepted, at least 1
   * @param executor runs the per-id exponentiations, in chunks (a pool uses all its threads; {@code
   *     Runnable::run} the caller's)
   * @return a responder waiting for the initiator's request
   */
  public static EcdhPsiResponder create(
      Collection<Bytes> ids,
      EcdhPsiGroup group,
      RandomSource random,
      int maxPeerSetSize,
      Executor executor) {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(executor, "executor");
    PsiMessages.checkMaxPeerSetSize(maxPeerSetSize);
    return new EcdhPsiResponder(
        PsiMessages.distinctSorted(ids), PsiKey.generate(group, random), maxPeerSetSize, executor);
  }

  /**
   * The group this responder runs in.
   *
   * @return the group chosen at creation
   */
  public EcdhPsiGroup group() {
    return key.group();
  }

  /**
   * Round 2: answers the initiator's {@code PsiEcdhRequest} with a {@code PsiEcdhResponse}.
   *
   * @param request the initiator's encoded {@code PsiEcdhRequest}
   * @return the encoded {@code PsiEcdhResponse} to send back
   * @throws InvalidCryptoInputException if the request is malformed, of another group, too large,
   *     unsorted, or holds an invalid element
   * @throws IllegalStateException if called twice
   */
  public Bytes respond(Bytes request) throws InvalidCryptoInputException {
    if (responded) {
      throw new IllegalStateException("already responded");
    }
    HeProto.PsiEcdhRequest message =
        PsiMessages.parse(
            request,
            16L + (key.group().elementLength() + 4L) * maxPeerSetSize,
            maxPeerSetSize,
            HeProto.PsiEcdhRequest.getDefaultInstance());
    PsiMessages.checkGroup(message.getGroup(), key.group());
    PsiMessages.checkCount(message.getBlindedCount(), maxPeerSetSize, "initiator set");
    List<ByteString> theirs = message.getBlindedList();
    PsiMessages.checkSortedDistinct(theirs, "initiator's elements");
    byte[][] doubled = PerIdWork.map(theirs.size(), executor, i -> key.raise(theirs.get(i)));
    HeProto.PsiEcdhResponse.Builder builder =
        HeProto.PsiEcdhResponse.newBuilder().setGroup(key.group().wire());
    for (byte[] element : doubled) {
      builder.addDoubleBlinded(ByteString.copyFrom(element));
    }
    for (Bytes own : blinded) {
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
    return "EcdhPsiResponder[" + key.group() + ", " + sortedIds.size() + " ids]";
  }
}
