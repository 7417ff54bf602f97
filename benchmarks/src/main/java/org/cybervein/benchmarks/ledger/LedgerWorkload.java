package org.cybervein.benchmarks.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.cybervein.api.Amount;
import org.cybervein.api.store.InMemoryKeyValueStore;
import org.cybervein.api.store.KeyValueStore;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.ContractRegistry;
import org.cybervein.ledger.state.Genesis;
import org.cybervein.ledger.state.LedgerState;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.ledger.transaction.Transaction;
import org.cybervein.ledger.transaction.Transfer;
import org.cybervein.store.lmdb.LmdbKeyValueStore;

/** Deterministic keys, a funded genesis and pre-signed transfers for the ledger benchmarks. */
final class LedgerWorkload {
  static final Amount FEE = Amount.ofBaseUnits(10);

  private LedgerWorkload() {}

  static List<Ed25519PrivateKey> keys(int n) {
    List<Ed25519PrivateKey> keys = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] seed = new byte[32];
      seed[0] = (byte) i;
      seed[1] = (byte) (i >>> 8);
      seed[2] = (byte) (i >>> 16);
      seed[31] = 0x1e;
      keys.add(Ed25519PrivateKey.fromSeed(seed));
    }
    return keys;
  }

  static Genesis genesis(List<Ed25519PrivateKey> keys) {
    TreeMap<Address, Amount> alloc = new TreeMap<>();
    for (Ed25519PrivateKey k : keys) {
      alloc.put(Address.of(k.publicKey()), Amount.ofCvt(1_000));
    }
    return new Genesis(alloc, FEE);
  }

  /**
   * {@code count} transfers that apply in order from genesis: transfer k is sent by key {@code k
   * mod n} with nonce {@code k / n} to another funded account.
   */
  static List<SignedTransaction> transfers(List<Ed25519PrivateKey> keys, int count) {
    int n = keys.size();
    List<Address> addresses = new ArrayList<>(n);
    for (Ed25519PrivateKey k : keys) {
      addresses.add(Address.of(k.publicKey()));
    }
    List<SignedTransaction> out = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      Ed25519PrivateKey from = keys.get(k % n);
      Address to = addresses.get((int) ((k * 7L + 1) % n));
      out.add(
          SignedTransaction.sign(
              new Transaction(
                  from.publicKey(), k / n, FEE, new Transfer(to, Amount.ofBaseUnits(1 + k % 97))),
              from));
    }
    return out;
  }

  /** A state and the store under it, to close when done. */
  record Opened(LedgerState state, KeyValueStore store) {}

  /** Opens a fresh state; directories made are added to {@code dirs} for deletion. */
  static Opened open(LedgerStoreKind kind, Genesis genesis, List<Path> dirs) {
    return switch (kind) {
      case MEMORY -> {
        KeyValueStore store = new InMemoryKeyValueStore();
        yield new Opened(LedgerState.open(store, genesis, ContractRegistry.empty()), store);
      }
      case LMDB_SYNC, LMDB_NOSYNC -> {
        Path dir;
        try {
          dir = Files.createTempDirectory("bench-ledger");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        dirs.add(dir);
        LmdbKeyValueStore store =
            LmdbKeyValueStore.builder(dir)
                .durability(
                    kind == LedgerStoreKind.LMDB_SYNC
                        ? LmdbKeyValueStore.Durability.SYNC
                        : LmdbKeyValueStore.Durability.NO_SYNC)
                .open();
        yield new Opened(LedgerState.open(store, genesis, ContractRegistry.empty()), store);
      }
    };
  }

  static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
