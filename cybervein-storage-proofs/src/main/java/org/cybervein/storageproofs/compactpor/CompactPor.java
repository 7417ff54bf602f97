package org.cybervein.storageproofs.compactpor;

import java.math.BigInteger;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.random.RandomSource;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;

/**
 * The compact proof of retrievability with unbounded audits: Shacham and Waters' scheme with
 * private verification over Z_p, p = 2^127 - 1, on the verifier's side.
 *
 * <h2>Scheme</h2>
 *
 * The file is cut into {@code n} blocks of {@code s} sectors of {@value #SECTOR_SIZE} bytes (the
 * last block padded with zeros); sector {@code m_ij} is its bytes read big-endian, below p. With
 * the per-file PRF {@code f_k} and secrets {@code alpha_j} ({@link CompactPorKey}), block {@code
 * i}'s tag is {@code sigma_i = f_k(i) + sum_j alpha_j m_ij mod p}. A challenge names a set {@code
 * Q} of {@code (i, nu_i)} (expanded from a seed); the storage node answers {@code mu_j = sum_Q nu_i
 * m_ij} and {@code sigma = sum_Q nu_i sigma_i} ({@link CompactPorProver}), and the verifier checks
 * {@code sigma == sum_Q nu_i f_k(i) + sum_j alpha_j mu_j mod p}. The proof is {@code s + 1}
 * elements whatever {@code |Q|}, the verifier's state never changes, and audits are unbounded.
 *
 * <h2>Detection</h2>
 *
 * A challenge of {@code c} distinct blocks among {@code n} of which {@code t} are corrupted touches
 * one with probability {@code 1 - C(n - t, c) / C(n, c)} (hypergeometric): 460 blocks detect 1%
 * corruption of 10,000 blocks with probability 0.99, Ateniese et al.'s figure.
 *
 * <p>For retrievability in the full sense (recovering the file from a prover that passes most
 * audits), erasure-code the file before tagging it, e.g. with the {@code erasure} package; this
 * class proves possession of the blocks it is given.
 */
public final class CompactPor {
  /** Bytes per sector: 120 bits, below p = 2^127 - 1. */
  public static final int SECTOR_SIZE = 15;

  /** The most sectors per block. */
  public static final int MAX_SECTORS = 255;

  /** The most blocks in one file. */
  public static final int MAX_BLOCKS = 1 << 20;

  /** The most blocks one challenge names. */
  public static final int MAX_CHALLENGED = 1 << 16;

  private final CompactPorKey key;

  private CompactPor(CompactPorKey key) {
    this.key = key;
  }

  /**
   * The verifier holding {@code key}.
   *
   * @param key the verifier's secret key
   * @return the verifier
   */
  public static CompactPor withKey(CompactPorKey key) {
    return new CompactPor(Objects.requireNonNull(key, "key"));
  }

  /**
   * The number of blocks of a file: {@code ceil(fileSize / (15 s))}.
   *
   * @param fileSize the file size in bytes, zero or more
   * @param sectorsPerBlock the sectors s per block, from 1 to 255
   * @return the number of blocks n
   */
  public static long blocks(long fileSize, int sectorsPerBlock) {
    long blockSize = (long) SECTOR_SIZE * sectorsPerBlock;
    return (fileSize + blockSize - 1) / blockSize;
  }

  /**
   * Computes the tags of {@code file}.
   *
   * @param fileId the file's id; the per-file secrets are derived from it, so it must not repeat
   *     under one key
   * @param file the file's bytes
   * @param sectorsPerBlock the sectors s per block, from 1 to 255
   * @return the tags for the prover and the small state the verifier keeps
   * @throws IllegalArgumentException for an empty file, {@code sectorsPerBlock} outside {@code [1,
   *     255]} or more than {@link #MAX_BLOCKS} blocks
   */
  public CompactPorEncoding tag(Hash fileId, Bytes file, int sectorsPerBlock) {
    CompactPorFileState state = new CompactPorFileState(fileId, file.size(), sectorsPerBlock);
    CompactPorKey.FileSecrets secrets = key.forFile(fileId, sectorsPerBlock);
    int n = (int) state.blocks();
    byte[] data = file.toByteArray();
    byte[] tags = new byte[n * PrimeField.ELEMENT_SIZE];
    BigInteger[] sectors = new BigInteger[sectorsPerBlock];
    for (int i = 0; i < n; i++) {
      CompactPorProver.sectors(data, i, sectorsPerBlock, sectors);
      BigInteger sigma = secrets.prf(i);
      for (int j = 0; j < sectorsPerBlock; j++) {
        sigma = sigma.add(secrets.alpha[j].multiply(sectors[j]));
      }
      PrimeField.write(sigma.mod(PrimeField.P), tags, i * PrimeField.ELEMENT_SIZE);
    }
    return new CompactPorEncoding(
        new CompactPorTags(fileId, sectorsPerBlock, Bytes.of(tags)), state);
  }

  /**
   * A fresh challenge of {@code count} blocks of the file, seeded from {@code random}.
   *
   * @param state the verifier's state of the file
   * @param count the number of blocks to challenge
   * @param random the source of the challenge seed
   * @return the challenge to send
   * @throws IllegalArgumentException if {@code count} is not in {@code [1, min(n, MAX_CHALLENGED)]}
   */
  public CompactPorChallenge challenge(CompactPorFileState state, int count, RandomSource random) {
    if (count < 1 || count > Math.min(state.blocks(), MAX_CHALLENGED)) {
      throw new IllegalArgumentException("count outside [1, min(n, " + MAX_CHALLENGED + ")]");
    }
    byte[] seed = new byte[CompactPorChallenge.SEED_SIZE];
    random.nextBytes(seed);
    return new CompactPorChallenge(state.fileId(), count, Bytes.of(seed));
  }

  /**
   * Checks a proof against the challenge sent.
   *
   * @param state the verifier's state of the file
   * @param challenge the challenge that was sent
   * @param proof the prover's answer
   * @throws InvalidStorageProofException {@link Reason#WRONG_CHALLENGE} for another file, {@link
   *     Reason#WRONG_LENGTH} for another number of sectors, {@link Reason#INVALID_VALUE} for an
   *     element not below p, {@link Reason#PROOF_MISMATCH} if the equation does not hold
   */
  public void verify(
      CompactPorFileState state, CompactPorChallenge challenge, CompactPorProof proof)
      throws InvalidStorageProofException {
    if (!challenge.fileId().equals(state.fileId())) {
      throw new IllegalArgumentException("the challenge is for another file than the state");
    }
    if (!proof.fileId().equals(challenge.fileId())) {
      throw new InvalidStorageProofException(Reason.WRONG_CHALLENGE, "proof for another file");
    }
    int s = state.sectorsPerBlock();
    if (proof.mu().size() != s * PrimeField.ELEMENT_SIZE) {
      throw new InvalidStorageProofException(
          Reason.WRONG_LENGTH, "expected " + s + " mu values, got " + proof.mu().size() / 16);
    }
    byte[] muBytes = proof.mu().toByteArray();
    BigInteger[] mu = new BigInteger[s];
    for (int j = 0; j < s; j++) {
      mu[j] = PrimeField.read(muBytes, j * PrimeField.ELEMENT_SIZE, "mu");
    }
    BigInteger sigma = PrimeField.read(proof.sigma().toByteArray(), 0, "sigma");
    if (challenge.count() > state.blocks()) {
      throw new IllegalArgumentException("challenge names more blocks than the file has");
    }
    ChallengeExpansion q =
        ChallengeExpansion.expand(
            challenge.seed().toByteArray(), state.blocks(), challenge.count());
    CompactPorKey.FileSecrets secrets = key.forFile(state.fileId(), s);
    BigInteger expected = BigInteger.ZERO;
    for (int k = 0; k < q.indices.length; k++) {
      expected = expected.add(q.coefficients[k].multiply(secrets.prf(q.indices[k])));
    }
    for (int j = 0; j < s; j++) {
      expected = expected.add(secrets.alpha[j].multiply(mu[j]));
    }
    if (!expected.mod(PrimeField.P).equals(sigma)) {
      throw new InvalidStorageProofException(
          Reason.PROOF_MISMATCH, "the proof does not verify: challenged blocks are not intact");
    }
  }

  @Override
  public String toString() {
    return "CompactPor[" + key + "]";
  }
}
