package org.cybervein.crypto.psi;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
  // Responder elements raised ahead of finish, from pieces of the response that came early.
  private final List<CompletableFuture<EarlyChunk>> early = new ArrayList<>();
  private final BitSet earlyPositions = new BitSet();

  /** Responder elements at positions {@code first ..} and their powers (null where refused). */
  private record EarlyChunk(int first, ByteString[] elements, byte[][] raised) {}

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
    long maxSize =
        16L + (key.group().elementLength() + 4L) * (blinded.size() + (long) maxPeerSetSize);
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
    // The double-blinded elements are only looked up, byte for byte, among this party's own
    // H(y)^{ba}, which are canonical encodings of valid elements; nothing raises them further. An
    // invalid or non-canonical element therefore equals none of those and can change no result, so
    // checking each on the curve (a square root each, a million of them at scale) buys nothing:
    // only
    // the length is checked, which keeps the message's shape strict. The responder's H(y)^b, which
    // this party raises, are checked in full.
    int length = key.group().elementLength();
    for (ByteString element : doubles) {
      if (element.size() != length) {
        throw new InvalidCryptoInputException(
            Reason.WRONG_LENGTH, "element has " + element.size() + " bytes, expected " + length);
      }
    }
    List<ByteString> theirs = message.getBlindedList();
    byte[][] theirsRaised = raiseResponderElements(theirs);
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
    early.clear();
    return PsiMessages.encodeResult(positions);
  }

  /**
   * Bytes {@code [offset, offset + piece.size())} of the responder's {@code PsiEcdhResponse},
   * received ahead of the rest (the responder of {@link EcdhPsiResponder#respond(Bytes, int,
   * EcdhPsiResponder.PieceSink)} sends its own elements first): starts raising the responder
   * elements that lie wholly inside the piece on the executor and returns at once, so that this
   * party's exponentiations overlap with the responder's. Only a head start: {@link #finish(Bytes)}
   * still reads and checks the whole response, and uses a power computed here only for the same
   * element at the same position. A piece that turns out not to be part of the response costs work
   * but changes no result; each position is raised at most once, and none beyond {@code
   * maxPeerSetSize}.
   *
   * @param offset where the piece starts in the encoded response, not negative
   * @param piece the bytes received
   * @throws IllegalStateException if already finished
   */
  public void receivePiece(long offset, Bytes piece) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative");
    }
    Objects.requireNonNull(piece, "piece");
    if (intersection != null) {
      throw new IllegalStateException("already finished");
    }
    ResponseLayout layout = new ResponseLayout(key.group(), blinded.size(), 0);
    int entry = layout.entry();
    long from = Math.max(offset, layout.ownStart());
    // The first own entry that starts inside the piece.
    long first = (from - layout.ownStart() + entry - 1) / entry;
    byte[] bytes = piece.toByteArray();
    List<ByteString> elements = new ArrayList<>();
    int firstPosition = (int) Math.min(first, Integer.MAX_VALUE);
    for (long k = first; k < maxPeerSetSize; k++) {
      long at = layout.ownStart() + k * entry - offset;
      if (at + entry > bytes.length
          || bytes[(int) at] != ResponseLayout.tag(2)
          || bytes[(int) at + 1] != entry - 2
          || earlyPositions.get((int) k)) {
        break;
      }
      earlyPositions.set((int) k);
      elements.add(ByteString.copyFrom(bytes, (int) at + 2, entry - 2));
    }
    for (int c = 0; c < elements.size(); c += PerIdWork.CHUNK) {
      int start = firstPosition + c;
      ByteString[] chunk =
          elements
              .subList(c, Math.min(elements.size(), c + PerIdWork.CHUNK))
              .toArray(ByteString[]::new);
      early.add(
          CompletableFuture.supplyAsync(
              () -> {
                byte[][] raised = new byte[chunk.length][];
                for (int i = 0; i < chunk.length; i++) {
                  try {
                    raised[i] = key.raise(chunk[i]);
                  } catch (InvalidCryptoInputException refused) {
                    raised[i] = null; // finish raises it again and refuses the response
                  }
                }
                return new EarlyChunk(start, chunk, raised);
              },
              executor));
    }
  }

  /**
   * {@code H(y)^{ba}} of every responder element, checked: from the head start of {@link
   * #receivePiece} where the same element was raised at the same position, computed now otherwise.
   */
  private byte[][] raiseResponderElements(List<ByteString> theirs)
      throws InvalidCryptoInputException {
    byte[][] raised = new byte[theirs.size()][];
    for (CompletableFuture<EarlyChunk> future : early) {
      EarlyChunk chunk = future.join();
      for (int i = 0; i < chunk.elements().length; i++) {
        int position = chunk.first() + i;
        if (position < raised.length
            && chunk.raised()[i] != null
            && chunk.elements()[i].equals(theirs.get(position))) {
          raised[position] = chunk.raised()[i];
        }
      }
    }
    int[] missing = new int[raised.length];
    int count = 0;
    for (int j = 0; j < raised.length; j++) {
      if (raised[j] == null) {
        missing[count++] = j;
      }
    }
    byte[][] computed = PerIdWork.map(count, executor, m -> key.raise(theirs.get(missing[m])));
    for (int m = 0; m < count; m++) {
      raised[missing[m]] = computed[m];
    }
    return raised;
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
