package org.cybervein.transport.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.cybervein.api.NodeId;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.transport.grpc.InvalidTransportInputException.Reason;
import org.junit.jupiter.api.Test;

/** The chain a node presents in TLS: a P-256 link certificate issued by its identity key. */
class LinkCertificateTest {
  private static final Ed25519PrivateKey KEY = Nodes.key(0);
  private static final NodeId NODE = NodeId.of("replica-0");
  private static final NodeCertificate IDENTITY = NodeCertificate.selfSigned(KEY, NODE);

  private static byte[] der(LinkCertificate link) throws Exception {
    return link.certificate().getEncoded();
  }

  private static byte[] der(NodeCertificate identity) {
    return identity.encoded().toByteArray();
  }

  private static Reason refusal(byte[]... chain) {
    return assertThrows(InvalidTransportInputException.class, () -> LinkCertificate.identity(chain))
        .reason();
  }

  @Test
  void aLinkCertificateIssuedByTheIdentityKeyProvesThatIdentity() throws Exception {
    LinkCertificate link = LinkCertificate.issue(KEY, NODE);
    assertEquals("EC", link.certificate().getPublicKey().getAlgorithm());
    assertEquals("EC", link.key().getAlgorithm());
    assertEquals(IDENTITY, LinkCertificate.identity(new byte[][] {der(link), der(IDENTITY)}));
    // The JDK checks the Ed25519 signature the same way.
    link.certificate().verify(IDENTITY.toX509().getPublicKey());
    // Each transport makes its own key.
    assertEquals(
        false, link.certificate().getPublicKey().equals(LinkCertificate.issue(KEY, NODE).key()));
  }

  @Test
  void theIdentityCertificateAloneIsStillAccepted() throws Exception {
    assertEquals(IDENTITY, LinkCertificate.identity(new byte[][] {der(IDENTITY)}));
  }

  @Test
  void refusesALinkCertificateThatAnotherIdentityIssued() throws Exception {
    // An attacker shows a member's identity certificate with a link key it certified itself.
    LinkCertificate forged = LinkCertificate.issue(Nodes.key(1), NODE);
    assertEquals(Reason.BAD_SIGNATURE, refusal(der(forged), der(IDENTITY)));
  }

  @Test
  void refusesALinkCertificateIssuedForAnotherName() throws Exception {
    LinkCertificate other = LinkCertificate.issue(KEY, NodeId.of("replica-1"));
    assertEquals(Reason.INVALID_NODE_ID, refusal(der(other), der(IDENTITY)));
  }

  @Test
  void refusesAnotherKindOfKeyInTheLinkCertificateAndATamperedOne() throws Exception {
    assertEquals(Reason.WRONG_ALGORITHM, refusal(der(IDENTITY), der(IDENTITY)));
    byte[] tampered = der(LinkCertificate.issue(KEY, NODE));
    tampered[tampered.length - 1] ^= 1; // the last byte of the signature
    assertEquals(Reason.BAD_SIGNATURE, refusal(tampered, der(IDENTITY)));
    assertEquals(Reason.MALFORMED, refusal(new byte[] {0x30, 0x00}, der(IDENTITY)));
  }

  @Test
  void refusesChainsOfOtherLengths() throws Exception {
    byte[] link = der(LinkCertificate.issue(KEY, NODE));
    assertEquals(Reason.MALFORMED, refusal());
    assertEquals(Reason.MALFORMED, refusal(link, der(IDENTITY), der(IDENTITY)));
    // A link certificate alone names no identity key.
    assertEquals(Reason.WRONG_ALGORITHM, refusal(link));
  }
}
