package org.cybervein.crypto.psi;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.RandomSource;
import org.cybervein.api.wire.v1.HeProto;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.InvalidCryptoInputException.Reason;

/**
 * The responder (signer) of RSA blind-signature PSI, after De Cristofaro and Tsudik, "Practical
 * Private Set Intersection Protocols with Linear Complexity" (FC 2010), semi-honest model. With the
 * responder's fresh RSA key {@code (N, e = 65537, d)} and the full-domain hash {@code FDH_N} of
 * {@link FullDomainHash}:
 *
 * <ol>
 *   <li>responder -> initiator: {@code (N, e)} ({@code PsiRsaPublicKey});
 *   <li>initiator -> responder: {@code mu_i = FDH(x_i) r_i^e mod N} for its ids, with fresh uniform
 *       {@code r_i}, sorted by encoding ({@code PsiRsaRequest});
 *   <li>responder -> initiator: {@code mu_i^d mod N} in the received order, and the tags {@code
 *       SHA-256(FDH(y)^d mod N)} of its own ids, sorted ({@code PsiRsaResponse});
 *   <li>the initiator unblinds {@code s_i = mu_i^d / r_i = FDH(x_i)^d}, checks {@code s_i^e =
 *       FDH(x_i)}, and compares the tags of its {@code s_i} with the received tags; it returns the
 *       positions of the matching tags ({@code PsiResult}).
 * </ol>
 *
 * <p>The responder sees only blinded values, uniform in {@code Z*_N} whatever the ids; the
 * initiator sees tags, which for ids outside its set are hashes of RSA signatures it cannot compute
 * without d. Both learn the other's set size. The responder's exponentiations use CRT.
 *
 * <p>Rounds: {@link #publicKey()} -> {@link #respond(Bytes)} -> {@link #finish(Bytes)}, then {@link
 * #intersection()}. A rejected message changes no state. Not thread-safe.
 *
 * <p><b>Signing the own ids is the costly step</b>: one CRT exponentiation per id, about 1-2 ms
 * each with a 2048-bit key (24,000 ids take tens of seconds on one core). Creating a responder only
 * generates its key; {@link #signOwnIds(Executor, SigningProgress)} signs on an injected executor
 * and reports progress, and should run before the initiator's request arrives (for instance while
 * the public key travels). If it has not run, {@link #respond} signs on the calling thread first.
 */
public final class RsaPsiResponder {
  static final BigInteger PUBLIC_EXPONENT = BigInteger.valueOf(65537);
  static final int MIN_INSECURE_TEST_BITS = 512;

  private final BigInteger p;
  private final BigInteger q;
  private final BigInteger n;
  private final BigInteger dp;
  private final BigInteger dq;
  private final BigInteger qInverse;
  private final FullDomainHash fdh;
  private final int maxPeerSetSize;
  private final List<Bytes> ownIds;
  // Filled by signOwnIds: the own ids by the tag of their signature, and in tag order.
  private TreeMap<Bytes, Bytes> idsByTag;
  private List<Bytes> sortedIds;
  private boolean responded;
  private List<Bytes> intersection;

  private RsaPsiResponder(List<Bytes> ids, int bits, RandomSource random, int maxPeerSetSize) {
    BigInteger pp;
    BigInteger qq;
    do {
      pp = prime(bits / 2, random);
      qq = prime(bits / 2, random);
    } while (pp.equals(qq) || pp.multiply(qq).bitLength() != bits);
    this.p = pp;
    this.q = qq;
    this.n = p.multiply(q);
    BigInteger pMinusOne = p.subtract(BigInteger.ONE);
    BigInteger qMinusOne = q.subtract(BigInteger.ONE);
    BigInteger lambda = pMinusOne.divide(pMinusOne.gcd(qMinusOne)).multiply(qMinusOne);
    BigInteger d = PUBLIC_EXPONENT.modInverse(lambda);
    this.dp = d.mod(pMinusOne);
    this.dq = d.mod(qMinusOne);
    this.qInverse = q.modInverse(p);
    this.fdh = new FullDomainHash(n);
    this.maxPeerSetSize = maxPeerSetSize;
    this.ownIds = List.copyOf(ids);
  }

  /** Told how far {@link #signOwnIds} has come, on the thread that called it. */
  @FunctionalInterface
  public interface SigningProgress {
    /** Ignores every report. */
    SigningProgress NONE = (signed, total) -> {};

    /**
     * Reports progress.
     *
     * @param signed the number of own ids signed so far
     * @param total the number of own ids
     */
    void signed(int signed, int total);
  }

  /** Own ids signed per task handed to the executor; also the progress granularity. */
  static final int SIGNING_CHUNK = 512;

  /**
   * Signs every own id, {@code SHA-256(FDH(y)^d mod N)}, in chunks of {@value #SIGNING_CHUNK} ids
   * run on {@code executor} (a pool uses all its threads; {@code Runnable::run} signs on the
   * calling thread). Progress is reported on the calling thread after each chunk, in order. Does
   * nothing if the ids are already signed.
   *
   * @param executor where the signing chunks run
   * @param progress told after each chunk
   * @throws IllegalStateException if two ids get one tag (a SHA-256 collision)
   */
  public void signOwnIds(Executor executor, SigningProgress progress) {
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(progress, "progress");
    if (idsByTag != null) {
      return;
    }
    int total = ownIds.size();
    Bytes[] tags = new Bytes[total];
    List<CompletableFuture<Void>> chunks = new ArrayList<>();
    for (int start = 0; start < total; start += SIGNING_CHUNK) {
      int from = start;
      int to = Math.min(total, start + SIGNING_CHUNK);
      chunks.add(
          CompletableFuture.runAsync(
              () -> {
                for (int i = from; i < to; i++) {
                  tags[i] = fdh.tag(sign(fdh.hash(ownIds.get(i))));
                }
              },
              executor));
    }
    int done = 0;
    for (CompletableFuture<Void> chunk : chunks) {
      chunk.join();
      done = Math.min(total, done + SIGNING_CHUNK);
      progress.signed(done, total);
    }
    TreeMap<Bytes, Bytes> byTag = new TreeMap<>();
    for (int i = 0; i < total; i++) {
      if (byTag.put(tags[i], ownIds.get(i)) != null) {
        throw new IllegalStateException("two ids have one tag: SHA-256 collision?");
      }
    }
    idsByTag = byTag;
    sortedIds = List.copyOf(byTag.values());
  }

  /**
   * True once the own ids are signed.
   *
   * @return true after {@link #signOwnIds} (or a {@link #respond} that had to sign first)
   */
  public boolean ownIdsSigned() {
    return idsByTag != null;
  }

  /** A prime of exactly {@code bits} bits with top two bits set and {@code gcd(e, p - 1) = 1}. */
  private static BigInteger prime(int bits, RandomSource random) {
    byte[] buffer = new byte[(bits + 7) / 8];
    int excess = buffer.length * 8 - bits;
    while (true) {
      random.nextBytes(buffer);
      buffer[0] &= (byte) (0xff >>> excess);
      BigInteger candidate = new BigInteger(1, buffer).setBit(bits - 1).setBit(bits - 2).setBit(0);
      BigInteger prime = candidate.nextProbablePrime();
      if (prime.bitLength() == bits
          && prime.subtract(BigInteger.ONE).gcd(PUBLIC_EXPONENT).equals(BigInteger.ONE)) {
        return prime;
      }
    }
  }

  /**
   * A responder for a set of ids (duplicates ignored) with a fresh RSA key of a production size
   * generated from {@code random}, accepting an initiator set of at most {@code maxPeerSetSize}.
   *
   * @param ids the responder's own ids
   * @param size the RSA modulus size
   * @param random the source of the RSA key; must be cryptographically strong
   * @param maxPeerSetSize the largest initiator set accepted, at least 1
   * @return a responder with a fresh key
   */
  public static RsaPsiResponder create(
      Collection<Bytes> ids, RsaPsiKeySize size, RandomSource random, int maxPeerSetSize) {
    Objects.requireNonNull(size, "size");
    return createUnchecked(ids, size.bits(), random, maxPeerSetSize);
  }

  /**
   * INSECURE: a responder with a small RSA key (even size, at least {@value
   * #MIN_INSECURE_TEST_BITS} bits) so that tests run fast. Such keys can be factored; only {@link
   * RsaPsiInitiator#createAcceptingInsecureTestKeys} accepts them.
   *
   * @param ids the responder's own ids
   * @param modulusBits the RSA modulus size in bits, even and at least {@value
   *     #MIN_INSECURE_TEST_BITS}
   * @param random the source of the RSA key
   * @param maxPeerSetSize the largest initiator set accepted, at least 1
   * @return a responder with a fresh, insecure key
   * @throws IllegalArgumentException if {@code modulusBits} is odd or too small
   */
  public static RsaPsiResponder createInsecureForTesting(
      Collection<Bytes> ids, int modulusBits, RandomSource random, int maxPeerSetSize) {
    if (modulusBits < MIN_INSECURE_TEST_BITS || modulusBits % 2 != 0) {
      throw new IllegalArgumentException(
          "test modulus must be even and >= " + MIN_INSECURE_TEST_BITS);
    }
    return createUnchecked(ids, modulusBits, random, maxPeerSetSize);
  }

  private static RsaPsiResponder createUnchecked(
      Collection<Bytes> ids, int bits, RandomSource random, int maxPeerSetSize) {
    Objects.requireNonNull(random, "random");
    PsiMessages.checkMaxPeerSetSize(maxPeerSetSize);
    return new RsaPsiResponder(PsiMessages.distinctSorted(ids), bits, random, maxPeerSetSize);
  }

  /**
   * Round 1: the public key {@code (N, e)} as a {@code PsiRsaPublicKey}.
   *
   * @return the encoded {@code PsiRsaPublicKey} to send to the initiator
   */
  public Bytes publicKey() {
    return Bytes.of(
        HeProto.PsiRsaPublicKey.newBuilder()
            .setModulus(ByteString.copyFrom(FullDomainHash.fixed(n, fdh.elementLength())))
            .setPublicExponent(PUBLIC_EXPONENT.intValueExact())
            .build()
            .toByteArray());
  }

  /**
   * Round 3 on the calling thread: {@link #respond(Bytes, Executor)} with {@code Runnable::run}.
   *
   * @param request the initiator's encoded {@code PsiRsaRequest}
   * @return the encoded {@code PsiRsaResponse} to send back
   * @throws InvalidCryptoInputException if malformed, too large, unsorted, or a value is not in
   *     {@code [1, N)}
   * @throws IllegalStateException if called twice
   */
  public Bytes respond(Bytes request) throws InvalidCryptoInputException {
    return respond(request, Runnable::run);
  }

  /**
   * Round 3: signs the initiator's blinded values ({@code PsiRsaRequest}), one RSA-CRT
   * exponentiation each, in chunks on {@code executor}, and adds the tags of its own ids ({@code
   * PsiRsaResponse}), signing the own ids first on this thread if {@link #signOwnIds} has not run.
   *
   * @param request the initiator's encoded {@code PsiRsaRequest}
   * @param executor where the signing chunks run (a pool uses all its threads)
   * @return the encoded {@code PsiRsaResponse} to send back
   * @throws InvalidCryptoInputException if malformed, too large, unsorted, or a value is not in
   *     {@code [1, N)}
   * @throws IllegalStateException if called twice
   */
  public Bytes respond(Bytes request, Executor executor) throws InvalidCryptoInputException {
    Objects.requireNonNull(executor, "executor");
    if (responded) {
      throw new IllegalStateException("already responded");
    }
    int length = fdh.elementLength();
    HeProto.PsiRsaRequest message =
        PsiMessages.parse(
            request,
            16L + (length + 4L) * maxPeerSetSize,
            maxPeerSetSize,
            HeProto.PsiRsaRequest.getDefaultInstance());
    PsiMessages.checkCount(message.getBlindedCount(), maxPeerSetSize, "initiator set");
    List<BigInteger> blinded = new ArrayList<>(message.getBlindedCount());
    Bytes previous = null;
    for (ByteString raw : message.getBlindedList()) {
      Bytes encoded = Bytes.of(raw.toByteArray());
      if (previous != null && previous.compareTo(encoded) >= 0) {
        throw new InvalidCryptoInputException(
            Reason.MALFORMED, "initiator's elements must be sorted and distinct");
      }
      previous = encoded;
      blinded.add(residue(raw, n, length));
    }
    signOwnIds(Runnable::run, SigningProgress.NONE);
    // One RSA-CRT exponentiation per value, as costly as signing the own ids.
    byte[][] signed =
        PerIdWork.mapOwn(
            blinded.size(), executor, i -> FullDomainHash.fixed(sign(blinded.get(i)), length));
    HeProto.PsiRsaResponse.Builder builder = HeProto.PsiRsaResponse.newBuilder();
    for (byte[] value : signed) {
      builder.addSigned(ByteString.copyFrom(value));
    }
    for (Bytes tag : idsByTag.keySet()) {
      builder.addTags(ByteString.copyFrom(tag.toByteArray()));
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

  /** {@code m^d mod N} by CRT (Garner). */
  BigInteger sign(BigInteger m) {
    BigInteger sp = m.mod(p).modPow(dp, p);
    BigInteger sq = m.mod(q).modPow(dq, q);
    return sp.subtract(sq).multiply(qInverse).mod(p).multiply(q).add(sq);
  }

  /** A value in {@code [1, N)} from exactly {@code length} big-endian bytes. */
  static BigInteger residue(ByteString raw, BigInteger n, int length)
      throws InvalidCryptoInputException {
    if (raw.size() != length) {
      throw new InvalidCryptoInputException(
          Reason.WRONG_LENGTH, "element has " + raw.size() + " bytes, expected " + length);
    }
    BigInteger v = new BigInteger(1, raw.toByteArray());
    if (v.signum() == 0 || v.compareTo(n) >= 0) {
      throw new InvalidCryptoInputException(Reason.OUT_OF_RANGE, "element is not in [1, N)");
    }
    return v;
  }

  /** Never shows ids or the key. */
  @Override
  public String toString() {
    return "RsaPsiResponder[" + ownIds.size() + " ids, " + n.bitLength() + "-bit N]";
  }
}
