package org.cybervein.consensus.pbft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.DeterministicRandom;
import org.junit.jupiter.api.Test;

/**
 * A certificate in format 2 is f + 1 small signed UPLOADs and the log they name by digest: any
 * truncation or mutation of a frame or of the log, and random bytes in place of either, is refused
 * with {@link InvalidPbftMessageException}, never accepted and never another exception.
 */
class UploadCertificateMutationTest {
  private static final long SEED = Long.getLong("qt.seed", 20261207L);

  private static final Fixture FX = new Fixture(AuthMode.SIGNATURES, 0);
  private static final OperationLog LOG =
      new OperationLog(
          5,
          List.of(
              new LoggedOperation(
                  NodeId.of("client"), FX.clientKeys.signingKey().publicKey(), 1, Bytes.utf8("a")),
              new LoggedOperation(
                  NodeId.of("client-b"),
                  FX.clientKeys.signingKey().publicKey(),
                  2,
                  Bytes.utf8("put b 2"))));

  private static List<Bytes> frames() {
    Upload u = Upload.of(LOG);
    return List.of(
        SignedUpload.sign(u, 1, FX.keys.get(1).signingKey()).frame(),
        SignedUpload.sign(u, 2, FX.keys.get(2).signingKey()).frame());
  }

  private static void assertRefused(List<Bytes> frames, Bytes log, String what) {
    UploadCertificateVerifier v = UploadCertificateVerifier.of(FX.config);
    assertThrows(InvalidPbftMessageException.class, () -> v.verify(5, frames, log), what);
  }

  @Test
  void theUnmutatedCertificateHolds() throws Exception {
    assertEquals(
        LOG, UploadCertificateVerifier.of(FX.config).verify(5, frames(), LOG.encode()).log());
  }

  @Test
  void everyTruncationOfAFrameOrOfTheLogIsRefused() {
    List<Bytes> frames = frames();
    Bytes log = LOG.encode();
    for (int cut = 0; cut < log.size(); cut++) {
      assertRefused(
          frames, Bytes.of(java.util.Arrays.copyOf(log.toByteArray(), cut)), "log " + cut);
    }
    for (int cut = 0; cut < frames.get(1).size(); cut++) {
      List<Bytes> f = new ArrayList<>(frames);
      f.set(1, Bytes.of(java.util.Arrays.copyOf(frames.get(1).toByteArray(), cut)));
      assertRefused(f, log, "frame 1 cut at " + cut);
    }
  }

  @Test
  void everyMutatedByteOfAFrameOrOfTheLogIsRefused() {
    System.out.println("qt.seed " + SEED);
    List<Bytes> frames = frames();
    Bytes log = LOG.encode();
    int total = frames.get(0).size() + frames.get(1).size() + log.size();
    qt().withExamples(Integer.getInteger("qt.examples", 300))
        .withFixedSeed(SEED)
        .forAll(integers().between(0, total - 1), integers().between(1, 255))
        .checkAssert(
            (at, mask) -> {
              byte[][] parts = {
                frames.get(0).toByteArray(), frames.get(1).toByteArray(), log.toByteArray()
              };
              int i = at;
              int part = 0;
              while (i >= parts[part].length) {
                i -= parts[part].length;
                part++;
              }
              parts[part][i] ^= (byte) (int) mask;
              assertRefused(
                  List.of(Bytes.of(parts[0]), Bytes.of(parts[1])),
                  Bytes.of(parts[2]),
                  "byte " + at + " xor " + mask);
            });
  }

  @Test
  void randomBytesInPlaceOfAFrameOrOfTheLogAreRefused() {
    System.out.println("qt.seed " + SEED);
    List<Bytes> frames = frames();
    Bytes log = LOG.encode();
    qt().withExamples(Integer.getInteger("qt.examples", 300))
        .withFixedSeed(SEED)
        .forAll(integers().between(0, 400), integers().all(), integers().between(0, 2))
        .checkAssert(
            (length, seed, which) -> {
              byte[] random = new byte[length];
              DeterministicRandom.fromSeed(seed).nextBytes(random);
              List<Bytes> f = new ArrayList<>(frames);
              Bytes l = log;
              if (which < 2) {
                f.set(which, Bytes.of(random));
              } else {
                l = Bytes.of(random);
              }
              assertRefused(f, l, length + " random bytes in part " + which);
            });
  }
}
