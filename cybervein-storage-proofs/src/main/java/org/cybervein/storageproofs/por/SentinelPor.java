package org.cybervein.storageproofs.por;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;
import org.cybervein.storageproofs.erasure.ReedSolomonCode;

/**
 * The Juels-Kaliski sentinel proof of retrievability, the whitepaper's "PDP for large files", on
 * the verifier's side: encode a file, challenge sentinel positions, check the answers, and recover
 * the file from a stored copy.
 *
 * <h2>Encoding</h2>
 *
 * <ol>
 *   <li>Pad the file of {@code L} bytes with zeros to {@code 223 * stripes} bytes, {@code stripes =
 *       ceil(L / 223)} rounded up to a multiple of 16 (so the coded file is whole blocks), and
 *       encrypt it with AES-256-CTR under the file's encryption key.
 *   <li>Encode each 223-byte stripe with RS(255, 223) ({@link ReedSolomonCode}) and interleave the
 *       codewords: byte {@code k} of codeword {@code c} goes to offset {@code k * stripes + c}. A
 *       16-byte block then holds one byte of each of 16 codewords.
 *   <li>Cut the result into {@code n = 255 * stripes / 16} blocks of {@value #BLOCK_SIZE} bytes and
 *       add {@code s} sentinel blocks, sentinel {@code j} being {@code AES_ks(u128be(j))}.
 *   <li>Place logical block {@code b} (data {@code 0..n-1}, then sentinels) at position {@code
 *       pi(b)} of the stored file, {@code pi} a keyed pseudorandom permutation of {@code [0, n +
 *       s)} (a Feistel network, see {@code KeyedPermutation}).
 * </ol>
 *
 * Keys are derived per file from the verifier's single {@link SentinelPorKey}. The verifier keeps
 * only a {@link SentinelFileState}. Each challenge reveals the next {@code q} unused sentinels,
 * which are then spent: a file supports {@code s / q} audits.
 *
 * <h2>What it guarantees</h2>
 *
 * Sentinels look like data, so a prover that has corrupted a fraction {@code eps} of the stored
 * blocks answers a challenge of {@code q} sentinels correctly with probability about {@code (1 -
 * eps)^q}: detection {@code 1 - (1 - eps)^q}, 0.993 for {@code eps = 0.5%, q = 1000}. Corruption
 * small enough to escape detection is spread by the permutation over many codewords, and the code
 * corrects up to 16 byte errors in each, so {@link #extract} recovers the file.
 *
 * <p>Immutable and thread-safe; the executor overload of {@link #encode} is the only way work runs
 * on other threads, and those threads are the host's.
 */
public final class SentinelPor {
  /** Bytes per block of the stored file (one AES block). */
  public static final int BLOCK_SIZE = 16;

  /** The tag of {@link SentinelFileState#contentDigest()}. */
  public static final DomainTag CONTENT_TAG = DomainTag.of("cybervein/por/sentinel-content/v1");

  private static final ReedSolomonCode CODE = ReedSolomonCode.rs255x223();
  private static final int STRIPE_ALIGNMENT = 16;
  private static final int TILE = 64;

  private final SentinelPorKey key;

  private SentinelPor(SentinelPorKey key) {
    this.key = key;
  }

  /**
   * The verifier holding {@code key}.
   *
   * @param key the verifier's secret key
   * @return the verifier
   */
  public static SentinelPor withKey(SentinelPorKey key) {
    return new SentinelPor(Objects.requireNonNull(key, "key"));
  }

  /**
   * Encodes {@code file} on the calling thread; see {@link #encode(Hash, Bytes, int, Executor,
   * int)}.
   *
   * @param fileId a fresh id for this encoding
   * @param file the file's bytes, not empty
   * @param sentinels the number of sentinel blocks to hide, at least 1
   * @return the stored form for the prover and the state the verifier keeps
   */
  public SentinelEncoding encode(Hash fileId, Bytes file, int sentinels) {
    return encode(fileId, file, sentinels, Runnable::run, 1);
  }

  /**
   * Encodes {@code file} with {@code sentinels} sentinels, running the Reed-Solomon stripes and the
   * permutation of the blocks each as {@code tasks} jobs on {@code executor}.
   *
   * @param fileId a fresh id for this encoding: the keys are derived from it, so two different
   *     files must not share an id under one key
   * @param file the file's bytes, not empty
   * @param sentinels the number of sentinel blocks to hide, at least 1
   * @param executor runs the encoding tasks
   * @param tasks the number of tasks per phase, at least 1
   * @return the stored form for the prover and the state the verifier keeps
   * @throws IllegalArgumentException for an empty file or a non-positive number of sentinels
   */
  public SentinelEncoding encode(
      Hash fileId, Bytes file, int sentinels, Executor executor, int tasks) {
    Objects.requireNonNull(fileId, "fileId");
    Objects.requireNonNull(file, "file");
    if (file.isEmpty() || sentinels < 1) {
      throw new IllegalArgumentException("need a non-empty file and at least one sentinel");
    }
    int stripes = stripes(file.size());
    // Size check first: a huge sentinel count must fail before the file is encrypted and coded.
    long dataBlocks = (long) stripes * ReedSolomonCode.CODEWORD_SIZE / BLOCK_SIZE;
    long total = dataBlocks + sentinels;
    if (total * BLOCK_SIZE > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("file too large for one in-memory encoding");
    }
    byte[] padded = new byte[stripes * ReedSolomonCode.DATA_SIZE];
    file.copyTo(padded, 0);
    BlockCipher.ctrInPlace(key.derive(fileId, "encryption"), padded);
    byte[] coded = new byte[stripes * ReedSolomonCode.CODEWORD_SIZE];
    CODE.encodeStripes(padded, coded, stripes, executor, tasks);
    byte[] interleaved = new byte[coded.length];
    interleave(coded, interleaved, stripes);
    long[] positions = permutation(fileId, total).applyToRange(0, (int) total, executor, tasks);
    byte[] sentinelValues = sentinelValues(fileId, 0, sentinels);
    byte[] stored = new byte[(int) (total * BLOCK_SIZE)];
    for (int b = 0; b < total; b++) {
      int target = (int) positions[b] * BLOCK_SIZE;
      if (b < dataBlocks) {
        System.arraycopy(interleaved, b * BLOCK_SIZE, stored, target, BLOCK_SIZE);
      } else {
        System.arraycopy(
            sentinelValues, (int) (b - dataBlocks) * BLOCK_SIZE, stored, target, BLOCK_SIZE);
      }
    }
    Hash digest = HashFunction.SHA256.hash(CONTENT_TAG, file);
    return new SentinelEncoding(
        Bytes.of(stored),
        new SentinelFileState(fileId, file.size(), dataBlocks, sentinels, 0, digest));
  }

  /**
   * A challenge of the next {@code q} unused sentinels of the file.
   *
   * @param state the verifier's state of the file; the challenged sentinels are spent
   * @param q the number of sentinels to reveal
   * @return the audit: the challenge to send and the expected sentinel values
   * @throws IllegalArgumentException if {@code q} is not in {@code [1, MAX_POSITIONS]}
   * @throws IllegalStateException if fewer than {@code q} sentinels are left
   */
  public SentinelAudit challenge(SentinelFileState state, int q) {
    if (q < 1 || q > SentinelChallenge.MAX_POSITIONS) {
      throw new IllegalArgumentException(
          "q must be in [1, " + SentinelChallenge.MAX_POSITIONS + "], got " + q);
    }
    if (state.sentinelsLeft() < q) {
      throw new IllegalStateException(
          "only " + state.sentinelsLeft() + " sentinels left, " + q + " asked");
    }
    long from = state.dataBlocks() + state.nextSentinel();
    long[] positions =
        permutation(state.fileId(), state.storedBlocks()).applyToRange(from, q, Runnable::run, 1);
    List<Long> list = new ArrayList<>(q);
    for (long p : positions) {
      list.add(p);
    }
    return new SentinelAudit(
        new SentinelChallenge(state.fileId(), list), state.nextSentinel(), state.spend(q));
  }

  /**
   * Checks an answer: the blocks must be exactly the challenged sentinels.
   *
   * @param audit the audit the challenge came from
   * @param response the prover's answer
   * @throws InvalidStorageProofException {@link Reason#WRONG_CHALLENGE} for another file, {@link
   *     Reason#WRONG_LENGTH} for another number of blocks, {@link Reason#PROOF_MISMATCH} if a
   *     sentinel differs (the file is corrupted)
   */
  public void verify(SentinelAudit audit, SentinelResponse response)
      throws InvalidStorageProofException {
    SentinelChallenge challenge = audit.challenge();
    if (!response.fileId().equals(challenge.fileId())) {
      throw new InvalidStorageProofException(Reason.WRONG_CHALLENGE, "answer for another file");
    }
    int q = challenge.positions().size();
    if (response.blocks().size() != q * BLOCK_SIZE) {
      throw new InvalidStorageProofException(
          Reason.WRONG_LENGTH, "expected " + q + " blocks, got " + response.blocks().size() / 16);
    }
    byte[] expected = sentinelValues(challenge.fileId(), audit.firstSentinel(), q);
    if (!MessageDigest.isEqual(expected, response.blocks().toByteArray())) {
      throw new InvalidStorageProofException(
          Reason.PROOF_MISMATCH, "a challenged sentinel differs: the stored file is corrupted");
    }
  }

  /**
   * Recovers the original file from a stored copy, correcting up to 16 byte errors per codeword.
   *
   * @param state the verifier's state of the file
   * @param stored the stored copy, as retrieved from the prover
   * @return the original file
   * @throws InvalidStorageProofException {@link Reason#WRONG_LENGTH} for a copy of the wrong size,
   *     {@link Reason#UNCORRECTABLE} if a codeword has too many errors, {@link
   *     Reason#PROOF_MISMATCH} if the result is not the encoded file
   */
  public Bytes extract(SentinelFileState state, Bytes stored) throws InvalidStorageProofException {
    if (stored.size() != state.storedBlocks() * BLOCK_SIZE) {
      throw new InvalidStorageProofException(
          Reason.WRONG_LENGTH,
          "stored file must be " + state.storedBlocks() * BLOCK_SIZE + " bytes");
    }
    int stripes = stripes(state.fileSize());
    if ((long) stripes * ReedSolomonCode.CODEWORD_SIZE != state.dataBlocks() * BLOCK_SIZE) {
      throw new IllegalArgumentException("state does not describe a sentinel encoding");
    }
    byte[] raw = stored.toByteArray();
    long[] positions =
        permutation(state.fileId(), state.storedBlocks())
            .applyToRange(0, Math.toIntExact(state.dataBlocks()), Runnable::run, 1);
    byte[] interleaved = new byte[stripes * ReedSolomonCode.CODEWORD_SIZE];
    for (int b = 0; b < positions.length; b++) {
      System.arraycopy(
          raw, (int) positions[b] * BLOCK_SIZE, interleaved, b * BLOCK_SIZE, BLOCK_SIZE);
    }
    byte[] codewords = new byte[interleaved.length];
    deinterleave(interleaved, codewords, stripes);
    byte[] codeword = new byte[ReedSolomonCode.CODEWORD_SIZE];
    byte[] encrypted = new byte[stripes * ReedSolomonCode.DATA_SIZE];
    for (int c = 0; c < stripes; c++) {
      System.arraycopy(
          codewords, c * ReedSolomonCode.CODEWORD_SIZE, codeword, 0, ReedSolomonCode.CODEWORD_SIZE);
      try {
        CODE.decode(codeword, 0);
      } catch (InvalidStorageProofException e) {
        throw new InvalidStorageProofException(
            Reason.UNCORRECTABLE, "codeword " + c + ": " + e.getMessage(), e);
      }
      System.arraycopy(
          codeword, 0, encrypted, c * ReedSolomonCode.DATA_SIZE, ReedSolomonCode.DATA_SIZE);
    }
    BlockCipher.ctrInPlace(key.derive(state.fileId(), "encryption"), encrypted);
    Bytes file = Bytes.of(encrypted, 0, (int) state.fileSize());
    if (!HashFunction.SHA256.hash(CONTENT_TAG, file).equals(state.contentDigest())) {
      throw new InvalidStorageProofException(
          Reason.PROOF_MISMATCH, "decoded file does not match its digest");
    }
    return file;
  }

  /**
   * Byte {@code k} of codeword {@code c} to offset {@code k * stripes + c}, in tiles of {@value
   * #TILE} codewords so that both the reads and the writes stay within a few cache lines.
   */
  static void interleave(byte[] codewords, byte[] interleaved, int stripes) {
    for (int c0 = 0; c0 < stripes; c0 += TILE) {
      int c1 = Math.min(stripes, c0 + TILE);
      for (int k = 0; k < ReedSolomonCode.CODEWORD_SIZE; k++) {
        int row = k * stripes;
        for (int c = c0; c < c1; c++) {
          interleaved[row + c] = codewords[c * ReedSolomonCode.CODEWORD_SIZE + k];
        }
      }
    }
  }

  /** The inverse of {@link #interleave}. */
  static void deinterleave(byte[] interleaved, byte[] codewords, int stripes) {
    for (int c0 = 0; c0 < stripes; c0 += TILE) {
      int c1 = Math.min(stripes, c0 + TILE);
      for (int k = 0; k < ReedSolomonCode.CODEWORD_SIZE; k++) {
        int row = k * stripes;
        for (int c = c0; c < c1; c++) {
          codewords[c * ReedSolomonCode.CODEWORD_SIZE + k] = interleaved[row + c];
        }
      }
    }
  }

  /** Stripes for a file of {@code size} bytes: enough for the data, a multiple of 16. */
  static int stripes(long size) {
    long needed = (size + ReedSolomonCode.DATA_SIZE - 1) / ReedSolomonCode.DATA_SIZE;
    long aligned = (needed + STRIPE_ALIGNMENT - 1) / STRIPE_ALIGNMENT * STRIPE_ALIGNMENT;
    if (aligned * ReedSolomonCode.CODEWORD_SIZE > Integer.MAX_VALUE / 2) {
      throw new IllegalArgumentException("file too large for one in-memory encoding");
    }
    return (int) aligned;
  }

  KeyedPermutation permutation(Hash fileId, long size) {
    return new KeyedPermutation(key.derive(fileId, "permutation"), size);
  }

  private byte[] sentinelValues(Hash fileId, int first, int count) {
    byte[] counters = new byte[count * BLOCK_SIZE];
    for (int j = 0; j < count; j++) {
      int value = first + j;
      int o = j * BLOCK_SIZE + BLOCK_SIZE - 4;
      counters[o] = (byte) (value >>> 24);
      counters[o + 1] = (byte) (value >>> 16);
      counters[o + 2] = (byte) (value >>> 8);
      counters[o + 3] = (byte) value;
    }
    return BlockCipher.encryptBlocks(key.derive(fileId, "sentinel"), counters);
  }

  @Override
  public String toString() {
    return "SentinelPor[" + key + "]";
  }
}
