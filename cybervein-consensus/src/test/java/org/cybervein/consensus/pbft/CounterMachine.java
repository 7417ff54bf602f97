package org.cybervein.consensus.pbft;

import java.nio.ByteBuffer;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.crypto.hash.DomainTag;
import org.cybervein.crypto.hash.HashFunction;

/**
 * A trivial deterministic database for tests: counts operations and chains their hashes, so equal
 * digests mean the same operations in the same order.
 */
final class CounterMachine implements StateMachine {
  private static final DomainTag TAG = DomainTag.of("cybervein/test/counter/v1");
  private long count;
  private Hash chain = Hash.ZERO;

  @Override
  public Bytes execute(Bytes operation) {
    count++;
    chain = HashFunction.SHA256.newHasher(TAG).update(chain).update(operation).digest();
    return Bytes.utf8(count + ":" + operation.size());
  }

  @Override
  public Bytes query(Bytes operation) {
    return Bytes.utf8("count=" + count);
  }

  @Override
  public Bytes snapshot() {
    return Bytes.of(ByteBuffer.allocate(40).putLong(count).put(chain.toByteArray()).array());
  }

  @Override
  public void restore(Bytes snapshot) {
    if (snapshot.size() != 40) {
      throw new IllegalArgumentException("not a counter snapshot");
    }
    ByteBuffer b = ByteBuffer.wrap(snapshot.toByteArray());
    count = b.getLong();
    byte[] h = new byte[32];
    b.get(h);
    chain = Hash.of(h);
  }

  @Override
  public Hash digest() {
    return HashFunction.SHA256.hash(TAG, snapshot());
  }

  long count() {
    return count;
  }
}
