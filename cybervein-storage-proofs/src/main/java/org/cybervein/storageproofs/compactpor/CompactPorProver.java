package org.cybervein.storageproofs.compactpor;

import java.math.BigInteger;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;

/**
 * The storage node's side of the compact POR: from the file and its tags, the constant-size proof
 * {@code (mu, sigma)} for a challenge. Needs no key.
 */
public final class CompactPorProver {
  private CompactPorProver() {}

  /**
   * Answers {@code challenge}.
   *
   * @param file the stored file
   * @param tags the file's tags, received from the uploader
   * @param challenge the verifier's challenge
   * @return the proof (mu, sigma)
   * @throws InvalidStorageProofException {@link Reason#WRONG_CHALLENGE} if the challenge is for
   *     another file than the tags, {@link Reason#INVALID_VALUE} if the file and tags disagree in
   *     block count or the challenge names more blocks than the file has
   */
  public static CompactPorProof prove(
      Bytes file, CompactPorTags tags, CompactPorChallenge challenge)
      throws InvalidStorageProofException {
    Objects.requireNonNull(file, "file");
    if (!challenge.fileId().equals(tags.fileId())) {
      throw new InvalidStorageProofException(Reason.WRONG_CHALLENGE, "challenge for another file");
    }
    int s = tags.sectorsPerBlock();
    long n = CompactPor.blocks(file.size(), s);
    if (file.isEmpty() || n != tags.count()) {
      throw new InvalidStorageProofException(
          Reason.INVALID_VALUE, "file has " + n + " blocks, tags " + tags.count());
    }
    if (challenge.count() > n) {
      throw new InvalidStorageProofException(
          Reason.INVALID_VALUE, "challenge names " + challenge.count() + " of " + n + " blocks");
    }
    ChallengeExpansion q =
        ChallengeExpansion.expand(challenge.seed().toByteArray(), n, challenge.count());
    byte[] data = file.toByteArray();
    byte[] tagBytes = tags.tags().toByteArray();
    BigInteger[] mu = new BigInteger[s];
    java.util.Arrays.fill(mu, BigInteger.ZERO);
    BigInteger sigma = BigInteger.ZERO;
    BigInteger[] sectors = new BigInteger[s];
    byte[] raw = new byte[PrimeField.ELEMENT_SIZE];
    for (int k = 0; k < q.indices.length; k++) {
      int i = (int) q.indices[k];
      BigInteger nu = q.coefficients[k];
      sectors(data, i, s, sectors);
      for (int j = 0; j < s; j++) {
        mu[j] = mu[j].add(nu.multiply(sectors[j]));
      }
      System.arraycopy(tagBytes, i * PrimeField.ELEMENT_SIZE, raw, 0, PrimeField.ELEMENT_SIZE);
      sigma = sigma.add(nu.multiply(new BigInteger(1, raw)));
    }
    byte[] muBytes = new byte[s * PrimeField.ELEMENT_SIZE];
    for (int j = 0; j < s; j++) {
      PrimeField.write(mu[j].mod(PrimeField.P), muBytes, j * PrimeField.ELEMENT_SIZE);
    }
    byte[] sigmaBytes = new byte[PrimeField.ELEMENT_SIZE];
    PrimeField.write(sigma.mod(PrimeField.P), sigmaBytes, 0);
    return new CompactPorProof(tags.fileId(), Bytes.of(muBytes), Bytes.of(sigmaBytes));
  }

  /** Reads the {@code s} sectors of block {@code i}, zero beyond the end of the file. */
  static void sectors(byte[] data, int block, int s, BigInteger[] out) {
    byte[] sector = new byte[CompactPor.SECTOR_SIZE];
    long base = (long) block * s * CompactPor.SECTOR_SIZE;
    for (int j = 0; j < s; j++) {
      long from = base + (long) j * CompactPor.SECTOR_SIZE;
      java.util.Arrays.fill(sector, (byte) 0);
      if (from < data.length) {
        int length = (int) Math.min(CompactPor.SECTOR_SIZE, data.length - from);
        System.arraycopy(data, (int) from, sector, 0, length);
      }
      out[j] = new BigInteger(1, sector);
    }
  }
}
