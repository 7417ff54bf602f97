package org.cybervein.storageproofs.poc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.Signature;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.wire.SignedEnvelope;
import org.cybervein.crypto.envelope.EnvelopeSigner;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.storageproofs.DecoderChecks;
import org.cybervein.storageproofs.InvalidStorageProofException;
import org.cybervein.storageproofs.InvalidStorageProofException.Reason;
import org.cybervein.testing.PropertyRuns;
import org.junit.jupiter.api.Test;

class BandwidthLedgerTest {
  private final DeterministicRandom random = DeterministicRandom.fromSeed(PropertyRuns.seed());
  private final Ed25519PrivateKey provider = Ed25519PrivateKey.generate(random);
  private final Ed25519PrivateKey downloader = Ed25519PrivateKey.generate(random);
  private final EnvelopeSigner signer = EnvelopeSigner.of(downloader);
  private final Hash content = Contributions.randomHash(random);

  private SignedEnvelope receipt(long bytes, long window) {
    return BandwidthReceipt.of(provider.publicKey(), content, bytes, window, random).sign(signer);
  }

  @Test
  void receiptRoundTripsAndItsDecoderRejectsHostileBytes() throws Exception {
    BandwidthReceipt r = BandwidthReceipt.of(provider.publicKey(), content, 4096, 7, random);
    assertEquals(r, BandwidthReceipt.decode(r.encode()));
    DecoderChecks.check(
        r.encode(),
        BandwidthReceipt::decode,
        BandwidthReceipt::encode,
        BandwidthReceipt.MAX_ENCODED_SIZE,
        PropertyRuns.seed());
    VerifiedReceipt v = BandwidthReceipt.open(r.sign(signer).encode());
    assertEquals(r, v.receipt());
    assertEquals(downloader.publicKey(), v.downloader());
  }

  @Test
  void rejectsReceiptsWithBadFields() {
    BandwidthReceipt r = BandwidthReceipt.of(provider.publicKey(), content, 1, 0, random);
    assertReason(
        Reason.INVALID_VALUE, Bytes.of(r.toProto().toBuilder().setBytes(0).build().toByteArray()));
    assertReason(
        Reason.INVALID_VALUE,
        Bytes.of(r.toProto().toBuilder().setWindow(-1).build().toByteArray()));
    assertReason(
        Reason.WRONG_LENGTH,
        Bytes.of(
            r.toProto().toBuilder()
                .setNonce(com.google.protobuf.ByteString.copyFrom(new byte[15]))
                .build()
                .toByteArray()));
    assertReason(
        Reason.MISSING_FIELD,
        Bytes.of(r.toProto().toBuilder().clearProvider().build().toByteArray()));
  }

  @Test
  void rejectsForgedSelfSignedAndMistypedReceipts() {
    SignedEnvelope good = receipt(10, 0);
    byte[] sig = good.signature().encoded().toByteArray();
    sig[5] ^= 1;
    SignedEnvelope forged =
        new SignedEnvelope(good.payloadType(), good.body(), good.signer(), Signature.ed25519(sig));
    assertEquals(Reason.BAD_SIGNATURE, openReason(forged));
    SignedEnvelope selfSigned =
        BandwidthReceipt.of(downloader.publicKey(), content, 10, 0, random).sign(signer);
    assertEquals(Reason.INVALID_VALUE, openReason(selfSigned));
    SignedEnvelope mistyped = signer.sign("cybervein.v1.Other", good.body());
    assertEquals(Reason.INVALID_VALUE, openReason(mistyped));
    var notEnvelope =
        assertThrows(
            InvalidStorageProofException.class,
            () -> BandwidthReceipt.open(Bytes.of(new byte[] {1, 2, 3})));
    assertEquals(Reason.MALFORMED, notEnvelope.reason());
  }

  @Test
  void sumsReceiptsPerProviderAndWindowAndCountsEachOnce() throws Exception {
    BandwidthLedger ledger = new BandwidthLedger(2, 100, 5);
    SignedEnvelope first = receipt(1000, 5);
    ledger.accept(first);
    ledger.accept(receipt(500, 5));
    ledger.accept(receipt(7, 4));
    assertEquals(1500, ledger.bandwidth(provider.publicKey(), 5));
    assertEquals(7, ledger.bandwidth(provider.publicKey(), 4));
    assertEquals(0, ledger.bandwidth(downloader.publicKey(), 5));
    var dup = assertThrows(InvalidStorageProofException.class, () -> ledger.accept(first));
    assertEquals(Reason.DUPLICATE, dup.reason());
    // Another signature over the same body is the same receipt.
    SignedEnvelope resigned = signer.sign(BandwidthReceipt.PAYLOAD_TYPE, first.body());
    assertEquals(
        Reason.DUPLICATE,
        assertThrows(InvalidStorageProofException.class, () -> ledger.accept(resigned)).reason());
    assertEquals(1500, ledger.bandwidth(provider.publicKey(), 5));
  }

  @Test
  void refusesWindowsOutsideTheRetainedRangeAndForgetsOldOnes() throws Exception {
    BandwidthLedger ledger = new BandwidthLedger(2, 100, 5);
    assertEquals(Reason.STALE, acceptReason(ledger, receipt(1, 3)));
    assertEquals(Reason.STALE, acceptReason(ledger, receipt(1, 6)));
    SignedEnvelope old = receipt(9, 4);
    ledger.accept(old);
    ledger.advanceTo(6);
    assertEquals(0, ledger.bandwidth(provider.publicKey(), 4));
    assertEquals(0, ledger.rememberedReceipts());
    assertEquals(Reason.STALE, acceptReason(ledger, old), "a forgotten receipt cannot count again");
    assertThrows(IllegalArgumentException.class, () -> ledger.advanceTo(5));
  }

  @Test
  void boundsTheReceiptsRememberedPerWindow() throws Exception {
    BandwidthLedger ledger = new BandwidthLedger(3, 4, 10);
    for (int i = 0; i < 4; i++) {
      ledger.accept(receipt(1, 10));
    }
    assertEquals(Reason.OVERSIZED, acceptReason(ledger, receipt(1, 10)));
    assertEquals(4, ledger.bandwidth(provider.publicKey(), 10));
    ledger.accept(receipt(1, 9));
    assertEquals(5, ledger.rememberedReceipts());
  }

  @Test
  void refusesATotalThatWouldOverflow() throws Exception {
    BandwidthLedger ledger = new BandwidthLedger(1, 10, 0);
    ledger.accept(receipt(Long.MAX_VALUE, 0));
    assertEquals(Reason.OVERSIZED, acceptReason(ledger, receipt(1, 0)));
    assertEquals(Long.MAX_VALUE, ledger.bandwidth(provider.publicKey(), 0));
    assertEquals(1, ledger.rememberedReceipts());
  }

  private static Reason openReason(SignedEnvelope envelope) {
    return assertThrows(InvalidStorageProofException.class, () -> BandwidthReceipt.open(envelope))
        .reason();
  }

  private static Reason acceptReason(BandwidthLedger ledger, SignedEnvelope envelope) {
    return assertThrows(InvalidStorageProofException.class, () -> ledger.accept(envelope)).reason();
  }

  private static void assertReason(Reason reason, Bytes encoded) {
    assertEquals(
        reason,
        assertThrows(InvalidStorageProofException.class, () -> BandwidthReceipt.decode(encoded))
            .reason());
  }

  @Test
  void verifiedReceiptCanOnlyComeFromOpen() {
    // A public constructor would let any caller hold a "verified" receipt nobody checked.
    assertEquals(0, VerifiedReceipt.class.getConstructors().length);
  }
}
