package org.cybervein.benchmarks.ledger;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.state.Genesis;
import org.cybervein.ledger.state.LedgerState;
import org.cybervein.ledger.state.StateKeys;
import org.cybervein.ledger.state.StateProof;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * State proofs of account balances in a state of {@code accounts} funded accounts.
 *
 * <ul>
 *   <li>{@code prove}: {@code LedgerState.prove(stateKey)} (tree walk through the store).
 *   <li>{@code decodeAndVerify}: {@code StateProof.decode} + {@code verify} of an inclusion proof,
 *       what a light client does per balance.
 *   <li>{@code verifyAbsence}: {@code verify} of a non-inclusion proof (an address never funded).
 *   <li>{@code rawSha256PathLowerBound} (baseline): JDK SHA-256 over one 65-byte node per level of
 *       the mean proof depth plus the leaf: the hashing a verification cannot avoid.
 * </ul>
 *
 * Proof sizes (mean siblings and encoded bytes) are printed in setup ({@code proof sizes:}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class StateProofBenchmark {
  /** A state, proofs of every account, and a proof of absence. */
  @State(Scope.Benchmark)
  public static class Proofs {
    @Param({"10000", "1000000"})
    public int accounts;

    @Param({"MEMORY", "LMDB_NOSYNC"})
    public LedgerStoreKind store;

    private final List<Path> dirs = new ArrayList<>();
    LedgerWorkload.Opened opened;
    Hash root;
    Hash[] keys;
    Bytes[] values;
    Bytes[] encoded;
    Hash absentKey;
    StateProof absence;
    int meanDepth;
    MessageDigest sha256;
    int next;

    /** Builds the state and its proofs. */
    @Setup(Level.Trial)
    public void setUp() throws NoSuchAlgorithmException {
      List<Ed25519PrivateKey> keyList = LedgerWorkload.keys(Math.min(accounts, 1024));
      // Funding a million accounts needs a million addresses, not a million key pairs.
      TreeMap<Address, Amount> alloc = new TreeMap<>();
      for (int i = 0; i < accounts; i++) {
        alloc.put(
            new Address(
                HashFunction.SHA256.hash(
                    DomainTag.of("bench/address"),
                    Bytes.of(new byte[] {(byte) i, (byte) (i >>> 8), (byte) (i >>> 16)}))),
            Amount.ofCvt(1));
      }
      alloc.put(Address.of(keyList.get(0).publicKey()), Amount.ofCvt(1));
      opened = LedgerWorkload.open(store, new Genesis(alloc, LedgerWorkload.FEE), dirs);
      LedgerState state = opened.state();
      root = state.root();
      int n = 1024;
      keys = new Hash[n];
      values = new Bytes[n];
      encoded = new Bytes[n];
      long siblings = 0;
      long bytes = 0;
      Address[] funded = alloc.keySet().toArray(new Address[0]);
      for (int i = 0; i < n; i++) {
        keys[i] = StateKeys.account(funded[(int) ((i * 7919L) % funded.length)]);
        values[i] = state.value(keys[i]).orElseThrow();
        StateProof p = state.prove(keys[i]);
        encoded[i] = p.encode();
        siblings += p.siblings().size();
        bytes += encoded[i].size();
      }
      absentKey = StateKeys.account(Address.of(keyList.get(keyList.size() - 1).publicKey()));
      if (accounts < keyList.size()) {
        absentKey = StateKeys.account(new Address(Hash.fromHex("ab".repeat(32))));
      }
      absence = state.prove(absentKey);
      meanDepth = (int) Math.round((double) siblings / n);
      System.out.printf(
          "%nproof sizes: %d accounts, mean %.1f siblings, mean %.0f bytes encoded%n",
          accounts, (double) siblings / n, (double) bytes / n);
      sha256 = MessageDigest.getInstance("SHA-256");
    }

    int take() {
      next = (next + 1) & (keys.length - 1);
      return next;
    }

    /** Closes the store and deletes the directories. */
    @TearDown(Level.Trial)
    public void tearDown() {
      opened.store().close();
      dirs.forEach(LedgerWorkload::delete);
    }
  }

  /** Proves one account. */
  @Benchmark
  public StateProof prove(Proofs p) {
    return p.opened.state().prove(p.keys[p.take()]);
  }

  /** Decodes and verifies one inclusion proof. */
  @Benchmark
  public boolean decodeAndVerify(Proofs p) throws InvalidLedgerInputException {
    int i = p.take();
    boolean ok =
        StateProof.decode(p.encoded[i]).verify(p.root, p.keys[i], Optional.of(p.values[i]));
    if (!ok) {
      throw new IllegalStateException("proof does not verify");
    }
    return ok;
  }

  /** Verifies the proof that an address holds nothing. */
  @Benchmark
  public boolean verifyAbsence(Proofs p) {
    return p.absence.verify(p.root, p.absentKey, Optional.empty());
  }

  /** Baseline: the node hashes of one path. */
  @Benchmark
  public byte[] rawSha256PathLowerBound(Proofs p) {
    byte[] node = new byte[65];
    byte[] h = null;
    for (int d = 0; d <= p.meanDepth; d++) {
      node[0] = (byte) d;
      h = p.sha256.digest(node);
    }
    return h;
  }
}
