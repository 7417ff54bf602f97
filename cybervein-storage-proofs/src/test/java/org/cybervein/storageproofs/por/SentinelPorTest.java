package org.cybervein.storageproofs.por;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.storageproofs.DecoderChecks;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;

class SentinelPorTest {
  private static final long SEED = PropertyRuns.seed();
  private final DeterministicRandom random = DeterministicRandom.fromSeed(SEED);
  private final SentinelPor por = SentinelPor.withKey(SentinelPorKey.generate(random));
  private final Hash fileId = randomHash();
  private final Bytes file = randomBytes(40_000);
  private final SentinelEncoding encoding = por.encode(fileId, file, 2000);

  private Bytes randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return Bytes.of(b);
  }

  private Hash randomHash() {
    return Hash.of(randomBytes(32).toByteArray());
  }

  @Test
  void honestProverPassesSuccessiveAudits() throws Exception {
    SentinelFileState state = encoding.state();
    assertEquals(encoding.stored().size(), state.storedBlocks() * 16);
    for (int round = 0; round < 5; round++) {
      SentinelAudit audit = por.challenge(state, 100);
      SentinelChallenge sent = SentinelChallenge.decode(audit.challenge().encode());
      SentinelResponse answer = SentinelProver.respond(encoding.stored(), sent);
      por.verify(audit, SentinelResponse.decode(answer.encode()));
      assertEquals(state.nextSentinel() + 100, audit.next().nextSentinel());
      state = audit.next();
    }
    assertEquals(1500, state.sentinelsLeft());
  }

  @Test
  void sentinelsAreSpentAndNeverReused() {
    SentinelFileState state = encoding.state();
    SentinelAudit first = por.challenge(state, 10);
    SentinelAudit second = por.challenge(first.next(), 10);
    BitSet seen = new BitSet();
    first.challenge().positions().forEach(p -> seen.set(p.intValue()));
    assertTrue(second.challenge().positions().stream().noneMatch(p -> seen.get(p.intValue())));
    SentinelAudit all = por.challenge(state, 2000);
    assertThrows(IllegalStateException.class, () -> por.challenge(all.next(), 1));
    assertThrows(IllegalArgumentException.class, () -> por.challenge(state, 0));
  }

  @Test
  void corruptedFileFailsTheAudit() throws Exception {
    byte[] damaged = encoding.stored().toByteArray();
    long blocks = encoding.state().storedBlocks();
    for (int k = 0; k < blocks * 3 / 10; k++) {
      damaged[random.nextInt((int) blocks) * 16 + random.nextInt(16)] ^= 0x5a;
    }
    SentinelAudit audit = por.challenge(encoding.state(), 100);
    SentinelResponse answer = SentinelProver.respond(Bytes.of(damaged), audit.challenge());
    InvalidStorageProofException e =
        assertThrows(InvalidStorageProofException.class, () -> por.verify(audit, answer));
    assertEquals(Reason.PROOF_MISMATCH, e.reason());
  }

  @Test
  void rejectsAnswersForAnotherFileOrOfTheWrongLength() throws Exception {
    SentinelAudit audit = por.challenge(encoding.state(), 4);
    SentinelResponse answer = SentinelProver.respond(encoding.stored(), audit.challenge());
    SentinelResponse otherFile = new SentinelResponse(randomHash(), answer.blocks());
    assertEquals(Reason.WRONG_CHALLENGE, verifyReason(audit, otherFile));
    SentinelResponse shorter = new SentinelResponse(fileId, answer.blocks().slice(0, 48));
    assertEquals(Reason.WRONG_LENGTH, verifyReason(audit, shorter));
    SentinelAudit later = por.challenge(audit.next(), 4);
    assertEquals(Reason.PROOF_MISMATCH, verifyReason(later, answer), "a replayed answer fails");
    SentinelChallenge outside =
        new SentinelChallenge(fileId, List.of(encoding.state().storedBlocks()));
    assertEquals(
        Reason.INVALID_VALUE,
        assertThrows(
                InvalidStorageProofException.class,
                () -> SentinelProver.respond(encoding.stored(), outside))
            .reason());
  }

  @Test
  void extractsTheFileIntactAndAfterCorrectableCorruption() throws Exception {
    assertEquals(file, por.extract(encoding.state(), encoding.stored()));
    byte[] damaged = encoding.stored().toByteArray();
    long blocks = encoding.state().storedBlocks();
    for (int k = 0; k < blocks / 100; k++) {
      int block = random.nextInt((int) blocks);
      for (int i = 0; i < 16; i++) {
        damaged[block * 16 + i] = (byte) random.nextInt(256);
      }
    }
    assertFalse(Bytes.of(damaged).equals(encoding.stored()));
    assertEquals(file, por.extract(encoding.state(), Bytes.of(damaged)));
  }

  @Test
  void extractionRefusesHeavyCorruptionAndWrongSizes() {
    byte[] damaged = encoding.stored().toByteArray();
    for (int i = 0; i < damaged.length; i += 2) {
      damaged[i] ^= (byte) 0xa5;
    }
    assertEquals(Reason.UNCORRECTABLE, extractReason(Bytes.of(damaged)));
    assertEquals(Reason.WRONG_LENGTH, extractReason(encoding.stored().slice(0, 160)));
  }

  @Test
  void smallFilesRoundTrip() throws Exception {
    for (int size : new int[] {1, 15, 223, 224, 3568, 3569}) {
      Bytes small = randomBytes(size);
      SentinelEncoding e = por.encode(randomHash(), small, 3);
      assertEquals(small, por.extract(e.state(), e.stored()));
      assertEquals(0, e.stored().size() % 16);
    }
  }

  @Test
  void interleavingSpreadsEachBlockOverSixteenCodewordsAndInverts() {
    for (int stripes : new int[] {16, 32, 80, 144}) {
      byte[] codewords = randomBytes(stripes * 255).toByteArray();
      byte[] interleaved = new byte[codewords.length];
      SentinelPor.interleave(codewords, interleaved, stripes);
      for (int c = 0; c < stripes; c++) {
        for (int k = 0; k < 255; k += 17) {
          assertEquals(codewords[c * 255 + k], interleaved[k * stripes + c]);
        }
      }
      byte[] back = new byte[codewords.length];
      SentinelPor.deinterleave(interleaved, back, stripes);
      assertEquals(Bytes.of(codewords), Bytes.of(back));
      for (int block = 0; block < interleaved.length / 16; block += 7) {
        BitSet codewordsHit = new BitSet();
        for (int i = block * 16; i < block * 16 + 16; i++) {
          codewordsHit.set(i % stripes);
        }
        assertEquals(16, codewordsHit.cardinality(), "block " + block);
      }
    }
  }

  @Test
  void permutationIsABijection() {
    for (long size = 1; size <= 300; size += 7) {
      KeyedPermutation pi = new KeyedPermutation(randomBytes(32).toByteArray(), size);
      long[] all = new long[(int) size];
      for (int i = 0; i < size; i++) {
        all[i] = i;
      }
      BitSet hit = new BitSet();
      for (long p : pi.apply(all)) {
        assertTrue(p >= 0 && p < size);
        hit.set((int) p);
      }
      assertEquals(size, hit.cardinality(), "size " + size);
    }
  }

  /**
   * The detection law {@code 1 - (1 - eps)^q} on position sets: each trial draws a new key (so new
   * sentinel positions), an adversary corrupts the first {@code eps * N} stored blocks, and the
   * audit of {@code q} sentinels detects it iff one of them is corrupted. The number of missed
   * corruptions is binomial; it must lie within five standard deviations of its mean.
   */
  @Test
  void detectionFollowsOneMinusOneMinusEpsToTheQ() {
    assertEquals(0.9933, 1 - Math.pow(1 - 0.005, 1000), 0.0001);
    int trials = Integer.getInteger("por.trials", 400);
    System.out.println("SentinelPorTest seed " + SEED + ", trials " + trials);
    checkDetection(0.005, 1000, trials);
    checkDetection(0.002, 500, trials);
  }

  private void checkDetection(double eps, int q, int trials) {
    long dataBlocks = 190_000;
    int sentinels = 10_000;
    long total = dataBlocks + sentinels;
    long corrupted = Math.round(eps * total);
    long[] challenged = new long[q];
    for (int i = 0; i < q; i++) {
      challenged[i] = dataBlocks + i;
    }
    int misses = 0;
    for (int t = 0; t < trials; t++) {
      KeyedPermutation pi = new KeyedPermutation(randomBytes(32).toByteArray(), total);
      boolean detected = false;
      for (long p : pi.apply(challenged)) {
        detected |= p < corrupted;
      }
      if (!detected) {
        misses++;
      }
    }
    double pMiss = Math.pow(1 - eps, q);
    double mean = trials * pMiss;
    double sd = Math.sqrt(trials * pMiss * (1 - pMiss));
    System.out.printf(
        "eps %.3f q %d: detected %.4f, law %.4f%n",
        eps, q, 1 - (double) misses / trials, 1 - pMiss);
    assertTrue(
        Math.abs(misses - mean) <= 5 * sd + 1,
        "misses " + misses + ", expected " + mean + " +- " + sd);
  }

  @Test
  void wireMessagesRoundTripAndDecodersRejectHostileBytes() throws Exception {
    SentinelAudit audit = por.challenge(encoding.state(), 20);
    DecoderChecks.check(
        audit.challenge().encode(),
        SentinelChallenge::decode,
        SentinelChallenge::encode,
        SentinelChallenge.MAX_ENCODED_SIZE,
        SEED);
    SentinelResponse answer = SentinelProver.respond(encoding.stored(), audit.challenge());
    DecoderChecks.check(
        answer.encode(),
        SentinelResponse::decode,
        SentinelResponse::encode,
        SentinelResponse.MAX_ENCODED_SIZE,
        SEED);
  }

  private Reason verifyReason(SentinelAudit audit, SentinelResponse response) {
    return assertThrows(InvalidStorageProofException.class, () -> por.verify(audit, response))
        .reason();
  }

  private Reason extractReason(Bytes stored) {
    return assertThrows(
            InvalidStorageProofException.class, () -> por.extract(encoding.state(), stored))
        .reason();
  }

  @Test
  void refusesASentinelCountBeyondOneArray() {
    assertThrows(
        IllegalArgumentException.class, () -> por.encode(fileId, file, Integer.MAX_VALUE - 100));
  }
}
