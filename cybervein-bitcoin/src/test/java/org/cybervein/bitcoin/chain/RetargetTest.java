package org.cybervein.bitcoin.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import org.cybervein.bitcoin.InvalidBitcoinDataException;
import org.cybervein.bitcoin.InvalidBitcoinDataException.Reason;
import org.cybervein.bitcoin.header.CompactTarget;
import org.junit.jupiter.api.Test;

/** The retarget facts of Bitcoin Core's {@code src/test/pow_tests.cpp}, and nBits decoding. */
class RetargetTest {
  private static CompactTarget next(int bits, long first, long last)
      throws InvalidBitcoinDataException {
    return BitcoinParameters.MAINNET.nextTarget(CompactTarget.of(bits), first, last);
  }

  @Test
  void getNextWork() throws InvalidBitcoinDataException {
    assertEquals(0x1d00d86a, next(0x1d00ffff, 1261130161L, 1262152739L).bits());
  }

  @Test
  void getNextWorkIsNeverAboveThePowLimit() throws InvalidBitcoinDataException {
    assertEquals(0x1d00ffff, next(0x1d00ffff, 1231006505L, 1233061996L).bits());
  }

  @Test
  void getNextWorkClampsAShortEpochToAQuarter() throws InvalidBitcoinDataException {
    assertEquals(0x1c0168fd, next(0x1c05a3f4, 1279008237L, 1279297671L).bits());
  }

  @Test
  void getNextWorkClampsALongEpochToFourTimes() throws InvalidBitcoinDataException {
    assertEquals(0x1d00e1fd, next(0x1c387f6f, 1263163443L, 1269211443L).bits());
  }

  @Test
  void noRetargetingKeepsTheTarget() throws InvalidBitcoinDataException {
    CompactTarget t = CompactTarget.of(0x207fffff);
    assertEquals(t, BitcoinParameters.regtestLike().nextTarget(t, 0, 1));
  }

  // Bitcoin Core's arith_uint256 SetCompact / GetCompact cases.
  @Test
  void compactDecodingFollowsCore() throws InvalidBitcoinDataException {
    assertEquals(BigInteger.valueOf(0x12), CompactTarget.of(0x01123456).target());
    assertEquals(BigInteger.valueOf(0x80), CompactTarget.of(0x02008000).target());
    assertEquals(BigInteger.valueOf(0x92340000L), CompactTarget.of(0x05009234).target());
    assertEquals(BigInteger.valueOf(0x12345600L), CompactTarget.of(0x04123456).target());
    assertEquals(0x01120000, CompactTarget.encode(BigInteger.valueOf(0x12)).bits());
    assertEquals(0x02008000, CompactTarget.encode(BigInteger.valueOf(0x80)).bits());
    assertEquals(0x04123456, CompactTarget.encode(BigInteger.valueOf(0x12345600L)).bits());
    assertEquals(
        new BigInteger("00000000ffff0000000000000000000000000000000000000000000000000000", 16),
        CompactTarget.of(0x1d00ffff).target());
  }

  @Test
  void refusesNegativeZeroAndOverflowingTargets() {
    for (int bits : new int[] {0x04923456, 0x01fedcba, 0x01003456, 0, 0xff123456, 0x23000001}) {
      InvalidBitcoinDataException e =
          assertThrows(InvalidBitcoinDataException.class, () -> CompactTarget.of(bits));
      assertEquals(Reason.BAD_TARGET, e.reason(), Integer.toHexString(bits));
    }
  }

  @Test
  void workIsTwoToThe256OverTargetPlusOne() throws InvalidBitcoinDataException {
    // Difficulty 1 is 2^32 / (1 + 2^-16...) hashes: Core's chainwork of the genesis block.
    assertEquals(BigInteger.valueOf(0x100010001L), CompactTarget.of(0x1d00ffff).work());
  }
}
