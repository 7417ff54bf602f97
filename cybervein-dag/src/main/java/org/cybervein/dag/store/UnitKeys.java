package org.cybervein.dag.store;

import java.nio.ByteBuffer;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.api.SignatureAlgorithm;
import org.cybervein.api.store.StoreException;
import org.cybervein.dag.unit.UnitStatus;

/**
 * The key layout of {@link KeyValueUnitStore} (version 4, documented there): one prefix byte per
 * index, numbers big-endian, sequence numbers with the sign bit flipped so that they sort as signed
 * numbers, an author as its algorithm's ordinal followed by its encoded key. Kept apart from the
 * store so that the bytes on disk are read in one place.
 */
final class UnitKeys {
  static final Bytes FORMAT_KEY = Bytes.of(new byte[] {0, 'f', 'o', 'r', 'm', 'a', 't'});
  // The format keeps the class's former name (it was LmdbUnitStore): it names the bytes on disk,
  // not the class, and stores written before the rename must still open.
  static final Bytes FORMAT_V4 = Bytes.utf8("org.cybervein.dag.store.LmdbUnitStore/4");

  static final byte ID = 'I';
  static final byte UNIT = 'U';
  static final byte CHILD = 'C';
  static final byte ORPHAN_CHILD = 'D';
  static final byte TIP = 'T';
  static final byte SEQUENCE = 'S';
  static final byte LAST_SEQUENCE = 'L';
  static final byte EQUIVOCATOR = 'E';
  static final byte VERIFICATION_ID = 'V';
  static final byte STATUS = 'Q';
  static final byte[] COUNT_KEY = {'N'};
  static final byte[] CHECKPOINT_KEY = {'K'};
  static final byte[] NOTHING = {};

  private UnitKeys() {}

  static byte[] key(byte kind, Hash id) {
    byte[] k = new byte[1 + Hash.SIZE];
    k[0] = kind;
    id.copyTo(k, 1);
    return k;
  }

  static byte[] key(byte kind, Hash first, Hash second) {
    byte[] k = new byte[1 + 2 * Hash.SIZE];
    k[0] = kind;
    first.copyTo(k, 1);
    second.copyTo(k, 1 + Hash.SIZE);
    return k;
  }

  static byte[] unitKey(long number) {
    byte[] k = new byte[9];
    k[0] = UNIT;
    putLong(k, 1, number);
    return k;
  }

  static byte[] childPrefix(long parentNumber) {
    byte[] k = new byte[9];
    k[0] = CHILD;
    putLong(k, 1, parentNumber);
    return k;
  }

  static byte[] childKey(long parentNumber, Hash child) {
    byte[] k = new byte[9 + Hash.SIZE];
    k[0] = CHILD;
    putLong(k, 1, parentNumber);
    child.copyTo(k, 9);
    return k;
  }

  static byte[] statusKey(UnitStatus status, long number) {
    byte[] k = new byte[10];
    k[0] = STATUS;
    k[1] = (byte) status.ordinal();
    putLong(k, 2, number);
    return k;
  }

  /** 'S' author sequence id; sequence numbers sort as signed numbers. */
  static byte[] sequenceKey(byte[] author, long sequence, Hash id) {
    byte[] k = new byte[1 + author.length + 8 + Hash.SIZE];
    k[0] = SEQUENCE;
    System.arraycopy(author, 0, k, 1, author.length);
    putLong(k, 1 + author.length, sequence ^ Long.MIN_VALUE);
    id.copyTo(k, 9 + author.length);
    return k;
  }

  static byte[] prefixed(byte kind, byte[] rest) {
    byte[] k = new byte[1 + rest.length];
    k[0] = kind;
    System.arraycopy(rest, 0, k, 1, rest.length);
    return k;
  }

  /** {@code 'V' validator vid}: the prefix of the units carrying that validator's vid. */
  static byte[] verificationPrefix(PublicKey validator, Hash verificationId) {
    byte[] v = author(validator);
    byte[] k = new byte[1 + v.length + Hash.SIZE];
    k[0] = VERIFICATION_ID;
    System.arraycopy(v, 0, k, 1, v.length);
    verificationId.copyTo(k, 1 + v.length);
    return k;
  }

  static byte[] author(PublicKey key) {
    byte[] encoded = key.encoded().toByteArray();
    byte[] out = new byte[1 + encoded.length];
    out[0] = (byte) key.algorithm().ordinal();
    System.arraycopy(encoded, 0, out, 1, encoded.length);
    return out;
  }

  static PublicKey decodeAuthor(Bytes encoded) {
    int ordinal = encoded.isEmpty() ? -1 : encoded.byteAt(0);
    if (ordinal < 0 || ordinal >= SignatureAlgorithm.values().length) {
      throw new StoreException("corrupt unit store: unknown key algorithm " + ordinal);
    }
    try {
      return new PublicKey(SignatureAlgorithm.values()[ordinal], encoded.slice(1, encoded.size()));
    } catch (IllegalArgumentException e) {
      throw new StoreException("corrupt unit store: bad author key", e);
    }
  }

  static void putLong(byte[] target, int offset, long v) {
    for (int i = 7; i >= 0; i--) {
      target[offset + i] = (byte) v;
      v >>>= 8;
    }
  }

  static byte[] long8(long v) {
    byte[] out = new byte[8];
    putLong(out, 0, v);
    return out;
  }

  static long readLong(byte[] v) {
    if (v.length < 8) {
      throw new StoreException("corrupt unit store: short number");
    }
    return ByteBuffer.wrap(v).getLong(0);
  }
}
