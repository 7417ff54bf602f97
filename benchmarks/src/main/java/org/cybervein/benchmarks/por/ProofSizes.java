package org.cybervein.benchmarks.por;

import java.io.PrintStream;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.crypto.envelope.EnvelopeSigner;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.compactpor.CompactPor;
import org.cybervein.storageproofs.compactpor.CompactPorChallenge;
import org.cybervein.storageproofs.compactpor.CompactPorEncoding;
import org.cybervein.storageproofs.compactpor.CompactPorKey;
import org.cybervein.storageproofs.compactpor.CompactPorProver;
import org.cybervein.storageproofs.poc.BandwidthReceipt;
import org.cybervein.storageproofs.por.SentinelAudit;
import org.cybervein.storageproofs.por.SentinelEncoding;
import org.cybervein.storageproofs.por.SentinelPor;
import org.cybervein.storageproofs.por.SentinelPorKey;
import org.cybervein.storageproofs.por.SentinelProver;
import org.cybervein.storageproofs.taglist.ShardAuditChallenge;
import org.cybervein.storageproofs.taglist.ShardAuditResponse;
import org.cybervein.storageproofs.taglist.ShardedFile;
import org.cybervein.storageproofs.taglist.TagList;

/**
 * Prints the encoded sizes of the challenges and proofs that {@link ProofBenchmark} times, for the
 * same 1 MiB file: sizes are exact, not measured, so a plain program reports them. Run with {@code
 * java -cp benchmarks/target/benchmarks.jar org.cybervein.benchmarks.por.ProofSizes}.
 */
public final class ProofSizes {
  private ProofSizes() {}

  /** Prints one line per message. */
  public static void main(String[] args) throws InvalidStorageProofException {
    PrintStream out = System.out;
    DeterministicRandom random = DeterministicRandom.fromSeed(0x53495a45L);
    byte[] raw = new byte[1 << 20];
    random.nextBytes(raw);
    Bytes file = Bytes.of(raw);
    byte[] id = new byte[32];
    random.nextBytes(id);
    Hash fileId = Hash.of(id);

    SentinelPor sentinel = SentinelPor.withKey(SentinelPorKey.generate(random));
    SentinelEncoding encoding = sentinel.encode(fileId, file, 4000);
    SentinelAudit audit = sentinel.challenge(encoding.state(), 1000);
    out.printf(
        "sentinel POR stored file          %,d bytes (file %,d)%n",
        encoding.stored().size(), raw.length);
    out.printf("sentinel challenge (q = 1000)     %,d bytes%n", audit.challenge().encode().size());
    out.printf(
        "sentinel response (q = 1000)      %,d bytes%n",
        SentinelProver.respond(encoding.stored(), audit.challenge()).encode().size());

    CompactPor compact = CompactPor.withKey(CompactPorKey.generate(random));
    CompactPorEncoding tags = compact.tag(fileId, file, 10);
    CompactPorChallenge challenge = compact.challenge(tags.state(), 460, random);
    out.printf("compact POR tags (s = 10)         %,d bytes%n", tags.tags().encode().size());
    out.printf("compact POR challenge (c = 460)   %,d bytes%n", challenge.encode().size());
    out.printf(
        "compact POR proof (s = 10)        %,d bytes%n",
        CompactPorProver.prove(file, tags.tags(), challenge).encode().size());

    ShardedFile sharded = ShardedFile.split(file, 4096, random);
    TagList list = sharded.tagList(java.util.List.of(NodeId.of("store-1")));
    Ed25519PrivateKey uploader = Ed25519PrivateKey.generate(random);
    out.printf(
        "signed tag list (256 shards)      %,d bytes%n",
        list.sign(EnvelopeSigner.of(uploader)).encode().size());
    ShardAuditChallenge shardChallenge = ShardAuditChallenge.random(list, 10, random);
    out.printf("shard audit challenge (10)        %,d bytes%n", shardChallenge.encode().size());
    out.printf(
        "shard audit response (10 x 4 KiB) %,d bytes%n",
        ShardAuditResponse.answer(shardChallenge, sharded.shards()::get).encode().size());
    out.printf(
        "signed bandwidth receipt          %,d bytes%n",
        BandwidthReceipt.of(uploader.publicKey(), fileId, 1, 1, random)
            .sign(EnvelopeSigner.of(Ed25519PrivateKey.generate(random)))
            .encode()
            .size());
  }
}
