package org.cybervein.ledger.poc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.block.ContributionProof;
import org.cybervein.ledger.chain.Chain;
import org.junit.jupiter.api.Test;

class PocNodeTest {
  private final PocCluster cluster =
      new PocCluster(9, new long[] {1 << 10, 1 << 11}, new long[] {100, 200});

  @Test
  void dropsGarbageWithoutActionsOrStateChange() {
    PocNode node = cluster.nodes.get(0);
    Hash root = node.chain().state().root();
    DeterministicRandom random = DeterministicRandom.fromSeed(1);
    for (int i = 0; i < 200; i++) {
      byte[] junk = new byte[random.nextInt(300)];
      random.nextBytes(junk);
      assertEquals(
          List.of(), node.onMessage(cluster.ids.get(1), Bytes.of(junk), PocCluster.GENESIS_TIME));
    }
    assertEquals(root, node.chain().state().root());
    assertEquals(0, node.chain().height());
  }

  @Test
  void contributionMessagesRoundTripAndRefuseTruncation() throws Exception {
    Chain chain = cluster.nodes.get(0).chain();
    BlockProducer producer = new BlockProducer(cluster.keys.get(0), provers(0));
    ContributionProof c = producer.contribute(chain);
    Bytes encoded = PocWire.contribution(chain.tipId(), c);
    PocWire.ContributionMessage m = (PocWire.ContributionMessage) PocWire.decode(encoded);
    assertEquals(c, m.contribution());
    assertEquals(chain.tipId(), m.parent());
    for (int len = 0; len < encoded.size(); len += 13) {
      Bytes cut = encoded.slice(0, len);
      assertThrows(InvalidLedgerInputException.class, () -> PocWire.decode(cut));
    }
  }

  @Test
  void answersARequestForABlockItHolds() {
    PocNode a = cluster.nodes.get(0);
    List<PocAction> start = a.onStart(PocCluster.GENESIS_TIME);
    assertTrue(start.stream().anyMatch(x -> x instanceof PocAction.SetTimer));
    List<PocAction> out = a.onTimer(1, PocCluster.GENESIS_TIME + 5000);
    // Whether or not it won in its own view (it only knows its own contribution), it produced.
    assertTrue(out.stream().anyMatch(x -> x instanceof PocAction.Produced), out.toString());
    Hash tip = a.chain().tipId();
    NodeId asker = cluster.ids.get(1);
    List<PocAction> reply = a.onMessage(asker, PocWire.getBlock(tip), PocCluster.GENESIS_TIME);
    assertEquals(1, reply.size());
    PocAction.Send send = (PocAction.Send) reply.get(0);
    assertEquals(asker, send.to());
    // The other node, given the block, adopts it.
    PocNode b = cluster.nodes.get(1);
    b.onMessage(cluster.ids.get(0), send.message(), PocCluster.GENESIS_TIME + 5000);
    assertEquals(tip, b.chain().tipId());
  }

  private org.cybervein.storageproofs.pospace.SpaceProver provers(int i) {
    return org.cybervein.storageproofs.pospace.SpaceProver.initInMemory(
        org.cybervein.ledger.contract.poc.PocContract.mu(cluster.keys.get(i).publicKey()),
        1 << 10,
        PocCluster.GRAPH);
  }
}
