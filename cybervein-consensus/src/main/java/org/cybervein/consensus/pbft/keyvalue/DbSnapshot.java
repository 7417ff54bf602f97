package org.cybervein.consensus.pbft.keyvalue;

import java.util.List;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.store.KeyValue;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;
import org.cybervein.crypto.hash.Hasher;

/**
 * The whole key space of a replicated database at one point of its execution: what a checkpoint
 * certifies and what state transfer ships to a replica that fell behind.
 *
 * <p><b>Digest.</b> {@link #digest()} is the SHA-256 tagged {@code "cybervein/pbft-db-state/v1"}
 * over, for each entry in key order, {@code u32be(len(key)) || key || u32be(len(value)) || value}.
 * The framing is uniquely parseable, so two different key spaces never share an input. It depends
 * only on the contents, never on how a snapshot was encoded.
 *
 * @param entries the entries, keys strictly increasing (unsigned-lexicographic), keys and values
 *     within the {@link DbOperation} limits
 */
public record DbSnapshot(List<KeyValue> entries) {
  static final DomainTag DIGEST_TAG = DomainTag.of("cybervein/pbft-db-state/v1");

  /**
   * Copies the list and checks the order and the sizes.
   *
   * @param entries the entries, keys strictly increasing (unsigned-lexicographic), keys and values
   *     within the {@link DbOperation} limits
   */
  public DbSnapshot {
    entries = List.copyOf(Objects.requireNonNull(entries, "entries"));
    Bytes previous = null;
    for (KeyValue entry : entries) {
      // Reusing the operation's checks keeps snapshot and operation limits in one place.
      new DbOperation.Put(entry.key(), entry.value());
      if (previous != null && previous.compareTo(entry.key()) >= 0) {
        throw new IllegalArgumentException(
            "snapshot keys must be strictly increasing: " + entry.key() + " after " + previous);
      }
      previous = entry.key();
    }
  }

  /**
   * The empty key space.
   *
   * @return a snapshot without entries
   */
  public static DbSnapshot empty() {
    return new DbSnapshot(List.of());
  }

  /**
   * The digest of the contents; see the class documentation.
   *
   * @return the digest
   */
  public Hash digest() {
    Digester digester = new Digester();
    entries.forEach(e -> digester.add(e.key(), e.value()));
    return digester.finish();
  }

  /** Builds the state digest one entry at a time, in key order, without holding the entries. */
  static final class Digester {
    private final Hasher hasher = HashFunction.SHA256.newHasher(DIGEST_TAG);

    void add(Bytes key, Bytes value) {
      hasher.updateInt(key.size()).update(key).updateInt(value.size()).update(value);
    }

    Hash finish() {
      return hasher.digest();
    }
  }
}
