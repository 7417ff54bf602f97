package org.cybervein.ledger.testing;

import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.random.RandomSource;
import org.cybervein.crypto.envelope.EnvelopeSigner;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.chain.ChainParameters;
import org.cybervein.ledger.contract.poc.PocContract;
import org.cybervein.ledger.contract.poc.PocRules;
import org.cybervein.storageproofs.poc.BandwidthReceipt;
import org.cybervein.storageproofs.pospace.GraphParameters;
import org.cybervein.storageproofs.pospace.SpaceProver;

/** Small proof-of-space contributors and rules that keep tests fast. */
public final class PocFixtures {
  /** A small graph: 4 layers, degrees 4 and 4. */
  public static final GraphParameters GRAPH =
      new GraphParameters(4, 4, 4, GraphParameters.DEFAULT_GRAPH_SEED);

  /** Rules for 2^9 to 2^13 labels, 4 commit challenges, long windows. */
  public static final PocRules RULES = new PocRules(GRAPH, 1 << 9, 1 << 13, 4, 1_000_000);

  /** Chain rules: lag 3, 6 storage challenges, 50 CVT reward, 1 s blocks, depth 16. */
  public static final ChainParameters PARAMETERS =
      new ChainParameters(3, 6, Amount.ofCvt(50), 1000, 5000, 16, RULES);

  private PocFixtures() {}

  /** A contributor: a key and a prover of {@code nodeCount} labels bound to it. */
  public record Contributor(Ed25519PrivateKey key, SpaceProver prover) {
    /** A register call input for this contributor. */
    public Bytes registerCall() {
      return PocContract.registerCall(prover, RULES);
    }
  }

  /** A contributor with a key from {@code random} and {@code nodeCount} labels. */
  public static Contributor contributor(RandomSource random, long nodeCount) {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(random);
    return new Contributor(
        key, SpaceProver.initInMemory(PocContract.mu(key.publicKey()), nodeCount, GRAPH));
  }

  /** {@code count} receipts of {@code bytes} each for {@code provider}, signed by {@code by}. */
  public static List<Bytes> receipts(
      Contributor provider, Ed25519PrivateKey by, long bytes, long window, int count, long seed) {
    DeterministicRandom random = DeterministicRandom.fromSeed(seed);
    List<Bytes> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(
          BandwidthReceipt.of(provider.key().publicKey(), Hash.ZERO, bytes, window, random)
              .sign(EnvelopeSigner.of(by))
              .encode());
    }
    return out;
  }
}
