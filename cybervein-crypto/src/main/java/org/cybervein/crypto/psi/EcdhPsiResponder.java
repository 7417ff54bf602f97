package org.cybervein.crypto.psi;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
   * Receives the pieces of a response as they become ready (see {@link #respond(Bytes, int,
   * PieceSink)}).
   */
  @FunctionalInterface
  public interface PieceSink {
    /**
     * Takes one piece of the response.
     *
     * @param index the piece's position, {@code 0 .. count - 1}: it holds the response's bytes from
     *     {@code index * pieceBytes} on
     * @param count how many pieces the response has
     * @param piece the bytes: {@code pieceBytes} of them, fewer only in the last piece
     */
    void accept(int index, int count, Bytes piece);
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
    List<Bytes> pieces = new ArrayList<>();
    respond(
        request,
        Integer.MAX_VALUE,
        (index, count, piece) -> {
          pieces.add(piece);
        });
    return pieces.get(0);
  }

  /**
   * Round 2 in pieces of {@code pieceBytes} bytes, each handed to {@code sink} as soon as it is
   * ready, so that sending overlaps with computing and the initiator gets a head start: the pieces
   * are, concatenated by index, exactly the bytes {@link #respond(Bytes)} returns.
   *
   * <p>The whole request is read and every element checked first: a refused request makes no piece.
   * Then the pieces that hold only this responder's own elements {@code H(y)^b} (computed at
   * creation, at the end of the encoding) go out at once, and the others in increasing order as the
   * exponentiations they hold finish on the executor. The calling thread waits and calls the sink;
   * the executor's threads compute.
   *
   * @param request the initiator's encoded {@code PsiEcdhRequest}
   * @param pieceBytes the size of every piece but the last, at least 1
   * @param sink told each piece once, on the calling thread
   * @throws InvalidCryptoInputException if the request is malformed, of another group, too large,
   *     unsorted, or holds an invalid element
   * @throws IllegalStateException if called twice
   */
  public void respond(Bytes request, int pieceBytes, PieceSink sink)
      throws InvalidCryptoInputException {
    if (pieceBytes < 1) {
      throw new IllegalArgumentException("pieceBytes must be positive");
    }
    Objects.requireNonNull(sink, "sink");
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
    PerIdWork.map(
        theirs.size(),
        executor,
        i -> {
          key.check(theirs.get(i));
          return null;
        });
    responded = true;
    ResponseLayout layout = new ResponseLayout(key.group(), theirs.size(), blinded.size());
    byte[] out = new byte[layout.total()];
    for (int k = 0; k < blinded.size(); k++) {
      layout.put(
          out, layout.ownStart() + (long) k * layout.entry(), 2, blinded.get(k).toByteArray());
    }
    byte[] trailer = layout.trailer();
    System.arraycopy(trailer, 0, out, out.length - trailer.length, trailer.length);
    List<CompletableFuture<Void>> chunks =
        PerIdWork.start(
            theirs.size(),
            executor,
            i -> layout.put(out, (long) i * layout.entry(), 1, key.raiseChecked(theirs.get(i))));
    int count = (int) Math.max(1, (out.length + (long) pieceBytes - 1) / pieceBytes);
    // Pieces of own elements only: ready now.
    for (int p = 0; p < count; p++) {
      if ((long) p * pieceBytes >= layout.ownStart()) {
        sink.accept(p, count, piece(out, p, pieceBytes));
      }
    }
    int joined = 0;
    for (int p = 0; p < count && (long) p * pieceBytes < layout.ownStart(); p++) {
      long end = Math.min((long) (p + 1) * pieceBytes, layout.ownStart());
      int lastElement = (int) ((end - 1) / layout.entry());
      for (; joined <= lastElement / PerIdWork.CHUNK; joined++) {
        try {
          chunks.get(joined).join();
        } catch (CompletionException e) {
          throw new IllegalStateException("an element refused after its check passed", e);
        }
      }
      sink.accept(p, count, piece(out, p, pieceBytes));
    }
  }

  private static Bytes piece(byte[] out, int index, int pieceBytes) {
    int from = (int) Math.min(out.length, (long) index * pieceBytes);
    int to = (int) Math.min(out.length, (long) from + pieceBytes);
    return Bytes.of(Arrays.copyOfRange(out, from, to));
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
