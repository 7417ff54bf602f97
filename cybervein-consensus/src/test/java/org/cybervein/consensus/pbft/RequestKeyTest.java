package org.cybervein.consensus.pbft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;
import org.cybervein.api.PublicKey;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;

/**
 * ClientKey, RequestKey and Upload write out equals and hashCode (for speed): they must stay the
 * records' own, equal exactly when every component is equal, with the records' hash values.
 */
class RequestKeyTest {
  // Two addresses and two keys, so that equal and unequal pairs both come up often.
  private static final NodeId[] ADDRESSES = {NodeId.of("c0"), NodeId.of("c1")};
  private static final PublicKey[] KEYS = {key(1), key(2)};

  @Test
  void clientAndRequestKeysAreEqualExactlyWhenEveryComponentIs() {
    PropertyRuns.qt()
        .forAll(integers().between(0, 7), integers().between(0, 7))
        .checkAssert(
            (x, y) -> {
              RequestKey a = request(x);
              RequestKey b = request(y);
              assertEquals(x.equals(y), a.equals(b));
              assertEquals((x & 3) == (y & 3), a.client().equals(b.client()));
              if (a.equals(b)) {
                assertEquals(a.hashCode(), b.hashCode());
              }
              ClientKey c = a.client();
              assertEquals(31 * c.address().hashCode() + c.key().hashCode(), c.hashCode());
              assertEquals(31 * c.hashCode() + Long.hashCode(a.timestamp()), a.hashCode());
            });
    RequestKey r = request(0);
    assertNotEquals(r, r.client());
    assertNotEquals(r.client(), r.client().address());
  }

  @Test
  void uploadsAreEqualExactlyWhenSequenceAndDigestAre() {
    PropertyRuns.qt()
        .forAll(
            longs().between(1, 2),
            integers().between(0, 1),
            longs().between(1, 2),
            integers().between(0, 1))
        .checkAssert(
            (n, d, m, e) -> {
              Upload a = new Upload(n, digest(d));
              Upload b = new Upload(m, digest(e));
              assertEquals(n.equals(m) && d.equals(e), a.equals(b));
              if (a.equals(b)) {
                assertEquals(a.hashCode(), b.hashCode());
              }
              assertEquals(31 * Long.hashCode(n) + digest(d).hashCode(), a.hashCode());
            });
    assertNotEquals(new Upload(1, digest(0)), digest(0));
  }

  /** Bit 0 the address, bit 1 the key, bit 2 the timestamp. */
  private static RequestKey request(int bits) {
    return new RequestKey(
        new ClientKey(ADDRESSES[bits & 1], KEYS[(bits >> 1) & 1]), 100 + (bits >> 2));
  }

  private static Hash digest(int i) {
    byte[] b = new byte[Hash.SIZE];
    b[0] = (byte) i;
    return Hash.of(b);
  }

  private static PublicKey key(int i) {
    byte[] b = new byte[32];
    b[31] = (byte) i;
    return PublicKey.ed25519(b);
  }
}
