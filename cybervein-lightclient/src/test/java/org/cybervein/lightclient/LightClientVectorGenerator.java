package org.cybervein.lightclient;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.chain.Chain;
import org.cybervein.ledger.state.StateProof;

/**
 * Writes {@code vectors/lightclient.json} from real chains of the full node: a trusted chain of
 * header updates, then vectors of updates, misbehaviour and (non-)membership, valid and invalid. An
 * invalid update's reason is the full node's own verdict on the block (so the file does not merely
 * repeat the light client), except where only the client's input is at fault (a proof, a height),
 * whose reason is stated here. Deterministic: a regenerated file is byte-identical.
 */
final class LightClientVectorGenerator {
  static final Path FILE = Path.of("..", "vectors", "lightclient.json");

  /** The trusted chain: blocks 1 .. 5 among contributors 0, 1, 2. */
  private static final int HEIGHT = 5;

  private LightClientVectorGenerator() {}

  static String generate() throws InvalidLedgerInputException {
    LedgerChains fx = LedgerChains.standard();
    Chain chain = fx.newChain();
    List<Block> blocks = fx.extend(chain, List.of(0, 1, 2), HEIGHT, 1);
    fx.resetUserNonce();
    Chain other = fx.newChain();
    List<Block> otherBlocks = fx.extend(other, List.of(1, 3), 1, 0);

    JsonObject root = new JsonObject();
    root.addProperty(
        "description",
        "CyberVein light client (ICS-02 shape): header updates, misbehaviour and state proofs to"
            + " accept or refuse against a trusted chain; see README.md");
    root.addProperty("format_version", 1);
    root.add("parameters", parameters(LedgerChains.CLIENT));
    JsonObject genesis = new JsonObject();
    genesis.addProperty("state_root", fx.genesisRoot().toHex());
    genesis.addProperty("time_millis", LedgerChains.GENESIS_TIME);
    genesis.addProperty("id", chain.genesisId().toHex());
    root.add("genesis", genesis);
    JsonArray trusted = new JsonArray();
    for (Block b : blocks.subList(0, HEIGHT - 1)) {
      JsonObject u = update(fx.update(chain, b));
      u.addProperty("now_millis", b.tau().timeMillis());
      trusted.add(u);
    }
    root.add("chain", trusted);

    JsonArray vectors = new JsonArray();
    int k = HEIGHT;
    Chain node = nodeAt(fx, blocks, k - 1);
    for (HeaderMutations.Case c : new HeaderMutations(fx, blocks).cases(node, k)) {
      Optional<String> verdict = verdict(nodeAt(fx, blocks, k - 1), c.block(), c.nowMillis());
      JsonObject v =
          vector(
              slug(c.name()),
              verdict.isEmpty() ? "valid" : "invalid",
              verdict.isEmpty()
                  ? "The block the full node built at height " + k + ", on the trusted chain."
                  : "Block " + k + " mutated (" + c.name() + "); the full node refuses it too.",
              verdict);
      v.addProperty("kind", "update");
      v.addProperty("after", k - 1);
      v.addProperty("now_millis", c.nowMillis());
      v.add("update", update(fx.update(node, c.block())));
      if (verdict.isEmpty()) {
        JsonObject expected = new JsonObject();
        expected.addProperty("height", k);
        expected.addProperty("block_id", c.block().id().toHex());
        expected.addProperty("state_root", c.block().tau().stateRoot().toHex());
        v.add("expected", expected);
      }
      vectors.add(v);
    }
    Block tip = blocks.get(k - 1);
    HeaderUpdate honest = fx.update(node, tip);
    // The weight entries are the relayer's part: a wrong one is refused by its proof.
    ProvenEntry reg = honest.registration();
    vectors.add(
        updateVector(
            "registration-claimed-absent",
            "The winner's registration entry is claimed absent, but the proof shows it present.",
            "BAD_STATE_PROOF",
            k,
            tip,
            new HeaderUpdate(
                honest.block(),
                new ProvenEntry(Optional.empty(), reg.proof()),
                honest.bandwidth(),
                honest.previousBandwidth())));
    vectors.add(
        updateVector(
            "bandwidth-value-altered",
            "The winner's bandwidth entry of the block's window claims 1 byte; its proof says"
                + " otherwise.",
            "BAD_STATE_PROOF",
            k,
            tip,
            new HeaderUpdate(
                honest.block(),
                honest.registration(),
                withValue(honest.bandwidth(), Bytes.of(new byte[] {0, 0, 0, 0, 0, 0, 0, 1})),
                honest.previousBandwidth())));
    byte[] truncated = honest.block().slice(0, honest.block().size() - 1).toByteArray();
    vectors.add(
        updateVector(
            "block-truncated",
            "The block's last byte is missing.",
            "MALFORMED",
            k,
            tip,
            new HeaderUpdate(
                Bytes.of(truncated),
                honest.registration(),
                honest.bandwidth(),
                honest.previousBandwidth())));
    vectors.add(
        updateVector(
            "block-with-trailing-unknown-field",
            "An unknown field (number 15, varint 0) follows the block: not the canonical encoding.",
            "NON_CANONICAL",
            k,
            tip,
            new HeaderUpdate(
                honest.block().concat(Bytes.of(new byte[] {0x78, 0})),
                honest.registration(),
                honest.bandwidth(),
                honest.previousBandwidth())));

    // Misbehaviour: another branch's block 1, valid against genesis.
    HeaderUpdate mine = fx.update(chain, blocks.get(0));
    HeaderUpdate theirs = fx.update(other, otherBlocks.get(0));
    JsonObject freeze =
        vector(
            "conflicting-header-freezes",
            "valid",
            "A valid block 1 of another branch: the client trusts another block 1, so it freezes.",
            Optional.empty());
    freeze.addProperty("kind", "update");
    freeze.addProperty("after", HEIGHT - 1);
    freeze.addProperty("now_millis", otherBlocks.get(0).tau().timeMillis());
    freeze.add("update", update(theirs));
    JsonObject frozen = new JsonObject();
    frozen.addProperty("frozen_height", 1);
    freeze.add("expected", frozen);
    vectors.add(freeze);
    vectors.add(
        misbehaviour(
            "two-blocks-at-height-1",
            "Two valid blocks at height 1 on different branches: evidence that freezes the client.",
            Optional.empty(),
            mine,
            theirs));
    vectors.add(
        misbehaviour(
            "one-block-twice",
            "The same block twice is no evidence.",
            Optional.of("NOT_MISBEHAVIOUR"),
            mine,
            mine));
    vectors.add(
        misbehaviour(
            "blocks-at-two-heights",
            "Blocks at heights 1 and 2 of one chain are no evidence.",
            Optional.of("NOT_MISBEHAVIOUR"),
            mine,
            fx.update(chain, blocks.get(1))));

    // Membership against the root trusted at height 4 (the client after the chain).
    int h = HEIGHT - 1;
    Hash rootAtH = blocks.get(h - 1).tau().stateRoot();
    Hash supply = LedgerStateKeys.totalSupply();
    Hash userAccount = LedgerStateKeys.account(LedgerStateKeys.address(fx.user.publicKey()));
    // Address zero is the chain's fee sink, which holds an account; all 0x11 bytes holds none.
    Hash nobody = LedgerStateKeys.account(Hash.of(filled((byte) 0x11)));
    if (chain.state().valueAt(rootAtH, nobody).isPresent()) {
      throw new AssertionError("the absent account is present");
    }
    vectors.add(
        membership(
            "total-supply",
            "The total supply at height 4.",
            Optional.empty(),
            h,
            supply,
            chain.state().valueAt(rootAtH, supply),
            proof(chain, rootAtH, supply)));
    vectors.add(
        membership(
            "user-balance",
            "The user's account (balance, nonce) at height 4.",
            Optional.empty(),
            h,
            userAccount,
            chain.state().valueAt(rootAtH, userAccount),
            proof(chain, rootAtH, userAccount)));
    vectors.add(
        membership(
            "absent-account",
            "No account at address 0x1111...11.",
            Optional.empty(),
            h,
            nobody,
            Optional.empty(),
            proof(chain, rootAtH, nobody)));
    Bytes wrongValue = new AccountValue(1, 0).encode();
    vectors.add(
        membership(
            "user-balance-wrong-value",
            "Another value than the proof's leaf commits to.",
            Optional.of("BAD_STATE_PROOF"),
            h,
            userAccount,
            Optional.of(wrongValue),
            proof(chain, rootAtH, userAccount)));
    vectors.add(
        membership(
            "present-account-claimed-absent",
            "The proof ends in the key's own leaf.",
            Optional.of("BAD_STATE_PROOF"),
            h,
            userAccount,
            Optional.empty(),
            proof(chain, rootAtH, userAccount)));
    Hash rootAtTip = blocks.get(HEIGHT - 1).tau().stateRoot();
    vectors.add(
        membership(
            "proof-under-a-later-root",
            "Proved under block 5's root, asked at height 4.",
            Optional.of("BAD_STATE_PROOF"),
            h,
            userAccount,
            chain.state().valueAt(rootAtTip, userAccount),
            proof(chain, rootAtTip, userAccount)));
    vectors.add(
        membership(
            "untrusted-height",
            "Height 9 is not trusted.",
            Optional.of("UNKNOWN_HEIGHT"),
            9,
            supply,
            chain.state().valueAt(rootAtH, supply),
            proof(chain, rootAtH, supply)));
    vectors.add(
        membership(
            "proof-not-canonical",
            "A proof with a trailing unknown field.",
            Optional.of("NON_CANONICAL"),
            h,
            supply,
            chain.state().valueAt(rootAtH, supply),
            proof(chain, rootAtH, supply).concat(Bytes.of(new byte[] {0x78, 0}))));
    root.add("vectors", vectors);
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
  }

  private static byte[] filled(byte b) {
    byte[] out = new byte[Hash.SIZE];
    java.util.Arrays.fill(out, b);
    return out;
  }

  private static ProvenEntry withValue(ProvenEntry e, Bytes value) {
    return new ProvenEntry(Optional.of(value), e.proof());
  }

  private static Bytes proof(Chain chain, Hash root, Hash key) {
    StateProof p = chain.state().prove(root, key);
    return p.encode();
  }

  private static Chain nodeAt(LedgerChains fx, List<Block> blocks, int n)
      throws InvalidLedgerInputException {
    Chain node = fx.newChain();
    for (Block b : blocks.subList(0, n)) {
      node.submit(b, b.tau().timeMillis());
    }
    return node;
  }

  private static Optional<String> verdict(Chain node, Block block, long now) {
    try {
      node.submit(block, now);
      return Optional.empty();
    } catch (InvalidLedgerInputException e) {
      return Optional.of(e.reason().name());
    }
  }

  private static String slug(String name) {
    return name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
  }

  private static JsonObject vector(
      String name, String verdict, String why, Optional<String> reason) {
    JsonObject v = new JsonObject();
    v.addProperty("name", name);
    v.addProperty("verdict", verdict);
    v.addProperty("why", why);
    reason.ifPresent(r -> v.addProperty("reason", r));
    return v;
  }

  private static JsonObject updateVector(
      String name, String why, String reason, int k, Block block, HeaderUpdate u) {
    JsonObject v = vector(name, "invalid", why, Optional.of(reason));
    v.addProperty("kind", "update");
    v.addProperty("after", k - 1);
    v.addProperty("now_millis", block.tau().timeMillis());
    v.add("update", update(u));
    return v;
  }

  private static JsonObject misbehaviour(
      String name, String why, Optional<String> reason, HeaderUpdate a, HeaderUpdate b) {
    JsonObject v = vector(name, reason.isEmpty() ? "valid" : "invalid", why, reason);
    v.addProperty("kind", "misbehaviour");
    v.addProperty("after", HEIGHT - 1);
    v.addProperty("now_millis", LedgerChains.GENESIS_TIME + 60_000);
    v.add("first", update(a));
    v.add("second", update(b));
    if (reason.isEmpty()) {
      JsonObject expected = new JsonObject();
      expected.addProperty("frozen_height", 1);
      v.add("expected", expected);
    }
    return v;
  }

  private static JsonObject membership(
      String name,
      String why,
      Optional<String> reason,
      long height,
      Hash key,
      Optional<Bytes> value,
      Bytes proof) {
    JsonObject v = vector(name, reason.isEmpty() ? "valid" : "invalid", why, reason);
    v.addProperty("kind", value.isPresent() ? "membership" : "non_membership");
    v.addProperty("after", HEIGHT - 1);
    v.addProperty("height", height);
    v.addProperty("key", key.toHex());
    value.ifPresent(x -> v.addProperty("value", x.toHex()));
    v.addProperty("proof", proof.toHex());
    return v;
  }

  private static JsonObject entry(ProvenEntry e) {
    JsonObject o = new JsonObject();
    e.value().ifPresent(x -> o.addProperty("value", x.toHex()));
    o.addProperty("proof", e.proof().toHex());
    return o;
  }

  private static JsonObject update(HeaderUpdate u) {
    JsonObject o = new JsonObject();
    o.addProperty("block", u.block().toHex());
    o.add("registration", entry(u.registration()));
    o.add("bandwidth", entry(u.bandwidth()));
    o.add("previous_bandwidth", entry(u.previousBandwidth()));
    return o;
  }

  private static JsonObject parameters(LightClientParameters p) {
    JsonObject o = new JsonObject();
    o.addProperty("challenge_lag", p.challengeLag());
    o.addProperty("storage_challenges", p.storageChallenges());
    o.addProperty("block_interval_millis", p.blockIntervalMillis());
    o.addProperty("max_clock_drift_millis", p.maxClockDriftMillis());
    JsonObject g = new JsonObject();
    g.addProperty("layers", p.graph().layers());
    g.addProperty("in_layer_degree", p.graph().inLayerDegree());
    g.addProperty("expander_degree", p.graph().expanderDegree());
    g.addProperty("graph_seed", p.graph().graphSeed().toHex());
    o.add("graph", g);
    o.addProperty("min_node_count", p.minNodeCount());
    o.addProperty("max_node_count", p.maxNodeCount());
    o.addProperty("window_blocks", p.windowBlocks());
    o.addProperty("trusted_heights", p.trustedHeights());
    return o;
  }
}
