package org.cybervein.dag.testing;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.dag.unit.DataWrite;
import org.cybervein.dag.unit.Payload;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.unit.UnitBody;

/** Deterministic keys and units for DAG tests (also used by the store contract's subclasses). */
public final class TestUnits {
  /** The genesis id the tests use: what every first unit references. */
  public static final Hash GENESIS =
      HashFunction.untaggedSha256(Bytes.utf8("test genesis").toByteArray());

  /** A fixed timestamp (2026-01-01T00:00:00Z) for units whose time does not matter. */
  public static final long T0 = 1_767_225_600_000L;

  private TestUnits() {}

  /** The i-th test key, the same in every run. */
  public static Ed25519PrivateKey key(int i) {
    byte[] seed = new byte[Ed25519PrivateKey.SEED_SIZE];
    seed[0] = (byte) i;
    seed[1] = (byte) (i >>> 8);
    seed[31] = 0x42;
    return Ed25519PrivateKey.fromSeed(seed);
  }

  /** A data write payload that differs for each {@code salt}. */
  public static DataWrite write(long salt) {
    byte[] content = Bytes.utf8("content " + salt).toByteArray();
    return new DataWrite(
        HashFunction.untaggedSha256(Bytes.utf8("data set").toByteArray()),
        HashFunction.untaggedSha256(content),
        content.length,
        Optional.of(Bytes.of(content)));
  }

  /** A signed unit by {@code author} with these parents (any order, duplicates removed). */
  public static Unit unit(
      Ed25519PrivateKey author, long sequence, Collection<Hash> parents, Payload payload) {
    return Unit.sign(
        new UnitBody(
            author.publicKey(),
            UnitBody.canonicalParents(parents),
            sequence,
            T0 + sequence,
            payload),
        author);
  }

  /** A signed data-write unit; {@code salt} makes otherwise equal units differ. */
  public static Unit unit(
      Ed25519PrivateKey author, long sequence, Collection<Hash> parents, long salt) {
    return unit(author, sequence, parents, write(salt));
  }

  /** A first unit (sequence 0) on the genesis. */
  public static Unit first(Ed25519PrivateKey author, long salt) {
    return unit(author, 0, List.of(GENESIS), salt);
  }
}
