package org.cybervein.benchmarks.pospace;

import java.util.concurrent.TimeUnit;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.pospace.Challenges;
import org.cybervein.storageproofs.pospace.CommitProof;
import org.cybervein.storageproofs.pospace.GraphParameters;
import org.cybervein.storageproofs.pospace.ProofKind;
import org.cybervein.storageproofs.pospace.SpaceCommitment;
import org.cybervein.storageproofs.pospace.SpaceProver;
import org.cybervein.storageproofs.pospace.SpaceVerifier;
import org.cybervein.storageproofs.pospace.StorageProof;
import org.cybervein.storageproofs.pospace.VerifiedSpaceCommitment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Proving and verifying both proofs of space for a commitment to n = 2^20 labels (default graph)
 * with k = 264 challenges (delta = 0.1, soundness 2^-40), verification including decoding from
 * bytes as a verifier receives them.
 *
 * <p>Mode: average time per proof, in microseconds; lower is better. The encoded size of each proof
 * is printed once in setup ({@code proof sizes: ...} in the run log), since JMH times rather than
 * counts bytes.
 *
 * <p>Baseline, measured in the same run: {@code challengeDerivation}, the Fiat-Shamir part that
 * every verification repeats.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class SpaceProofBenchmark {
  private static final Bytes SEED = Bytes.utf8("block hash stands here");

  /** n = 2^log2Nodes; lower it with {@code -p log2Nodes=12} for a quick look. */
  @Param({"20"})
  public int log2Nodes;

  /** The number of challenges k. */
  @Param({"264"})
  public int k;

  private SpaceProver prover;
  private SpaceCommitment commitment;
  private VerifiedSpaceCommitment verified;
  private Bytes storageBytes;
  private Bytes commitBytes;

  /** Builds the commitment in memory and checks both proofs verify. */
  @Setup
  public void setUp() throws InvalidStorageProofException {
    prover =
        SpaceProver.initInMemory(
            Hash.fromHex("6d75000000000000000000000000000000000000000000000000000000000002"),
            1L << log2Nodes,
            GraphParameters.DEFAULT);
    commitment = prover.commitment();
    storageBytes = prover.proveStorage(SEED, k).encode();
    commitBytes = prover.proveCommit(SEED, k).encode();
    verified = SpaceVerifier.checkCommit(commitment, SEED, k, CommitProof.decode(commitBytes));
    SpaceVerifier.checkStorage(verified, SEED, k, StorageProof.decode(storageBytes));
    System.out.println(
        "proof sizes: n=2^"
            + log2Nodes
            + " k="
            + k
            + " storage="
            + storageBytes.size()
            + " B, commit="
            + commitBytes.size()
            + " B, commitment="
            + commitment.encode().size()
            + " B");
  }

  /** Algorithm 3, prover: derive the challenges and open k labels. */
  @Benchmark
  public StorageProof proveStorage() {
    return prover.proveStorage(SEED, k);
  }

  /** Algorithm 3, verifier: decode the bytes and check k openings against gamma. */
  @Benchmark
  public boolean decodeAndVerifyStorage() throws InvalidStorageProofException {
    return SpaceVerifier.verifyStorage(verified, SEED, k, StorageProof.decode(storageBytes));
  }

  /** Algorithm 2, prover: open k labels and all their parents. */
  @Benchmark
  public CommitProof proveCommit() {
    return prover.proveCommit(SEED, k);
  }

  /** Algorithm 2, verifier: decode, check every opening and recompute k labels. */
  @Benchmark
  public boolean decodeAndVerifyCommit() throws InvalidStorageProofException {
    return SpaceVerifier.verifyCommit(commitment, SEED, k, CommitProof.decode(commitBytes));
  }

  /** Baseline: deriving the k storage challenges alone. */
  @Benchmark
  public Object challengeDerivation() {
    return Challenges.derive(ProofKind.STORAGE, commitment, SEED, k);
  }
}
