package org.cybervein.ledger.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.account.Account;
import org.cybervein.ledger.testing.StateFixture;
import org.junit.jupiter.api.Test;

class StateEncodingsTest {
  private interface Decoder {
    Object decode(Bytes b) throws InvalidLedgerInputException;
  }

  private static Hash hash(SplittableRandom r) {
    byte[] b = new byte[32];
    r.nextBytes(b);
    return Hash.of(b);
  }

  static StateProof proof(SplittableRandom r) {
    List<Hash> s = new ArrayList<>();
    int n = r.nextInt(0, 40);
    for (int i = 0; i < n; i++) {
      s.add(r.nextInt(4) == 0 ? Hash.ZERO : hash(r));
    }
    return new StateProof(
        s, r.nextBoolean() ? Optional.empty() : Optional.of(new StateProof.Leaf(hash(r), hash(r))));
  }

  static BlockEffects effects(SplittableRandom r) {
    List<Hash> keys = new ArrayList<>();
    int n = r.nextInt(0, 20);
    for (int i = 0; i < n; i++) {
      keys.add(hash(r));
    }
    keys.sort(null);
    List<BlockEffects.UndoEntry> undo = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0 && keys.get(i).equals(keys.get(i - 1))) {
        continue;
      }
      byte[] v = new byte[r.nextInt(0, 30)];
      r.nextBytes(v);
      undo.add(
          new BlockEffects.UndoEntry(
              keys.get(i), r.nextBoolean() ? Optional.empty() : Optional.of(Bytes.of(v))));
    }
    return new BlockEffects(
        r.nextLong(0, Long.MAX_VALUE),
        hash(r),
        hash(r),
        Amount.ofBaseUnits(r.nextLong(0, Long.MAX_VALUE)),
        r.nextInt(0, 1000),
        undo);
  }

  @Test
  void proofsAndEffectsRoundTripAndRejectTruncationAndRandomBytes() {
    StateFixture.qt(200)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              StateProof p = proof(r);
              BlockEffects fx = effects(r);
              assertEquals(p, decode(StateProof::decode, p.encode()));
              assertEquals(fx, decode(BlockEffects::decode, fx.encode()));
              Bytes pe = p.encode();
              Bytes fe = fx.encode();
              // Protobuf has no end marker: a cut at a field boundary is a shorter valid value
              // (which then fails verification or the revert's root check), anything else fails.
              if (pe.size() > 0) {
                rejectedOrReencodes(StateProof::decode, pe.slice(0, r.nextInt(pe.size())));
              }
              rejectedOrReencodes(BlockEffects::decode, fe.slice(0, r.nextInt(fe.size())));
              byte[] junk = new byte[r.nextInt(1, 200)];
              r.nextBytes(junk);
              rejectedOrReencodes(StateProof::decode, Bytes.of(junk));
              rejectedOrReencodes(BlockEffects::decode, Bytes.of(junk));
            });
  }

  @Test
  void mutatedProofsNeverDecodeToAnotherValidEncoding() {
    StateFixture.qt(200)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              byte[] enc = proof(r).encode().toByteArray();
              if (enc.length == 0) {
                return;
              }
              enc[r.nextInt(enc.length)] ^= (byte) (1 << r.nextInt(8));
              rejectedOrReencodes(StateProof::decode, Bytes.of(enc));
            });
  }

  @Test
  void rejectsMoreThan256SiblingsAndOversizedInput() {
    List<Hash> s = new ArrayList<>();
    for (int i = 0; i < 257; i++) {
      s.add(Hash.ZERO);
    }
    assertThrows(IllegalArgumentException.class, () -> new StateProof(s, Optional.empty()));
    assertEquals(
        Reason.OVERSIZED,
        reason(StateProof::decode, Bytes.of(new byte[StateProof.MAX_ENCODED_SIZE + 1])));
  }

  @Test
  void rejectsUnsortedUndoEntries() {
    Hash a = Hash.fromHex("01" + "00".repeat(31));
    Hash b = Hash.fromHex("02" + "00".repeat(31));
    List<BlockEffects.UndoEntry> unsorted =
        List.of(
            new BlockEffects.UndoEntry(b, Optional.empty()),
            new BlockEffects.UndoEntry(a, Optional.empty()));
    assertThrows(
        IllegalArgumentException.class, () -> new BlockEffects(1, a, b, Amount.ZERO, 0, unsorted));
  }

  @Test
  void accountAndSupplyValuesRoundTripAndRejectOutOfRange() throws Exception {
    Account acc = new Account(Amount.ofBaseUnits(123), 45);
    assertEquals(acc, StateValues.decodeAccount(StateValues.account(acc)));
    assertEquals(
        Amount.ofBaseUnits(9), StateValues.decodeSupply(StateValues.supply(Amount.ofBaseUnits(9))));
    byte[] neg = new byte[16];
    neg[0] = (byte) 0x80;
    assertEquals(Reason.MALFORMED, reason(StateValues::decodeAccount, Bytes.of(neg)));
    assertEquals(Reason.MALFORMED, reason(StateValues::decodeAccount, Bytes.of(new byte[15])));
    assertEquals(Reason.MALFORMED, reason(StateValues::decodeSupply, Bytes.of(new byte[9])));
  }

  private static Object decode(Decoder d, Bytes b) {
    try {
      return d.decode(b);
    } catch (InvalidLedgerInputException e) {
      throw new AssertionError(e);
    }
  }

  private static Reason reason(Decoder d, Bytes b) {
    try {
      d.decode(b);
    } catch (InvalidLedgerInputException e) {
      return e.reason();
    }
    return fail("accepted");
  }

  /** Random bytes may happen to be a valid encoding; then it must be the canonical one. */
  private static void rejectedOrReencodes(Decoder d, Bytes b) {
    Object v;
    try {
      v = d.decode(b);
    } catch (InvalidLedgerInputException e) {
      return;
    }
    Bytes again = v instanceof StateProof p ? p.encode() : ((BlockEffects) v).encode();
    assertEquals(b, again, "a decoded value re-encodes to the same bytes");
  }
}
