package org.cybervein.ledger.contract;

import org.cybervein.api.PublicKey;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.account.Address;

/** Deterministic Ed25519 keys for contract tests. */
public final class Keys {
  private static final java.util.concurrent.ConcurrentHashMap<Integer, Ed25519PrivateKey> CACHE =
      new java.util.concurrent.ConcurrentHashMap<>();

  private Keys() {}

  /** The private key number {@code n} (seed: n in the first bytes, then a constant). */
  public static Ed25519PrivateKey privateKey(int n) {
    return CACHE.computeIfAbsent(n, Keys::make);
  }

  private static Ed25519PrivateKey make(int n) {
    byte[] seed = new byte[32];
    seed[0] = (byte) n;
    seed[1] = (byte) (n >>> 8);
    seed[31] = 0x5a;
    return Ed25519PrivateKey.fromSeed(seed);
  }

  /** The public key number {@code n}. */
  public static PublicKey key(int n) {
    return privateKey(n).publicKey();
  }

  /** The address of key number {@code n}. */
  public static Address address(int n) {
    return Address.of(key(n));
  }
}
