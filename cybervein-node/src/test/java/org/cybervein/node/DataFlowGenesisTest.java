package org.cybervein.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.Transport;
import org.cybervein.api.store.InMemoryKeyValueStore;
import org.cybervein.api.wire.v1.DataFlowProto.DataFlowMessage;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.chain.Chain;
import org.cybervein.store.lmdb.LmdbKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data flow's genesis as {@code init} writes it and the storage nodes open it, its refusals,
 * and the wire pieces the roles share (the message codec and the channels).
 */
class DataFlowGenesisTest {

  private static int init(Path dir, String... extra) {
    List<String> args = new ArrayList<>(List.of("init", "--dir", dir.toString()));
    int port = 17_000;
    for (String m : List.of("s0,storage", "s1,storage", "super,dag", "alice,account")) {
      args.addAll(List.of("--member", m + ",127.0.0.1:" + port++ + ",127.0.0.1:" + port++));
    }
    args.addAll(List.of(extra));
    return Main.execute(args.toArray(String[]::new));
  }

  @Test
  void everyStorageNodeOpensTheSameChainFromTheGenesisInitWrites(@TempDir Path dir)
      throws Exception {
    assertEquals(0, init(dir, "--validator", "super"));
    DataFlowGenesis a = DataFlowGenesis.load(dir.resolve("s0.conf"));
    DataFlowGenesis b = DataFlowGenesis.load(dir.resolve("s1.conf"));
    assertEquals(a, b);
    assertEquals(a, DataFlowGenesis.parse(ConfigFactory.parseString(a.render())));
    assertEquals(List.of(new NodeId("super")), a.validators());
    assertEquals(4, a.transactions().size(), "a registration and a receipt per storage node");

    Chain one = a.openChain(new InMemoryKeyValueStore());
    Chain two = b.openChain(new InMemoryKeyValueStore());
    assertEquals(one.tipId(), two.tipId());
    assertEquals(one.state().root(), two.state().root());
    ClusterDescription cluster = NodeConfig.load(dir.resolve("s0.conf")).cluster();
    for (Member s : cluster.withRole(Role.STORAGE)) {
      assertTrue(one.registeredCommitment(s.identity().signingKey()).isPresent());
      assertTrue(one.bandwidthForNextBlock(s.identity().signingKey()) > 0, "M > 0 at genesis");
    }
    Member alice = cluster.member(new NodeId("alice")).orElseThrow();
    assertEquals(
        DataFlowGenesis.ACCOUNT_BALANCE,
        one.state().account(Address.of(alice.identity().signingKey())).balance());
  }

  @Test
  void aStorageNodesLmdbChainResumesAfterAReopen(@TempDir Path dir) throws Exception {
    assertEquals(0, init(dir.resolve("cluster"), "--validator", "super"));
    DataFlowGenesis g = DataFlowGenesis.load(dir.resolve("cluster").resolve("s0.conf"));
    Path data = dir.resolve("ledger");
    Chain first;
    try (LmdbKeyValueStore store = LmdbKeyValueStore.open(data)) {
      first = g.openChain(store);
    }
    try (LmdbKeyValueStore store = LmdbKeyValueStore.open(data)) {
      Chain again = g.openChain(store);
      assertEquals(first.tipId(), again.tipId());
      assertEquals(first.state().root(), again.state().root());
    }
  }

  @Test
  void initRefusesDagMembersWithoutAValidatorAndValidatorsThatAreNoDagMembers(@TempDir Path dir) {
    assertNotEquals(0, init(dir.resolve("a")));
    assertFalse(Files.exists(dir.resolve("a").resolve("cluster.conf")));
    assertNotEquals(0, init(dir.resolve("b"), "--validator", "s0"));
    assertNotEquals(0, init(dir.resolve("c"), "--validator", "nobody"));
  }

  @Test
  void anAccountMemberRunsNoProcess(@TempDir Path dir) {
    assertEquals(0, init(dir, "--validator", "super"));
    assertNotEquals(0, Main.execute("run", "--config", dir.resolve("alice.conf").toString()));
  }

  @Test
  void theCodecRefusesTrailingBytesAndForeignMessages() throws Exception {
    Bytes block = DataFlowWire.encode(DataFlowMessage.newBuilder().setSyncFrom(7).build());
    assertEquals(7, DataFlowWire.decode(block).getSyncFrom());
    assertThrows(
        InvalidEncodingException.class,
        () -> DataFlowWire.decode(block.concat(Bytes.of(new byte[] {0}))));
    assertThrows(
        InvalidEncodingException.class,
        () -> DataFlowWire.decode(Bytes.of(new byte[] {(byte) 0xff})));
    assertThrows(
        InvalidEncodingException.class,
        () -> DataFlowWire.decode(Bytes.of(new byte[DataFlowWire.MAX_BYTES + 1])));
  }

  @Test
  void channelsDeliverEachMessageToItsOwnHandlerOnlyAndDropUnknownTags() {
    List<String> seen = new ArrayList<>();
    org.cybervein.api.net.MessageHandler[] below = new org.cybervein.api.net.MessageHandler[1];
    List<Bytes> sent = new ArrayList<>();
    Transport base =
        new Transport() {
          @Override
          public NodeId localNode() {
            return new NodeId("me");
          }

          @Override
          public void send(NodeId to, Bytes message) {
            sent.add(message);
          }

          @Override
          public void register(org.cybervein.api.net.MessageHandler handler) {
            below[0] = handler;
          }
        };
    Channels channels = new Channels(base, new Object());
    Transport sync = channels.channel(Channels.DAG_SYNC);
    Transport flow = channels.channel(Channels.DATA_FLOW);
    sync.register((from, m) -> seen.add("sync " + m.toHex()));
    flow.register((from, m) -> seen.add("flow " + m.toHex()));
    flow.send(new NodeId("p"), Bytes.of(new byte[] {9}));
    assertEquals(Bytes.of(new byte[] {1, 9}), sent.get(0));
    below[0].onMessage(new NodeId("p"), Bytes.of(new byte[] {0, 5}));
    below[0].onMessage(new NodeId("p"), Bytes.of(new byte[] {1, 6}));
    below[0].onMessage(new NodeId("p"), Bytes.of(new byte[] {2, 7}));
    below[0].onMessage(new NodeId("p"), Bytes.EMPTY);
    assertEquals(List.of("sync 05", "flow 06"), seen);
  }
}
