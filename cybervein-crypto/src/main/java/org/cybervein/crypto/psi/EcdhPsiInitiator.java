package org.cybervein.crypto.psi;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.RandomSource;
import org.cybervein.api.wire.v1.HeProto;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.InvalidCryptoInputException.Reason;

/**
 * The initiator of ECDH-PSI (commutative exponentiation, as in Meadows 1986 and Huberman, Franklin
 * and Hogg 1999), semi-honest model, in an {@link EcdhPsiGroup} (see {@link EcdhPsiResponder} for
 * the protocol).
 *
 * <p>Rounds: {@link #request()} ({@code PsiEcdhRequest}) -> responder -> {@link #finish(Bytes)}
 * with its {@code PsiEcdhResponse}, which returns the {@code PsiResult} for the responder and makes
 * {@link #intersection()} available. The per-id exponentiations run on the executor given at
 * creation (all its threads); matching is one hash lookup per element. A rejected message changes
 * no state. Not thread-safe.
 */
public final class EcdhPsiInitiator {
  final PsiKey key; // package-private: the transcript test plays the curious party
  private final int maxPeerSetSize;
  private final Executor executor;
  // Own blinded elements H(x)^a, sorted by encoding, and the id of each.
  private final List<Bytes> blinded;
  private final List<Bytes> idsOfBlinded;
  private List<Bytes> intersection;

  private EcdhPsiInitiator(List<Bytes> ids, PsiKey key, int maxPeerSetSize, Executor executor) {
    this.key = key;
    this.maxPeerSetSize = maxPeerSetSize;
    this.executor = executor;
    byte[][] points = PerIdWork.mapOwn(ids.size(), executor, i -> key.hashAndRaise(ids.get(i)));
    List<Bytes> sortedIds = new ArrayList<>(ids.size());
    this.blinded = PsiMessages.sortByElement(points, ids, sortedIds);
    this.idsOfBlinded = List.copyOf(sortedIds);
  }

  /**
   * An initiator over {@link EcdhPsiGroup#P256} that works on the calling thread.
   *
   * @param ids the initiator's own ids, e.g. sample identifiers as bytes
   * @param random the source of the secret exponent; must be cryptographically strong outside tests
   * @param maxPeerSetSize the largest responder set accepted, at least 1; bounds the work an
   *     oversized response can cause
   * @return an initiator ready for {@link #request()}
   */
  public static EcdhPsiInitiator create(
      Collection<Bytes> ids, RandomSource random, int maxPeerSetSize) {
    return create(ids, EcdhPsiGroup.P256, random, maxPeerSetSize, Runnable::run);
  }

  /**
   * An initiator for a set of ids (duplicates ignored) with a fresh secret exponent from {@code
   * random}, accepting a responder set of at most {@code maxPeerSetSize} ids. Hashes and blinds its
   * ids now, on {@code executor}.
   *
   * @param ids the initiator's own ids, e.g. sample identifiers as bytes
   * @param group the group both parties use
   * @param random the source of the secret exponent; must be cryptographically strong outside tests
   * @param maxPeerSetSize the largest responder set accepted, at least 1; bounds the work an
   *     oversized response can cause
   * @param executor runs the per-id exponentiations, in chunks (a pool uses all its threads; {@code
   *     Runnable::run} the caller's)
   * @return an initiator ready for {@link #request()}
   */
  public static EcdhPsiInitiator create(
      Collection<Bytes> ids,
      EcdhPsiGroup group,
      RandomSource random,
      int maxPeerSetSize,
      Executor executor) {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(executor, "executor");
    PsiMessages.checkMaxPeerSetSize(maxPeerSetSize);
    return new EcdhPsiInitiator(
        PsiMessages.distinctSorted(ids), PsiKey.generate(group, random), maxPeerSetSize, executor);
  }

  /**
   * The group this initiator runs in.
   *
   * @return the group chosen at creation
   */
  public EcdhPsiGroup group() {
    return key.group();
  }

  /**
   * Round 1: {@code H(x)^a} for each own id, sorted by encoding.
   *
   * @return the encoded {@code PsiEcdhRequest} to send to the responder
   */
  public Bytes request() {
    HeProto.PsiEcdhRequest.Builder builder =
        HeProto.PsiEcdhRequest.newBuilder().setGroup(key.group().wire());
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
   * @throws InvalidCryptoInputException if the response is malformed, of another group, has the
   *     wrong number of elements, or holds an invalid element
   * @throws IllegalStateException if already finished
   */
  public Bytes finish(Bytes response) throws InvalidCryptoInputException {
    if (intersection != null) {
      throw new IllegalStateException("already finished");
    }
    int length = key.group().elementLength();
    long maxSize = 16L + (length + 4L) * (blinded.size() + (long) maxPeerSetSize);
    HeProto.PsiEcdhResponse message =
        PsiMessages.parse(
            response,
            maxSize,
            blinded.size() + (long) maxPeerSetSize,
            HeProto.PsiEcdhResponse.getDefaultInstance());
    PsiMessages.checkGroup(message.getGroup(), key.group());
    if (message.getDoubleBlindedCount() != blinded.size()) {
      throw new InvalidCryptoInputException(
          Reason.MALFORMED, "response must answer each of the " + blinded.size() + " requests");
    }
    PsiMessages.checkCount(message.getBlindedCount(), maxPeerSetSize, "responder set");
    PsiMessages.checkSortedDistinct(message.getBlindedList(), "responder's elements");
    List<ByteString> doubles = message.getDoubleBlindedList();
    PerIdWork.map(
        doubles.size(),
        executor,
        i -> {
          key.check(doubles.get(i));
          return null;
        });
    List<ByteString> theirs = message.getBlindedList();
    byte[][] theirsRaised = PerIdWork.map(theirs.size(), executor, j -> key.raise(theirs.get(j)));
    // H(x)^{ab} -> index of own id x.
    HashMap<ByteString, Integer> ownByDoubleBlinded = new HashMap<>(2 * doubles.size() + 1);
    for (int i = 0; i < doubles.size(); i++) {
      ownByDoubleBlinded.put(doubles.get(i), i);
    }
    List<Integer> positions = new ArrayList<>();
    List<Bytes> matched = new ArrayList<>();
    boolean[] seen = new boolean[doubles.size()];
    for (int j = 0; j < theirsRaised.length; j++) {
      Integer own = ownByDoubleBlinded.get(ByteString.copyFrom(theirsRaised[j]));
      if (own != null && !seen[own]) {
        seen[own] = true;
        positions.add(j);
        matched.add(idsOfBlinded.get(own));
      }
    }
    matched.sort(null);
    intersection = List.copyOf(matched);
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
    return "EcdhPsiInitiator[" + key.group() + ", " + blinded.size() + " ids]";
  }
}
