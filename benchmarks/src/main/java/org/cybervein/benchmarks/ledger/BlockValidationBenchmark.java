package org.cybervein.benchmarks.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.block.ContributionProof;
import org.cybervein.ledger.chain.Chain;
import org.cybervein.ledger.chain.ChainUpdate;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.pospace.SpaceVerifier;
import org.cybervein.storageproofs.pospace.VerifiedSpaceCommitment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Validating a block beta_1 = (phi, sigma, tau) as a node receives it: {@code contributors} proofs
 * of space (the winner's in phi, the others' in tau) over n = 2^log2Nodes labels with k = {@code
 * storageChallenges} challenges each, and {@code transfers} signed transfers.
 *
 * <ul>
 *   <li>{@code submit}: {@code Chain.submit(bytes)}, everything: decoding, the three signatures,
 *       the challenge schedule, every proof of space, registration and bandwidth lookups in the
 *       state, every transaction's signature and execution, the state root. A fresh chain at
 *       genesis is made before each call (not timed).
 *   <li>{@code decodeAndCheckSignatures}: the stateless part that a node does before anything else.
 *   <li>{@code verifyProofsOfSpace}: only {@code SpaceVerifier.checkStorage} of every contribution,
 *       against the registered commitments read beforehand.
 *   <li>{@code sha256OfBlock}: <b>baseline</b>, one tagged SHA-256 over the encoded block.
 * </ul>
 *
 * Mode: average time per block in microseconds; lower is better.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class BlockValidationBenchmark {
  private static final DomainTag TAG = DomainTag.of("cybervein/benchmark/block/v1");

  /** n = 2^log2Nodes labels per contributor. */
  @Param({"16"})
  public int log2Nodes;

  /** k of each storage proof. */
  @Param({"64"})
  public int storageChallenges;

  /** Contributions in the block (one in phi, the rest in tau). */
  @Param({"4"})
  public int contributors;

  /** Signed transfers in tau. */
  @Param({"0", "100"})
  public int transfers;

  private ChainWorkload workload;
  private Block block;
  private Chain chain;
  // phi's contributor's registered commitment, then tau's, read once from the genesis state.
  private List<VerifiedSpaceCommitment> registered;

  /** Builds the genesis and the block once; prints its size. */
  @Setup(Level.Trial)
  public void setUp() throws InvalidLedgerInputException {
    workload = new ChainWorkload(log2Nodes, storageChallenges, contributors, transfers);
    block = workload.block;
    System.out.println("block: " + block.encoded().size() + " bytes, " + transfers + " transfers");
    Chain genesis = workload.freshChain();
    registered = new ArrayList<>();
    registered.add(registered(genesis, block.phi().proof()));
    for (ContributionProof c : block.tau().contributions()) {
      registered.add(registered(genesis, c));
    }
    ChainUpdate u = workload.freshChain().submit(block.encoded(), Long.MAX_VALUE / 2);
    if (!u.changedBest()) {
      throw new IllegalStateException("the block was not adopted");
    }
  }

  /** A chain at genesis for each call of {@link #submit()}. */
  @Setup(Level.Invocation)
  public void freshChain() {
    chain = workload.freshChain();
  }

  /** Full validation and application. */
  @Benchmark
  public ChainUpdate submit() throws InvalidLedgerInputException {
    return chain.submit(block.encoded(), Long.MAX_VALUE / 2);
  }

  /** Decoding and the contributor's three signatures. */
  @Benchmark
  public Block decodeAndCheckSignatures() throws InvalidLedgerInputException {
    Block b = Block.decode(block.encoded());
    b.checkSignatures(chain.sigmaDigestOf(b.parent()));
    return b;
  }

  /** Every proof of space of the block. */
  @Benchmark
  public int verifyProofsOfSpace() throws InvalidStorageProofException {
    Hash challenge = block.phi().challenge();
    SpaceVerifier.checkStorage(
        registered.get(0),
        ContributionProof.seed(challenge),
        storageChallenges,
        block.phi().proof().proof());
    int i = 1;
    for (ContributionProof c : block.tau().contributions()) {
      SpaceVerifier.checkStorage(
          registered.get(i++), ContributionProof.seed(challenge), storageChallenges, c.proof());
    }
    return i;
  }

  /** The contributor's commitment as genesis registered it (verified by its commit proof). */
  private static VerifiedSpaceCommitment registered(Chain chain, ContributionProof c) {
    return chain
        .registeredCommitment(c.contributor())
        .orElseThrow(() -> new IllegalStateException("genesis registered no commitment"));
  }

  /** Baseline: one tagged SHA-256 over the encoded block. */
  @Benchmark
  public Hash sha256OfBlock() {
    return HashFunction.SHA256.hash(TAG, block.encoded());
  }
}
