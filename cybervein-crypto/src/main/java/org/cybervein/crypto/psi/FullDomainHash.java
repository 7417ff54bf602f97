package org.cybervein.crypto.psi;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.cybervein.api.Bytes;

/**
 * The full-domain hash {@code FDH_N(id)} of RSA-PSI and the tag hash of signatures.
 *
 * <p>{@code FDH_N(id) = OS2IP(T) mod N}, where T is the first {@code L = ceil((bits(N) + 128) / 8)}
 * bytes of {@code SHA-256(DST || I2OSP(i, 4) || I2OSP(len(N), 4) || I2OSP(N, len(N)) || id)} for
 * {@code i = 0, 1, 2, ...} concatenated, {@code len(N)} the byte length of N and DST the ASCII
 * bytes of {@value #FDH_DST}. The 128 extra bits make the reduction's bias below {@code 2^-128};
 * binding N keeps hashes for different keys apart. A tag is {@code SHA-256(TAG_DST || I2OSP(s,
 * len(N)))} of a signature s, with TAG_DST the ASCII bytes of {@value #TAG_DST}.
 *
 * <p>Immutable and thread-safe: the responder signs its ids on several threads at once, so each
 * call takes its own digest (a shared {@code MessageDigest} once corrupted tags under contention).
 */
final class FullDomainHash {
  static final String FDH_DST = "CYBERVEIN-V1-PSI-RSA-FDH-SHA256";
  static final String TAG_DST = "CYBERVEIN-V1-PSI-RSA-TAG-SHA256";

  private final BigInteger n;
  private final byte[] nBytes;
  private final int outputLength;

  FullDomainHash(BigInteger n) {
    this.n = n;
    this.nBytes = fixed(n, (n.bitLength() + 7) / 8);
    this.outputLength = (n.bitLength() + 128 + 7) / 8;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  BigInteger hash(Bytes id) {
    byte[] out = new byte[outputLength];
    byte[] dst = FDH_DST.getBytes(StandardCharsets.US_ASCII);
    byte[] idBytes = id.toByteArray();
    MessageDigest sha256 = sha256();
    for (int i = 0, done = 0; done < outputLength; i++, done += 32) {
      sha256.reset();
      sha256.update(dst);
      sha256.update(int32(i));
      sha256.update(int32(nBytes.length));
      sha256.update(nBytes);
      sha256.update(idBytes);
      byte[] block = sha256.digest();
      System.arraycopy(block, 0, out, done, Math.min(32, outputLength - done));
    }
    return new BigInteger(1, out).mod(n);
  }

  Bytes tag(BigInteger signature) {
    MessageDigest sha256 = sha256();
    sha256.update(TAG_DST.getBytes(StandardCharsets.US_ASCII));
    sha256.update(fixed(signature, nBytes.length));
    return Bytes.of(sha256.digest());
  }

  int elementLength() {
    return nBytes.length;
  }

  static byte[] int32(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  static byte[] fixed(BigInteger v, int length) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[length];
    int copy = Math.min(raw.length, length);
    System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
    return out;
  }
}
