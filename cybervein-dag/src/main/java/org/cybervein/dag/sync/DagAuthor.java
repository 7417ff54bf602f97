package org.cybervein.dag.sync;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.cybervein.api.Hash;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.dag.Dag;
import org.cybervein.dag.unit.Payload;
import org.cybervein.dag.unit.Unit;
import org.cybervein.dag.unit.UnitBody;

/**
 * Writes one author's next unit: sequence and self-parent come from the store, so an author resumes
 * its chain after a restart with nothing else kept. The other parents are the tips the caller
 * chose, cut to the configured parent bound.
 */
public final class DagAuthor {
  private final Ed25519PrivateKey key;

  /** An author signing with {@code key}. */
  public DagAuthor(Ed25519PrivateKey key) {
    this.key = Objects.requireNonNull(key, "key");
  }

  /** The author's signing key. */
  public Ed25519PrivateKey key() {
    return key;
  }

  /**
   * Builds and signs the author's next unit on {@code dag}.
   *
   * @param tips parents besides the self-parent (the genesis if empty and no self-parent)
   * @param now the timestamp
   */
  public Unit next(Dag dag, Payload payload, List<Hash> tips, Instant now) {
    OptionalLong last = dag.store().lastSequence(key.publicKey());
    long sequence = last.isPresent() ? last.getAsLong() + 1 : 0;
    TreeSet<Hash> parents = new TreeSet<>();
    int max = dag.config().limits().maxParents();
    if (last.isPresent()) {
      // an author that equivocated has several units here; any one continues the chain
      parents.add(dag.store().unitsAt(key.publicKey(), last.getAsLong()).get(0));
    }
    for (Hash tip : tips) {
      if (parents.size() >= max) {
        break;
      }
      parents.add(tip);
    }
    if (parents.isEmpty()) {
      parents.add(dag.genesis());
    }
    UnitBody body =
        new UnitBody(
            key.publicKey(),
            UnitBody.canonicalParents(parents),
            sequence,
            now.toEpochMilli(),
            payload);
    return Unit.sign(body, key);
  }
}
