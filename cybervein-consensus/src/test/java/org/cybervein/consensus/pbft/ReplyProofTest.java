package org.cybervein.consensus.pbft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.v1.PbftProto;
import org.cybervein.api.wire.v1.TypesProto;
import org.junit.jupiter.api.Test;

/** Batched REPLY signatures: the statement, its Merkle paths and every way to get them wrong. */
class ReplyProofTest {
  private static final long SEED = Long.getLong("qt.seed", 0x5245_504CL);
  private static final int MAX = 1 << 20;

  private final Fixture fx = new Fixture(AuthMode.SIGNATURES, 1);
  private final ReplicaVerifiers verifiers = ReplicaVerifiers.of(fx.config);

  private Bytes replyBody(int replica, long view, long t, String result) {
    return Bytes.of(
        PbftProto.PbftBody.newBuilder()
            .setSender(replica)
            .setReply(
                PbftProto.PbftReply.newBuilder()
                    .setView(view)
                    .setTimestamp(t)
                    .setClient(fx.clientNode.value())
                    .setClientKey(ApiTypesCodec.toProto(fx.clientKeys.signingKey().publicKey()))
                    .setResult(Codec.bs(Bytes.utf8(result))))
            .build()
            .toByteArray());
  }

  private Frame statement(int signer, int sender, long view, Hash root, int count) {
    PbftProto.PbftBody body =
        PbftProto.PbftBody.newBuilder()
            .setSender(sender)
            .setReplyStatement(
                PbftProto.PbftReplyStatement.newBuilder()
                    .setView(view)
                    .setSequence(7)
                    .setRoot(Codec.hash(root))
                    .setCount(count))
            .build();
    return Frame.signed(body, fx.keys.get(signer).signingKey());
  }

  private static PbftProto.PbftReplyProof proof(Bytes statement, int index, List<Hash> path) {
    PbftProto.PbftReplyProof.Builder b =
        PbftProto.PbftReplyProof.newBuilder().setStatement(Codec.bs(statement)).setIndex(index);
    for (Hash h : path) {
      b.addPath(Codec.hash(h));
    }
    return b.build();
  }

  /** Replica {@code replica}'s proven REPLYs for a batch of {@code count} (ours at {@code at}). */
  private Bytes provenReply(int replica, long view, long t, String result, int count, int at) {
    List<Bytes> bodies = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      bodies.add(i == at ? replyBody(replica, view, t, result) : replyBody(replica, view, i, "x"));
    }
    List<Hash> leaves = new ArrayList<>();
    for (Bytes b : bodies) {
      leaves.add(ReplyTree.leaf(b));
    }
    ReplyTree tree = ReplyTree.of(leaves);
    Frame s = statement(replica, replica, view, tree.root, count);
    return Frame.proven(bodies.get(at), proof(s.raw, at, tree.paths.get(at)));
  }

  private static List<Hash> leaves(int count, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Hash> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] b = new byte[8];
      r.nextBytes(b);
      out.add(ReplyTree.leaf(Bytes.of(b)));
    }
    return out;
  }

  @Test
  void everyLeafsPathLeadsToTheRootAndNoOtherPositionOrPathDoes() {
    System.out.println("qt.seed " + SEED);
    qt().withExamples(Integer.getInteger("qt.examples", 200))
        .withFixedSeed(SEED)
        .forAll(integers().between(1, 300), integers().all())
        .checkAssert(
            (count, seed) -> {
              List<Hash> leaves = leaves(count, seed);
              ReplyTree tree = ReplyTree.of(leaves);
              int i = Math.floorMod(seed, count);
              List<Hash> path = tree.paths.get(i);
              assertEquals(tree.root, ReplyTree.rootFromPath(leaves.get(i), i, count, path));
              assertTrue(path.size() <= 32 - Integer.numberOfLeadingZeros(count));
              if (count > 1) {
                int j = (i + 1) % count;
                assertNotEquals(tree.root, ReplyTree.rootFromPath(leaves.get(i), j, count, path));
                assertNotEquals(tree.root, ReplyTree.rootFromPath(leaves.get(j), i, count, path));
                List<Hash> mutated = new ArrayList<>(path);
                mutated.set(Math.floorMod(seed, path.size()), leaves.get(i));
                assertNotEquals(
                    tree.root, ReplyTree.rootFromPath(leaves.get(i), i, count, mutated));
                assertNull(
                    ReplyTree.rootFromPath(
                        leaves.get(i), i, count, path.subList(0, path.size() - 1)));
              }
              List<Hash> longer = new ArrayList<>(path);
              longer.add(tree.root);
              assertNotEquals(tree.root, ReplyTree.rootFromPath(leaves.get(i), i, count, longer));
            });
  }

  @Test
  void aOneLeafTreeIsItsLeafAndBadPositionsHaveNoRoot() {
    Hash leaf = ReplyTree.leaf(Bytes.utf8("r"));
    ReplyTree tree = ReplyTree.of(List.of(leaf));
    assertEquals(leaf, tree.root);
    assertEquals(List.of(), tree.paths.get(0));
    assertNull(ReplyTree.rootFromPath(leaf, 1, 1, List.of()));
    assertNull(ReplyTree.rootFromPath(leaf, -1, 1, List.of()));
    assertNull(ReplyTree.rootFromPath(leaf, 0, 0, List.of()));
    assertThrows(IllegalArgumentException.class, () -> ReplyTree.of(List.of()));
  }

  @Test
  void replicaWithSignaturesSignsOneStatementPerBatchAndEachReplyChecks() throws Exception {
    NodeKeys other = NodeKeys.generate(org.cybervein.api.random.DeterministicRandom.fromSeed(5));
    List<Bytes> batch = List.of(fx.request(1, "a", false), fx.request(other, 1, "b", false));
    List<Action> out = fx.commitSlot(0, 1, batch);
    List<Bytes> replies = new ArrayList<>();
    for (Action a : out) {
      if (a instanceof Action.Send s && s.to().equals(fx.clientNode)) {
        replies.add(s.message());
      }
    }
    assertEquals(2, replies.size());
    Bytes statement = null;
    for (int i = 0; i < replies.size(); i++) {
      Frame f = parse(replies.get(i));
      assertFalse(f.isSigned(), "no signature per reply");
      assertNotNull(f.proof);
      assertEquals(i, f.proof.getIndex());
      if (statement == null) {
        statement = Codec.bytes(f.proof.getStatement());
      }
      assertEquals(statement, Codec.bytes(f.proof.getStatement()), "one statement per batch");
      ReplyProof.Checked c = ReplyProof.check(replies.get(i), verifiers, MAX);
      assertEquals(1, c.replica());
      assertEquals(1, c.reply().getTimestamp());
    }
    PbftProto.PbftReplyStatement s = parse(statement).body.getReplyStatement();
    assertEquals(1, s.getSequence());
    assertEquals(2, s.getCount());
  }

  @Test
  void clientCompletesOnFPlusOneProvenRepliesAndRejectsAForgedStatement() throws Exception {
    Client client = new Client(fx.config, fx.clientKeys, fx.clientNode, 10);
    client.invoke(Bytes.utf8("op"));
    Bytes forged = provenReply(2, 0, 10, "r", 5, 3);
    Frame f = parse(forged);
    Frame wrongSigner = statement(3, 2, 0, Hash.ZERO, 5);
    Bytes withForgedStatement =
        Frame.proven(
            f.bodyBytes, f.proof.toBuilder().setStatement(Codec.bs(wrongSigner.raw)).build());
    assertEquals(List.of(), client.onMessage(fx.config.node(2), withForgedStatement));
    assertEquals(1L, client.rejections().get(Rejection.BAD_AUTHENTICATOR));
    assertEquals(List.of(), client.onMessage(fx.config.node(1), provenReply(1, 0, 10, "r", 3, 0)));
    assertTrue(client.isBusy(), "one reply is not enough");
    assertEquals(
        List.of(new Action.Completed(10, Bytes.utf8("r"))),
        client.onMessage(fx.config.node(2), forged));
    List<Bytes> proof = client.lastReplyProof();
    assertEquals(2, proof.size(), "the f + 1 matching replies are kept");
    for (int i = 0; i < proof.size(); i++) {
      ReplyProof.Checked c = ReplyProof.check(proof.get(i), verifiers, MAX);
      assertEquals(i + 1, c.replica());
      assertEquals(Codec.bs(Bytes.utf8("r")), c.reply().getResult());
    }
  }

  @Test
  void rejectsStatementsOfAnotherReplicaViewOrKindAndMalformedProofs() throws Exception {
    Bytes good = provenReply(1, 4, 9, "r", 6, 5);
    ReplyProof.check(good, verifiers, MAX);
    Frame f = parse(good);
    Hash root =
        Hash.of(
            parse(Codec.bytes(f.proof.getStatement()))
                .body
                .getReplyStatement()
                .getRoot()
                .getValue()
                .toByteArray());
    List<Bytes> bad = new ArrayList<>();
    // Signed by replica 2 for itself, or by 2's key claiming 1, or for another view.
    bad.add(withStatement(f, statement(2, 2, 4, root, 6).raw));
    bad.add(withStatement(f, statement(2, 1, 4, root, 6).raw));
    bad.add(withStatement(f, statement(1, 1, 5, root, 6).raw));
    // The count changes the tree's shape, so the path no longer fits.
    bad.add(withStatement(f, statement(1, 1, 4, root, 7).raw));
    bad.add(withStatement(f, statement(1, 1, 4, root, 5).raw));
    // A signed frame of another kind in the statement's place.
    bad.add(withStatement(f, fx.signedFrom(1, fx.commit(4, 1, root)).raw));
    bad.add(withStatement(f, Bytes.utf8("junk")));
    bad.add(Frame.proven(f.bodyBytes, f.proof.toBuilder().setIndex(4).build()));
    bad.add(Frame.proven(f.bodyBytes, f.proof.toBuilder().setIndex(-1).build()));
    bad.add(Frame.proven(replyBody(1, 4, 9, "s"), f.proof));
    bad.add(Frame.proven(replyBody(1, 4, 9, "r"), f.proof.toBuilder().clearPath().build()));
    for (Bytes b : bad) {
      assertEquals(
          InvalidPbftMessageException.Reason.BAD_AUTHENTICATOR,
          assertThrows(InvalidPbftMessageException.class, () -> ReplyProof.check(b, verifiers, MAX))
              .reason(),
          b.toHex());
    }
    List<Bytes> malformed = new ArrayList<>();
    PbftProto.PbftReplyProof.Builder tooLong = f.proof.toBuilder();
    for (int i = 0; i < Frame.MAX_PROOF_PATH; i++) {
      tooLong.addPath(Codec.hash(root));
    }
    malformed.add(Frame.proven(f.bodyBytes, tooLong.build()));
    malformed.add(
        Frame.proven(
            f.bodyBytes,
            f.proof.toBuilder()
                .addPath(TypesProto.Hash.newBuilder().setValue(ByteString.copyFrom(new byte[31])))
                .build()));
    malformed.add(Frame.proven(f.bodyBytes, f.proof.toBuilder().clearStatement().build()));
    malformed.add(
        Frame.proven(Bytes.of(fx.commit(4, 1, root).setSender(1).build().toByteArray()), f.proof));
    for (Bytes b : malformed) {
      assertThrows(InvalidPbftMessageException.class, () -> ReplyProof.check(b, verifiers, MAX));
    }
  }

  private static Bytes withStatement(Frame f, Bytes statement) {
    return Frame.proven(f.bodyBytes, f.proof.toBuilder().setStatement(Codec.bs(statement)).build());
  }

  @Test
  void truncatedRandomAndMutatedReplyFramesAreRejectedOrUnchanged() throws Exception {
    System.out.println("qt.seed " + SEED);
    Bytes good = provenReply(2, 3, 11, "result", 9, 4);
    ReplyProof.Checked expected = ReplyProof.check(good, verifiers, MAX);
    for (int len = 0; len < good.size(); len++) {
      Bytes cut = good.slice(0, len);
      assertThrows(InvalidPbftMessageException.class, () -> ReplyProof.check(cut, verifiers, MAX));
    }
    qt().withExamples(Integer.getInteger("qt.examples", 200))
        .withFixedSeed(SEED)
        .forAll(integers().between(0, good.size() - 1), integers().between(1, 255))
        .checkAssert(
            (pos, delta) -> {
              byte[] m = good.toByteArray();
              m[pos] = (byte) (m[pos] + delta);
              try {
                // A mutation may only ever land in bytes that change nothing that is checked
                // (e.g. turn a field into an unknown one); then the reply must be the same.
                assertEquals(expected, ReplyProof.check(Bytes.of(m), verifiers, MAX));
              } catch (InvalidPbftMessageException e) {
                // rejected: fine
              }
            });
    qt().withExamples(Integer.getInteger("qt.examples", 200))
        .withFixedSeed(SEED)
        .forAll(integers().between(0, 400), integers().all())
        .checkAssert(
            (len, seed) -> {
              byte[] b = new byte[len];
              new SplittableRandom(seed).nextBytes(b);
              assertThrows(
                  InvalidPbftMessageException.class,
                  () -> ReplyProof.check(Bytes.of(b), verifiers, MAX));
            });
    assertThrows(
        InvalidPbftMessageException.class,
        () -> ReplyProof.check(good, verifiers, good.size() - 1));
  }

  private static Frame parse(Bytes raw) {
    try {
      return Frame.parse(raw, MAX);
    } catch (InvalidPbftMessageException e) {
      throw new AssertionError(e);
    }
  }
}
