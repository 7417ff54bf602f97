package org.cybervein.examples.greetings;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import org.cybervein.api.NodeId;
import org.cybervein.api.PublicKey;
import org.cybervein.api.random.RandomSource;
import org.cybervein.crypto.sign.Ed25519PrivateKey;

/**
 * The demo's nodes {@code node-0 .. node-(n-1)}: each one's signing key, and the directory of
 * public keys that every node is configured with.
 *
 * @param privateKeys each node's key, known only to that node
 * @param directory each node's public key, known to all
 */
record Roster(
    SortedMap<NodeId, Ed25519PrivateKey> privateKeys, SortedMap<NodeId, PublicKey> directory) {

  /** Draws {@code size} keys from {@code keys}, in node order, so a seed fixes the roster. */
  static Roster generate(int size, RandomSource keys) {
    SortedMap<NodeId, Ed25519PrivateKey> privateKeys = new TreeMap<>();
    SortedMap<NodeId, PublicKey> directory = new TreeMap<>();
    for (int i = 0; i < size; i++) {
      NodeId id = NodeId.of("node-" + i);
      Ed25519PrivateKey key = Ed25519PrivateKey.generate(keys);
      privateKeys.put(id, key);
      directory.put(id, key.publicKey());
    }
    return new Roster(
        Collections.unmodifiableSortedMap(privateKeys),
        Collections.unmodifiableSortedMap(directory));
  }
}
