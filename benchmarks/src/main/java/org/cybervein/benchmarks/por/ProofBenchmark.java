package org.cybervein.benchmarks.por;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.compactpor.CompactPor;
import org.cybervein.storageproofs.compactpor.CompactPorChallenge;
import org.cybervein.storageproofs.compactpor.CompactPorEncoding;
import org.cybervein.storageproofs.compactpor.CompactPorKey;
import org.cybervein.storageproofs.compactpor.CompactPorProof;
import org.cybervein.storageproofs.compactpor.CompactPorProver;
import org.cybervein.storageproofs.por.SentinelAudit;
import org.cybervein.storageproofs.por.SentinelEncoding;
import org.cybervein.storageproofs.por.SentinelPor;
import org.cybervein.storageproofs.por.SentinelPorKey;
import org.cybervein.storageproofs.por.SentinelProver;
import org.cybervein.storageproofs.por.SentinelResponse;
import org.cybervein.storageproofs.taglist.ShardAudit;
import org.cybervein.storageproofs.taglist.ShardAuditChallenge;
import org.cybervein.storageproofs.taglist.ShardAuditResponse;
import org.cybervein.storageproofs.taglist.ShardedFile;
import org.cybervein.storageproofs.taglist.TagList;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Proving and verifying each kind of storage proof on a 1 MiB file:
 *
 * <ul>
 *   <li>sentinel POR, {@code q = 1000} sentinels: the prover's lookup and the verifier's check
 *       (proof: 16,000 bytes of blocks);
 *   <li>compact POR (Shacham-Waters, {@code s = 10} sectors per block, 7,000 blocks), {@code c =
 *       460} challenged blocks: prove and verify (proof: 11 field elements, 176 bytes);
 *   <li>shard audit of 10 shards of 4 KiB against the tag list (proof: the shards themselves).
 * </ul>
 *
 * <p>Mode: average time per operation in microseconds; lower is better. Baseline in the same run:
 * {@code sha256OfOneMiB}, the JDK's SHA-256 over the whole file, what a naive "send me the hash"
 * audit would cost the prover.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class ProofBenchmark {
  private static final long SEED = 0x50524f4f46L;
  private static final int FILE_SIZE = 1 << 20;

  private byte[] raw;
  private MessageDigest sha256;
  private SentinelPor sentinelPor;
  private SentinelEncoding sentinelEncoding;
  private SentinelAudit sentinelAudit;
  private SentinelResponse sentinelResponse;
  private Bytes file;
  private CompactPor compactPor;
  private CompactPorEncoding compactEncoding;
  private CompactPorChallenge compactChallenge;
  private CompactPorProof compactProof;
  private TagList tags;
  private ShardAuditChallenge shardChallenge;
  private ShardAuditResponse shardResponse;

  /** Encodes, tags and splits the file once, and prepares one challenge and answer of each kind. */
  @Setup
  public void setUp() throws InvalidStorageProofException, NoSuchAlgorithmException {
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED);
    raw = new byte[FILE_SIZE];
    random.nextBytes(raw);
    file = Bytes.of(raw);
    sha256 = MessageDigest.getInstance("SHA-256");
    byte[] id = new byte[32];
    random.nextBytes(id);
    Hash fileId = Hash.of(id);

    sentinelPor = SentinelPor.withKey(SentinelPorKey.generate(random));
    sentinelEncoding = sentinelPor.encode(fileId, file, 4000);
    sentinelAudit = sentinelPor.challenge(sentinelEncoding.state(), 1000);
    sentinelResponse = SentinelProver.respond(sentinelEncoding.stored(), sentinelAudit.challenge());

    compactPor = CompactPor.withKey(CompactPorKey.generate(random));
    compactEncoding = compactPor.tag(fileId, file, 10);
    compactChallenge = compactPor.challenge(compactEncoding.state(), 460, random);
    compactProof = CompactPorProver.prove(file, compactEncoding.tags(), compactChallenge);

    ShardedFile sharded = ShardedFile.split(file, 4096, random);
    List<NodeId> nodes = new ArrayList<>();
    nodes.add(NodeId.of("store-1"));
    tags = sharded.tagList(nodes);
    shardChallenge = ShardAuditChallenge.random(tags, 10, random);
    shardResponse = ShardAuditResponse.answer(shardChallenge, sharded.shards()::get);
  }

  /** Baseline: SHA-256 of the whole 1 MiB file. */
  @Benchmark
  public byte[] sha256OfOneMiB() {
    return sha256.digest(raw);
  }

  /** Sentinel POR: the storage node answers 1,000 positions. */
  @Benchmark
  public SentinelResponse sentinelRespond() throws InvalidStorageProofException {
    return SentinelProver.respond(sentinelEncoding.stored(), sentinelAudit.challenge());
  }

  /** Sentinel POR: the verifier makes a challenge of 1,000 sentinels (the keyed permutation). */
  @Benchmark
  public SentinelAudit sentinelChallenge() {
    return sentinelPor.challenge(sentinelEncoding.state(), 1000);
  }

  /** Sentinel POR: the verifier checks 1,000 sentinels. */
  @Benchmark
  public SentinelAudit sentinelVerify() throws InvalidStorageProofException {
    sentinelPor.verify(sentinelAudit, sentinelResponse);
    return sentinelAudit;
  }

  /** Compact POR: the storage node's proof over 460 blocks. */
  @Benchmark
  public CompactPorProof compactProve() throws InvalidStorageProofException {
    return CompactPorProver.prove(file, compactEncoding.tags(), compactChallenge);
  }

  /** Compact POR: the verifier's check of that proof. */
  @Benchmark
  public CompactPorProof compactVerify() throws InvalidStorageProofException {
    compactPor.verify(compactEncoding.state(), compactChallenge, compactProof);
    return compactProof;
  }

  /** Shard audit: the super node checks 10 shards of 4 KiB against the tag list. */
  @Benchmark
  public ShardAuditResponse shardAuditVerify() throws InvalidStorageProofException {
    ShardAudit.verify(tags, shardChallenge, shardResponse);
    return shardResponse;
  }
}
