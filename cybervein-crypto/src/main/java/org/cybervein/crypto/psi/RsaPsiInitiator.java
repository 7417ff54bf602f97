package org.cybervein.crypto.psi;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.RandomSource;
import org.cybervein.api.wire.v1.HeProto;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.InvalidCryptoInputException.Reason;

/**
 * The initiator (the party that blinds) of RSA blind-signature PSI; see {@link RsaPsiResponder} for
 * the protocol.
 *
 * <p>Rounds: {@link #request(Bytes)} with the responder's {@code PsiRsaPublicKey} -> {@link
 * #finish(Bytes)} with its {@code PsiRsaResponse}, which returns the {@code PsiResult} for the
 * responder and makes {@link #intersection()} available. The initiator verifies every unblinded
 * signature, so a responder that signs with a wrong key is caught. A rejected message changes no
 * state. Not thread-safe.
 */
public final class RsaPsiInitiator {
  private static final int MAX_MODULUS_BITS = 3072;

  private final List<Bytes> ids;
  private final RandomSource random;
  private final int maxPeerSetSize;
  private final boolean acceptTestKeys;
  private BigInteger n;
  private FullDomainHash fdh;
  // Position in the request -> (id, its FDH value, blinding factor r).
  private List<Bytes> requestIds;
  private List<BigInteger> requestHashes;
  private List<BigInteger> requestFactors;
  private List<Bytes> intersection;

  private RsaPsiInitiator(
      List<Bytes> ids, RandomSource random, int maxPeerSetSize, boolean acceptTestKeys) {
    this.ids = ids;
    this.random = random;
    this.maxPeerSetSize = maxPeerSetSize;
    this.acceptTestKeys = acceptTestKeys;
  }

  /**
   * An initiator for a set of ids (duplicates ignored), blinding with {@code random}, accepting
   * responder keys of 2048 or 3072 bits and a responder set of at most {@code maxPeerSetSize}.
   *
   * @param ids the initiator's own ids
   * @param random the source of the blinding factors; must be cryptographically strong outside
   *     tests
   * @param maxPeerSetSize the largest responder set accepted, at least 1
   * @return an initiator waiting for the responder's public key
   */
  public static RsaPsiInitiator create(
      Collection<Bytes> ids, RandomSource random, int maxPeerSetSize) {
    return createChecked(ids, random, maxPeerSetSize, false);
  }

  /**
   * INSECURE: like {@link #create} but also accepting the small keys of tests.
   *
   * @param ids the initiator's own ids
   * @param random the source of the blinding factors
   * @param maxPeerSetSize the largest responder set accepted, at least 1
   * @return an initiator waiting for the responder's public key
   */
  public static RsaPsiInitiator createAcceptingInsecureTestKeys(
      Collection<Bytes> ids, RandomSource random, int maxPeerSetSize) {
    return createChecked(ids, random, maxPeerSetSize, true);
  }

  private static RsaPsiInitiator createChecked(
      Collection<Bytes> ids, RandomSource random, int maxPeerSetSize, boolean acceptTestKeys) {
    Objects.requireNonNull(random, "random");
    PsiMessages.checkMaxPeerSetSize(maxPeerSetSize);
    return new RsaPsiInitiator(
        PsiMessages.distinctSorted(ids), random, maxPeerSetSize, acceptTestKeys);
  }

  /**
   * Round 2: reads the responder's {@code PsiRsaPublicKey} and returns the blinded hashes of the
   * own ids ({@code PsiRsaRequest}).
   *
   * @param publicKey the responder's encoded {@code PsiRsaPublicKey}
   * @return the encoded {@code PsiRsaRequest} to send to the responder
   * @throws InvalidCryptoInputException if the key is malformed, of an unaccepted size, even, or
   *     its exponent is not 65537
   * @throws IllegalStateException if called twice
   */
  public Bytes request(Bytes publicKey) throws InvalidCryptoInputException {
    if (n != null) {
      throw new IllegalStateException("already requested");
    }
    HeProto.PsiRsaPublicKey message =
        PsiMessages.parse(
            publicKey, MAX_MODULUS_BITS / 8 + 16, 0, HeProto.PsiRsaPublicKey.getDefaultInstance());
    ByteString modulus = message.getModulus();
    if (modulus.isEmpty() || modulus.byteAt(0) == 0) {
      throw new InvalidCryptoInputException(Reason.MALFORMED, "modulus missing or not minimal");
    }
    BigInteger candidate = new BigInteger(1, modulus.toByteArray());
    int bits = candidate.bitLength();
    boolean sizeAccepted =
        acceptTestKeys
            ? bits >= RsaPsiResponder.MIN_INSECURE_TEST_BITS && bits <= MAX_MODULUS_BITS
            : bits == RsaPsiKeySize.BITS_2048.bits() || bits == RsaPsiKeySize.BITS_3072.bits();
    if (!sizeAccepted || !candidate.testBit(0)) {
      throw new InvalidCryptoInputException(
          Reason.INVALID_KEY, "RSA modulus of " + bits + " bits is not accepted");
    }
    if (Integer.toUnsignedLong(message.getPublicExponent())
        != RsaPsiResponder.PUBLIC_EXPONENT.longValueExact()) {
      throw new InvalidCryptoInputException(Reason.INVALID_KEY, "public exponent must be 65537");
    }
    FullDomainHash hash = new FullDomainHash(candidate);
    // Blinded value -> position data, sorted so that the request order says nothing about ids.
    TreeMap<Bytes, Integer> order = new TreeMap<>();
    List<BigInteger> hashes = new ArrayList<>(ids.size());
    List<BigInteger> factors = new ArrayList<>(ids.size());
    List<Bytes> blindedValues = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      BigInteger h = hash.hash(ids.get(i));
      BigInteger r;
      BigInteger mu;
      Bytes encoded;
      do {
        r = unit(candidate);
        mu = h.multiply(r.modPow(RsaPsiResponder.PUBLIC_EXPONENT, candidate)).mod(candidate);
        encoded = Bytes.of(FullDomainHash.fixed(mu, hash.elementLength()));
      } while (mu.signum() == 0 || order.containsKey(encoded));
      order.put(encoded, i);
      hashes.add(h);
      factors.add(r);
      blindedValues.add(encoded);
    }
    List<Bytes> orderedIds = new ArrayList<>(ids.size());
    List<BigInteger> orderedHashes = new ArrayList<>(ids.size());
    List<BigInteger> orderedFactors = new ArrayList<>(ids.size());
    HeProto.PsiRsaRequest.Builder builder = HeProto.PsiRsaRequest.newBuilder();
    for (var entry : order.entrySet()) {
      int i = entry.getValue();
      orderedIds.add(ids.get(i));
      orderedHashes.add(hashes.get(i));
      orderedFactors.add(factors.get(i));
      builder.addBlinded(ByteString.copyFrom(entry.getKey().toByteArray()));
    }
    this.n = candidate;
    this.fdh = hash;
    this.requestIds = List.copyOf(orderedIds);
    this.requestHashes = List.copyOf(orderedHashes);
    this.requestFactors = List.copyOf(orderedFactors);
    return Bytes.of(builder.build().toByteArray());
  }

  private BigInteger unit(BigInteger modulus) {
    byte[] buffer = new byte[(modulus.bitLength() + 7) / 8 + 16];
    while (true) {
      random.nextBytes(buffer);
      BigInteger r = new BigInteger(1, buffer).mod(modulus);
      if (r.signum() > 0 && r.gcd(modulus).equals(BigInteger.ONE)) {
        return r;
      }
    }
  }

  /**
   * Round 4: reads the responder's {@code PsiRsaResponse}, unblinds and verifies the signatures,
   * computes the intersection and returns the {@code PsiResult} for the responder.
   *
   * @param response the responder's encoded {@code PsiRsaResponse}
   * @return the encoded {@code PsiResult} to send back to the responder
   * @throws InvalidCryptoInputException if malformed, with the wrong number of elements, values out
   *     of range, unsorted tags, or a signature that does not verify ({@code
   *     AUTHENTICATION_FAILED})
   * @throws IllegalStateException if not requested yet or already finished
   */
  public Bytes finish(Bytes response) throws InvalidCryptoInputException {
    if (n == null || intersection != null) {
      throw new IllegalStateException("finish follows request, once");
    }
    int length = fdh.elementLength();
    long maxSize = 16L + (length + 4L) * requestIds.size() + 36L * maxPeerSetSize;
    HeProto.PsiRsaResponse message =
        PsiMessages.parse(
            response,
            maxSize,
            requestIds.size() + (long) maxPeerSetSize,
            HeProto.PsiRsaResponse.getDefaultInstance());
    if (message.getSignedCount() != requestIds.size()) {
      throw new InvalidCryptoInputException(
          Reason.MALFORMED, "response must answer each of the " + requestIds.size() + " requests");
    }
    PsiMessages.checkCount(message.getTagsCount(), maxPeerSetSize, "responder set");
    TreeMap<Bytes, Bytes> ownByTag = new TreeMap<>();
    for (int i = 0; i < requestIds.size(); i++) {
      BigInteger signedBlinded = RsaPsiResponder.residue(message.getSigned(i), n, length);
      BigInteger s = signedBlinded.multiply(requestFactors.get(i).modInverse(n)).mod(n);
      if (!s.modPow(RsaPsiResponder.PUBLIC_EXPONENT, n).equals(requestHashes.get(i))) {
        throw new InvalidCryptoInputException(
            Reason.AUTHENTICATION_FAILED, "a blind signature does not verify");
      }
      ownByTag.put(fdh.tag(s), requestIds.get(i));
    }
    List<Integer> positions = new ArrayList<>();
    TreeSet<Bytes> matched = new TreeSet<>();
    Bytes previous = null;
    for (int j = 0; j < message.getTagsCount(); j++) {
      ByteString raw = message.getTags(j);
      if (raw.size() != 32) {
        throw new InvalidCryptoInputException(Reason.WRONG_LENGTH, "a tag has 32 bytes");
      }
      Bytes tag = Bytes.of(raw.toByteArray());
      if (previous != null && previous.compareTo(tag) >= 0) {
        throw new InvalidCryptoInputException(
            Reason.MALFORMED, "responder's tags must be sorted and distinct");
      }
      previous = tag;
      Bytes id = ownByTag.get(tag);
      if (id != null) {
        matched.add(id);
        positions.add(j);
      }
    }
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

  /** Never shows ids or blinding factors. */
  @Override
  public String toString() {
    return "RsaPsiInitiator[" + ids.size() + " ids]";
  }
}
