package org.cybervein.ledger.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.store.InMemoryKeyValueStore;
import org.cybervein.api.store.KeyRange;
import org.cybervein.api.store.KeyValue;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.api.store.StoreException;
import org.cybervein.api.store.WriteBatch;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.state.LedgerState;
import org.cybervein.ledger.testing.ChainFixture;
import org.cybervein.ledger.testing.FailingKeyValueStore;
import org.cybervein.ledger.testing.PocFixtures;
import org.cybervein.store.lmdb.LmdbKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chain kept in a store ({@link ChainGenesis#open}): restarts lose nothing, reorganisations work
 * the same after a restart, and a store of another genesis or with a damaged record is refused.
 */
class ChainStoreTest {
  private static final long[] SPACE = {1 << 10, 1 << 11, 1 << 12, 1 << 11};
  private static final long[] BANDWIDTH = {4000, 1000, 3000, 2000};
  private static final long NOW = Long.MAX_VALUE / 2;

  private final ChainFixture fx = new ChainFixture(PocFixtures.PARAMETERS, 42, SPACE, BANDWIDTH);

  private static LmdbKeyValueStore lmdb(Path dir) {
    return LmdbKeyValueStore.builder(dir).durability(LmdbKeyValueStore.Durability.NO_SYNC).open();
  }

  /** Branch A (3 blocks by contributors 0, 1) and the better branch B (7 blocks by 2, 3). */
  private List<List<Block>> twoBranches() {
    Chain left = fx.newChain();
    List<Block> a = fx.extend(left, List.of(0, 1), 3, 2);
    fx.resetUserNonce(0);
    Chain right = fx.newChain();
    List<Block> b = fx.extend(right, List.of(2, 3), 7, 1);
    assertTrue(right.totalQuality() > left.totalQuality());
    return List.of(a, b);
  }

  @Test
  void aNodeRestartedAfterEveryBlockEndsLikeOneThatNeverStopped(@TempDir Path dir)
      throws Exception {
    List<List<Block>> branches = twoBranches();
    List<Block> all = new ArrayList<>(branches.get(0));
    all.addAll(branches.get(1));
    Chain reference = fx.newChain();
    boolean reorganised = false;
    for (Block b : all) {
      ChainUpdate expected = reference.submit(b, NOW);
      try (LmdbKeyValueStore store = lmdb(dir)) {
        Chain node = fx.openChain(store);
        ChainUpdate actual = node.submit(b, NOW);
        assertEquals(expected, actual);
        reorganised |= !actual.reverted().isEmpty();
        fx.assertSameChain(reference, node);
        assertEquals(reference.blockCount(), node.blockCount());
      }
    }
    assertTrue(reorganised, "the restarted node switched branches");
    try (LmdbKeyValueStore store = lmdb(dir)) {
      Chain node = fx.openChain(store);
      fx.assertSameChain(reference, node);
      // Every block is still held: a replay changes nothing.
      for (Block b : all) {
        assertEquals(ChainUpdate.NONE, node.submit(b.encoded(), NOW));
      }
      fx.assertSameChain(reference, node);
    }
  }

  @Test
  void aRestartedNodeReorganisesUpToItsDepthAndNoDeeper(@TempDir Path dir) throws Exception {
    ChainParameters shallow =
        new ChainParameters(
            3, 6, PocFixtures.PARAMETERS.blockReward(), 1000, 5000, 2, PocFixtures.RULES);
    ChainFixture f = new ChainFixture(shallow, 42, SPACE, BANDWIDTH);
    Chain builder = f.newChain();
    List<Block> a = f.extend(builder, List.of(0, 1), 4, 0);
    // A branch forking two blocks down (reachable) and one from genesis (too deep).
    Chain forkBuilder = f.newChain();
    for (Block b : a.subList(0, 2)) {
      forkBuilder.submit(b, NOW);
    }
    List<Block> near = f.extend(forkBuilder, List.of(2, 3), 4, 0);
    Chain far = f.newChain();
    List<Block> deep = f.extend(far, List.of(2, 3), 9, 0);

    Chain reference = f.newChain();
    List<Block> order = new ArrayList<>(a);
    order.addAll(deep);
    order.addAll(near);
    int tooDeep = 0;
    int switched = 0;
    for (Block b : order) {
      Object expected = outcome(reference, b);
      try (LmdbKeyValueStore store = lmdb(dir)) {
        Chain node = f.openChain(store);
        Object actual = outcome(node, b);
        assertEquals(expected, actual);
        f.assertSameChain(reference, node);
      }
      tooDeep += expected == Reason.REORG_TOO_DEEP ? 1 : 0;
      switched += expected instanceof ChainUpdate u && !u.reverted().isEmpty() ? 1 : 0;
    }
    assertTrue(tooDeep > 0, "the deep branch was refused");
    assertTrue(switched > 0, "the near branch was adopted");
  }

  @Test
  void aSmallerDepthAfterARestartDropsTheOlderUndoData() throws Exception {
    KeyValueStore store = new InMemoryKeyValueStore();
    Chain node = fx.openChain(store);
    List<Block> a = fx.extend(node, List.of(0, 1), 5, 0);
    fx.resetUserNonce(0);
    ChainParameters shallow =
        new ChainParameters(
            3, 6, PocFixtures.PARAMETERS.blockReward(), 1000, 5000, 2, PocFixtures.RULES);
    ChainGenesis.open(
        shallow,
        store,
        fx.genesis,
        fx.registry(),
        fx.genesisTransactions,
        ChainFixture.GENESIS_TIME);
    // Back at the full depth, only two blocks of undo data are left: a switch three deep is
    // refused.
    Chain reopened = fx.openChain(store);
    fx.assertSameChain(node, reopened);
    Chain forkBuilder = fx.newChain();
    for (Block b : a.subList(0, 2)) {
      forkBuilder.submit(b, NOW);
    }
    List<Block> deeper = fx.extend(forkBuilder, List.of(2, 3), 6, 0);
    Chain reference = fx.newChain();
    for (Block b : a) {
      reference.submit(b, NOW);
    }
    boolean refused = false;
    for (Block b : deeper) {
      assertEquals(ChainUpdate.class, outcome(reference, b).getClass(), "the reference switches");
      Object r = refused ? Reason.REORG_TOO_DEEP : outcome(reopened, b);
      assertTrue(r instanceof ChainUpdate || r == Reason.REORG_TOO_DEEP, String.valueOf(r));
      refused = r == Reason.REORG_TOO_DEEP;
    }
    assertEquals(deeper.get(5).id(), reference.tipId());
    assertTrue(refused);
    assertEquals(a.get(4).id(), reopened.tipId());
  }

  @Test
  void aChainWhoseStoreFailedTakesNoMoreBlocks() {
    KeyValueStore underlying = new InMemoryKeyValueStore();
    FailingKeyValueStore failing =
        new FailingKeyValueStore(underlying, new TreeSet<>(List.of(4L)), false);
    Chain node = fx.openChain(failing);
    List<Block> blocks = fx.extend(fx.newChain(), fx.all(), 2, 1);
    // Writes 1 and 2 started the chain, 3 stored block 1; applying it fails.
    assertThrows(StoreException.class, () -> node.submit(blocks.get(0), NOW));
    assertThrows(IllegalStateException.class, () -> node.submit(blocks.get(1), NOW));
    Chain reopened = fx.openChain(underlying);
    assertEquals(blocks.get(0).id(), reopened.tipId(), "the stored block was adopted on reopening");
  }

  /** The update, or the reason of the refusal. */
  static Object outcome(Chain chain, Block b) {
    try {
      return chain.submit(b, NOW);
    } catch (InvalidLedgerInputException e) {
      return e.reason();
    }
  }

  @Test
  void resumesAfterACrashRightAfterTheStatesOwnGenesisWrite() {
    KeyValueStore store = new InMemoryKeyValueStore();
    LedgerState.open(store, fx.genesis, fx.registry());
    Chain chain = fx.openChain(store);
    fx.assertSameChain(fx.newChain(), chain);
    fx.extend(chain, fx.all(), 2, 1);
    fx.assertSameChain(chain, fx.openChain(store));
  }

  @Test
  void refusesAStoreOfAnotherGenesis() {
    KeyValueStore store = new InMemoryKeyValueStore();
    fx.extend(fx.openChain(store), fx.all(), 2, 1);
    IllegalArgumentException time =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ChainGenesis.open(
                    fx.parameters,
                    store,
                    fx.genesis,
                    fx.registry(),
                    fx.genesisTransactions,
                    ChainFixture.GENESIS_TIME + 1));
    assertTrue(time.getMessage().contains("another genesis"), time.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ChainGenesis.open(
                fx.parameters,
                store,
                fx.genesis,
                fx.registry(),
                fx.genesisTransactions.subList(0, fx.genesisTransactions.size() - 1),
                ChainFixture.GENESIS_TIME));
    ChainFixture other = new ChainFixture(PocFixtures.PARAMETERS, 43, SPACE, BANDWIDTH);
    assertThrows(IllegalArgumentException.class, () -> other.openChain(store));

    // A state that a volatile chain moved past its genesis has no chain to resume.
    KeyValueStore plain = new InMemoryKeyValueStore();
    fx.extend(fx.newChain(plain), fx.all(), 1, 0);
    assertThrows(IllegalArgumentException.class, () -> fx.openChain(plain));
  }

  @Test
  void refusesEveryDamagedChainRecord() throws Exception {
    KeyValueStore store = new InMemoryKeyValueStore();
    Chain chain = fx.openChain(store);
    List<List<Block>> branches = twoBranches();
    for (List<Block> branch : branches) {
      for (Block b : branch) {
        chain.submit(b, NOW);
      }
    }
    List<KeyValue> records = records(store);
    assertTrue(records.size() > 15, "genesis, tip, blocks and undo data are stored");
    DeterministicRandom random = DeterministicRandom.fromSeed(7);
    for (KeyValue r : records) {
      byte[] v = r.value().toByteArray();
      for (int trial = 0; trial < 4; trial++) {
        byte[] damaged = v.clone();
        damaged[random.nextInt(v.length)] ^= (byte) (1 + random.nextInt(255));
        assertDamageRefused(store, r.key(), Bytes.of(damaged));
      }
      assertDamageRefused(store, r.key(), Bytes.of(Arrays.copyOf(v, random.nextInt(v.length))));
      assertDamageRefused(store, r.key(), Bytes.of(Arrays.copyOf(v, v.length + 1)));
    }
    // Records that are intact but missing or out of place.
    Bytes tipKey = Bytes.of(new byte[] {'c', 't'});
    assertDamageRefused(store, tipKey, null);
    Hash parent = chain.block(chain.tipId()).orElseThrow().parent();
    assertDamageRefused(store, tipKey, ChainStore.seal(tipKey, parent.toBytes()));
    Bytes middleBlock = Bytes.of(new byte[] {'c', 'b'}).concat(chain.bestChain().get(3).toBytes());
    assertDamageRefused(store, middleBlock, null);
    Bytes middleUndo = Bytes.of(new byte[] {'c', 'u', 0, 0, 0, 0, 0, 0, 0, 5});
    assertDamageRefused(store, middleUndo, null);
    Bytes misplaced = Bytes.of(new byte[] {'c', 'u', 0, 0, 0, 0, 0, 0, 0, 6});
    assertDamageRefused(
        store,
        misplaced,
        ChainStore.seal(misplaced, ChainStore.unseal(middleUndo, get(store, middleUndo))));
    // The intact store still opens to the same chain.
    fx.assertSameChain(chain, fx.openChain(store));
  }

  private static Bytes get(KeyValueStore store, Bytes key) {
    return store.get(key).orElseThrow();
  }

  private static List<KeyValue> records(KeyValueStore store) {
    List<KeyValue> out = new ArrayList<>();
    try (KeyValueStore.Scan scan = store.scan(KeyRange.prefix(Bytes.of(new byte[] {'c'})))) {
      scan.forEachRemaining(out::add);
    }
    return out;
  }

  /** A copy of {@code store} with {@code key} set to {@code value} (deleted if null) is refused. */
  private void assertDamageRefused(KeyValueStore store, Bytes key, Bytes value) {
    KeyValueStore copy = new InMemoryKeyValueStore();
    WriteBatch.Builder b = WriteBatch.builder();
    try (KeyValueStore.Scan scan = store.scan(KeyRange.all())) {
      scan.forEachRemaining(kv -> b.put(kv.key(), kv.value()));
    }
    if (value == null) {
      b.delete(key);
    } else {
      b.put(key, value);
    }
    copy.write(b.build());
    assertThrows(StoreException.class, () -> fx.openChain(copy), "damaged " + key);
  }
}
