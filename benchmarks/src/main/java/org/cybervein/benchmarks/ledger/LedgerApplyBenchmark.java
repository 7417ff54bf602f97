package org.cybervein.benchmarks.ledger;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cybervein.api.Amount;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.state.BlockContext;
import org.cybervein.ledger.state.BlockEffects;
import org.cybervein.ledger.state.Genesis;
import org.cybervein.ledger.state.RewardShare;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Transfers applied per second by {@code LedgerState.apply}, in blocks of {@code blockSize}
 * pre-signed transfers over {@code accounts} funded accounts: nonce and balance checks, the fee and
 * reward split, the sparse Merkle tree update and one atomic store write per block.
 *
 * <ul>
 *   <li>{@code applyTransfers}: one block per invocation, score per transfer. {@code store} =
 *       {@code MEMORY}, {@code LMDB_NOSYNC} (LMDB without fsync) and {@code LMDB_SYNC} (one fsync
 *       per block).
 *   <li>{@code rawInnerNodeSha256} (baseline): JDK SHA-256 of the 65 bytes one tree node hashes
 *       (tag and two children), the unit of work the tree update repeats about {@code 2 x depth}
 *       times per transfer.
 * </ul>
 *
 * Signatures are not checked here: a {@code SignedTransaction} is verified when decoded (see {@code
 * EnvelopeBenchmark.decodeAndVerify}). Each iteration starts from a fresh genesis state (not
 * measured); when the pool of transfers is used up the state is reopened (counted, rare).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class LedgerApplyBenchmark {
  static final int BLOCK = 256;

  /** Keys, genesis and the signed transfers, made once. */
  @State(Scope.Benchmark)
  public static class Pool {
    @Param({"10000"})
    public int accounts;

    @Param({"65536"})
    public int poolSize;

    Genesis genesis;
    List<SignedTransaction> transfers;
    Address miner;

    /** Signs the pool. */
    @Setup(Level.Trial)
    public void setUp() {
      List<Ed25519PrivateKey> keys = LedgerWorkload.keys(accounts);
      genesis = LedgerWorkload.genesis(keys);
      transfers = LedgerWorkload.transfers(keys, poolSize);
      miner = Address.of(keys.get(0).publicKey());
    }
  }

  /** A state on the chosen store, fresh for each iteration. */
  @State(Scope.Thread)
  public static class Node {
    @Param({"MEMORY", "LMDB_NOSYNC", "LMDB_SYNC"})
    public LedgerStoreKind store;

    private final List<Path> dirs = new ArrayList<>();
    LedgerWorkload.Opened opened;
    int next;
    long blockIndex;

    /** Opens a genesis state. */
    @Setup(Level.Iteration)
    public void fresh(Pool pool) {
      if (opened != null) {
        opened.store().close();
      }
      opened = LedgerWorkload.open(store, pool.genesis, dirs);
      next = 0;
      blockIndex = 0;
    }

    /** Closes the store and deletes the directories. */
    @TearDown(Level.Trial)
    public void tearDown() {
      opened.store().close();
      dirs.forEach(LedgerWorkload::delete);
    }
  }

  /** Applies the next block of transfers. */
  @Benchmark
  @OperationsPerInvocation(BLOCK)
  public BlockEffects applyTransfers(Pool pool, Node node) throws InvalidLedgerInputException {
    if (node.next + BLOCK > pool.transfers.size()) {
      node.fresh(pool);
    }
    List<SignedTransaction> block = pool.transfers.subList(node.next, node.next + BLOCK);
    node.next += BLOCK;
    BlockContext context =
        new BlockContext(
            ++node.blockIndex,
            node.blockIndex * 1000,
            Amount.ofCvt(1),
            List.of(new RewardShare(pool.miner, BigInteger.ONE)));
    return node.opened.state().apply(context, block);
  }

  /** The raw SHA-256 the baseline reuses. */
  @State(Scope.Thread)
  public static class Digest {
    MessageDigest sha256;
    final byte[] node = new byte[65];

    /** Makes the digest. */
    @Setup(Level.Trial)
    public void setUp() throws NoSuchAlgorithmException {
      sha256 = MessageDigest.getInstance("SHA-256");
    }
  }

  /** Baseline: one inner-node hash. */
  @Benchmark
  public byte[] rawInnerNodeSha256(Digest d) {
    d.node[0]++;
    return d.sha256.digest(d.node);
  }
}
