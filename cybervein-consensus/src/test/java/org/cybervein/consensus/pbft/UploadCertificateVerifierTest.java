package org.cybervein.consensus.pbft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.PublicKey;
import org.junit.jupiter.api.Test;

class UploadCertificateVerifierTest {
  @Test
  void refusesAConfigurationWithoutReplicasOrWithoutRoomForAFrame() {
    PublicKey key = UploadCertificateVectorGenerator.key("k").publicKey();
    assertThrows(IllegalArgumentException.class, () -> UploadCertificateVerifier.of(List.of(), 1));
    assertThrows(
        IllegalArgumentException.class, () -> UploadCertificateVerifier.of(List.of(key), 0));
  }

  @Test
  void toleratesFloorOfNMinusOneOverThreeFaults() {
    for (int n = 1; n <= 10; n++) {
      List<PublicKey> keys =
          java.util.stream.IntStream.range(0, n)
              .mapToObj(i -> UploadCertificateVectorGenerator.key("r" + i).publicKey())
              .toList();
      UploadCertificateVerifier v = UploadCertificateVerifier.of(keys, 1024);
      assertEquals((n - 1) / 3, v.f());
      assertEquals(n, v.size());
      assertEquals(keys, v.replicaKeys());
    }
  }

  @Test
  void aSequenceNumberBelowOneIsAProgrammingError() {
    UploadCertificateVerifier v =
        UploadCertificateVerifier.of(
            List.of(UploadCertificateVectorGenerator.key("k").publicKey()), 1024);
    assertThrows(IllegalArgumentException.class, () -> v.verify(0, List.of(), Bytes.EMPTY));
  }

  @Test
  void theSigningInputIsTheDomainFollowedByTheBodyAsCarried() {
    Bytes body = Bytes.utf8("body");
    assertArrayEquals(
        "CYBERVEIN-PBFT-V1body".getBytes(StandardCharsets.US_ASCII),
        UploadCertificateVerifier.signingInput(body));
  }

  @Test
  void aReplicaGroupsVerifierAcceptsWhatItsReplicasSign() throws Exception {
    Fixture fx = new Fixture(AuthMode.SIGNATURES, 0);
    OperationLog log =
        new OperationLog(
            3,
            List.of(
                new LoggedOperation(
                    NodeId.of("client"),
                    fx.clientKeys.signingKey().publicKey(),
                    1,
                    Bytes.utf8("a"))));
    Upload u = Upload.of(log);
    List<Bytes> frames =
        List.of(
            SignedUpload.sign(u, 3, fx.keys.get(3).signingKey()).frame(),
            SignedUpload.sign(u, 1, fx.keys.get(1).signingKey()).frame());
    CertifiedUpload c = UploadCertificateVerifier.of(fx.config).verify(3, frames, log.encode());
    assertEquals(u, c.upload());
    assertEquals(log, c.log());
    assertEquals(List.of(1, 3), c.signers());
    assertEquals(log.encode(), c.encodedLog());
  }
}
