package org.cybervein.examples.storage;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.wire.SignedEnvelope;
import org.cybervein.crypto.envelope.EnvelopeSigner;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.compactpor.CompactPor;
import org.cybervein.storageproofs.compactpor.CompactPorChallenge;
import org.cybervein.storageproofs.compactpor.CompactPorEncoding;
import org.cybervein.storageproofs.compactpor.CompactPorKey;
import org.cybervein.storageproofs.compactpor.CompactPorProver;
import org.cybervein.storageproofs.poc.BandwidthLedger;
import org.cybervein.storageproofs.poc.BandwidthReceipt;
import org.cybervein.storageproofs.poc.Election;
import org.cybervein.storageproofs.poc.ElectionContribution;
import org.cybervein.storageproofs.poc.RewardSplit;
import org.cybervein.storageproofs.por.SentinelAudit;
import org.cybervein.storageproofs.por.SentinelEncoding;
import org.cybervein.storageproofs.por.SentinelPor;
import org.cybervein.storageproofs.por.SentinelPorKey;
import org.cybervein.storageproofs.por.SentinelProver;
import org.cybervein.storageproofs.taglist.Shard;
import org.cybervein.storageproofs.taglist.ShardAudit;
import org.cybervein.storageproofs.taglist.ShardAuditChallenge;
import org.cybervein.storageproofs.taglist.ShardAuditResponse;
import org.cybervein.storageproofs.taglist.ShardedFile;
import org.cybervein.storageproofs.taglist.TagList;

/**
 * A data owner uploads a file and audits its storage three ways (shard audit against the signed tag
 * list, sentinel POR, compact POR), an honest node passes and a node that corrupted the file is
 * caught; then storage nodes earn bandwidth from downloader receipts, one wins the Proof of
 * Contribution election and the block reward is split by weight.
 */
public final class StorageProofsScene {
  private StorageProofsScene() {}

  /**
   * Runs the scene.
   *
   * @return true if every honest check passed and every cheat was caught
   */
  public static boolean run(long seed, PrintStream out) {
    try {
      return play(seed, out);
    } catch (InvalidStorageProofException e) {
      out.println("unexpected rejection: " + e.reason() + ": " + e.getMessage());
      return false;
    }
  }

  private static boolean play(long seed, PrintStream out) throws InvalidStorageProofException {
    DeterministicRandom random = DeterministicRandom.fromSeed(seed);
    boolean ok = true;
    byte[] raw = new byte[200_000];
    random.nextBytes(raw);
    Bytes file = Bytes.of(raw);
    Ed25519PrivateKey owner = Ed25519PrivateKey.generate(random);

    // Upload: shards f_i with r_i, the signed tag list of h(i), an audit by a super node.
    ShardedFile sharded = ShardedFile.split(file, 8192, random);
    SignedEnvelope signedTags =
        sharded
            .tagList(List.of(NodeId.of("store-a"), NodeId.of("store-b")))
            .sign(EnvelopeSigner.of(owner));
    TagList tags = TagList.open(signedTags, owner.publicKey());
    ShardAuditChallenge challenge = ShardAuditChallenge.random(tags, 5, random);
    ShardAudit.verify(tags, challenge, ShardAuditResponse.answer(challenge, sharded.shards()::get));
    out.println("shard audit: honest node passes (" + tags.entries().size() + " shards)");
    List<Shard> lossy = new ArrayList<>(sharded.shards());
    Shard lost = lossy.get(challenge.indices().get(0));
    byte[] bad = lost.data().toByteArray();
    bad[0] ^= 1;
    lossy.set(lost.index(), new Shard(lost.index(), Bytes.of(bad), lost.salt()));
    ok &=
        caught(
            out,
            "shard audit",
            () ->
                ShardAudit.verify(
                    tags, challenge, ShardAuditResponse.answer(challenge, lossy::get)));

    // Sentinel POR.
    Hash fileId = ShardedFile.fileId(file);
    SentinelPor sentinel = SentinelPor.withKey(SentinelPorKey.generate(random));
    SentinelEncoding encoding = sentinel.encode(fileId, file, 2000);
    SentinelAudit audit = sentinel.challenge(encoding.state(), 500);
    sentinel.verify(audit, SentinelProver.respond(encoding.stored(), audit.challenge()));
    out.println("sentinel POR: honest node passes, q = 500");
    byte[] damaged = encoding.stored().toByteArray();
    long blocks = encoding.state().storedBlocks();
    for (int k = 0; k < blocks / 100; k++) {
      damaged[random.nextInt((int) blocks) * 16] ^= 0x55;
    }
    SentinelAudit next = sentinel.challenge(audit.next(), 500);
    ok &=
        caught(
            out,
            "sentinel POR (1% of blocks corrupted)",
            () ->
                sentinel.verify(next, SentinelProver.respond(Bytes.of(damaged), next.challenge())));
    boolean recovered = sentinel.extract(encoding.state(), Bytes.of(damaged)).equals(file);
    out.println("sentinel POR: file recovered from the corrupted copy: " + recovered);
    ok &= recovered;

    // Compact POR.
    CompactPor compact = CompactPor.withKey(CompactPorKey.generate(random));
    CompactPorEncoding tagged = compact.tag(fileId, file, 10);
    for (int k = 0; k < 3; k++) {
      CompactPorChallenge c = compact.challenge(tagged.state(), 460, random);
      compact.verify(tagged.state(), c, CompactPorProver.prove(file, tagged.tags(), c));
    }
    out.println("compact POR: 3 audits pass, proof " + (16 * 11) + " bytes of field elements");
    byte[] edited = raw.clone();
    for (int i = 0; i < edited.length; i += 150) {
      edited[i] ^= 1;
    }
    CompactPorChallenge c = compact.challenge(tagged.state(), 460, random);
    ok &=
        caught(
            out,
            "compact POR",
            () ->
                compact.verify(
                    tagged.state(), c, CompactPorProver.prove(Bytes.of(edited), tagged.tags(), c)));

    // Proof of Contribution: bandwidth from receipts, the election, the reward split.
    BandwidthLedger ledger = new BandwidthLedger(2, 10_000, 1);
    Ed25519PrivateKey downloader = Ed25519PrivateKey.generate(random);
    List<ElectionContribution> round = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Ed25519PrivateKey node = Ed25519PrivateKey.generate(random);
      for (int r = 0; r <= i; r++) {
        ledger.accept(
            BandwidthReceipt.of(node.publicKey(), fileId, 1 << 20, 1, random)
                .sign(EnvelopeSigner.of(downloader)));
      }
      round.add(
          new ElectionContribution(
              node.publicKey(),
              hash(random),
              hash(random),
              hash(random),
              (1L << 30) * (4 - i),
              ledger.bandwidth(node.publicKey(), 1)));
    }
    SignedEnvelope replay =
        BandwidthReceipt.of(round.get(0).publicKey(), fileId, 5, 1, random)
            .sign(EnvelopeSigner.of(downloader));
    ledger.accept(replay);
    ok &= caught(out, "receipt replay", () -> ledger.accept(replay));
    Optional<ElectionContribution> winner = Election.winner(round);
    List<Amount> parts = RewardSplit.split(Amount.ofCvt(10), round);
    out.println("election winner: " + winner.map(w -> w.publicKey().toString()).orElse("none"));
    for (int i = 0; i < round.size(); i++) {
      out.println(
          "  N="
              + round.get(i).space()
              + " M="
              + round.get(i).bandwidth()
              + " reward "
              + parts.get(i));
    }
    ok &=
        winner.isPresent()
            && parts.stream().map(Amount::baseUnits).reduce(0L, Long::sum)
                == Amount.ofCvt(10).baseUnits();
    return ok;
  }

  private interface Check {
    void run() throws InvalidStorageProofException;
  }

  private static boolean caught(PrintStream out, String what, Check check) {
    try {
      check.run();
      out.println(what + ": cheat NOT caught");
      return false;
    } catch (InvalidStorageProofException e) {
      out.println(what + ": cheat caught (" + e.reason() + ")");
      return true;
    }
  }

  private static Hash hash(DeterministicRandom random) {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Hash.of(b);
  }
}
