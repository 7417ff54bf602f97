package org.cybervein.transport.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.transport.grpc.InvalidTransportInputException.Reason;
import org.junit.jupiter.api.Test;

/** The TLS material of a node: certificates bound to identity keys, and their PEM files. */
class NodeCertificateTest {
  private static final Ed25519PrivateKey KEY = Nodes.key(0);
  private static final NodeId NODE = NodeId.of("replica-0");

  @Test
  void aCertificateCarriesTheIdentityKeyAndTheNodeIdAndIsDeterministic() throws Exception {
    NodeCertificate cert = NodeCertificate.selfSigned(KEY, NODE);
    assertEquals(KEY.publicKey(), cert.identityKey());
    assertEquals(NODE, cert.node());
    assertEquals(cert, NodeCertificate.selfSigned(KEY, NODE));
    assertEquals(cert, NodeCertificate.fromDer(cert.encoded()));
    assertEquals(cert, NodeCertificate.fromPem(cert.toPem()));
    assertTrue(cert.toPem().startsWith("-----BEGIN CERTIFICATE-----\n"));
    // The JDK reads it as an Ed25519 certificate whose key is the identity key.
    var x509 = cert.toX509();
    assertEquals("EdDSA", x509.getPublicKey().getAlgorithm());
    x509.verify(x509.getPublicKey());
  }

  @Test
  void theIdentityKeyRoundTripsThroughPkcs8Pem() throws Exception {
    String pem = IdentityKeyPem.encode(KEY);
    assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"));
    assertEquals(KEY.publicKey(), IdentityKeyPem.decode(pem).publicKey());
    assertEquals(KEY.encodeSeed(), IdentityKeyPem.decode(pem).encodeSeed());
  }

  @Test
  void refusesPemOfTheWrongKindOrShape() {
    String cert = NodeCertificate.selfSigned(KEY, NODE).toPem();
    assertEquals(
        Reason.MALFORMED,
        assertThrows(InvalidTransportInputException.class, () -> IdentityKeyPem.decode(cert))
            .reason());
    assertEquals(
        Reason.MALFORMED,
        assertThrows(
                InvalidTransportInputException.class,
                () -> NodeCertificate.fromPem(IdentityKeyPem.encode(KEY)))
            .reason());
    assertEquals(
        Reason.MALFORMED,
        assertThrows(
                InvalidTransportInputException.class,
                () ->
                    NodeCertificate.fromPem(
                        "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n"))
            .reason());
    assertEquals(
        Reason.OVERSIZED,
        assertThrows(
                InvalidTransportInputException.class,
                () -> NodeCertificate.fromPem("x".repeat(Pem.MAX_TEXT_CHARS + 1)))
            .reason());
    String rsaLike =
        Pem.encode("PRIVATE KEY", new byte[48]); // right size, not the Ed25519 PKCS#8 prefix
    assertEquals(
        Reason.WRONG_ALGORITHM,
        assertThrows(InvalidTransportInputException.class, () -> IdentityKeyPem.decode(rsaLike))
            .reason());
  }

  @Test
  void refusesACertificateWhoseSignatureDoesNotVerify() {
    byte[] der = NodeCertificate.selfSigned(KEY, NODE).encoded().toByteArray();
    der[der.length - 1] ^= 1; // inside the signature
    assertEquals(
        Reason.BAD_SIGNATURE,
        assertThrows(
                InvalidTransportInputException.class, () -> NodeCertificate.fromDer(Bytes.of(der)))
            .reason());
  }

  @Test
  void refusesACertificateSignedByAnotherKeyOrNamingNoNodeId() throws Exception {
    // Key of node 0 in the certificate, signed by node 1: not self-signed.
    Bytes crossSigned = build(KEY, Nodes.key(1), new X500Name("CN=replica-0"));
    assertEquals(
        Reason.BAD_SIGNATURE,
        assertThrows(
                InvalidTransportInputException.class, () -> NodeCertificate.fromDer(crossSigned))
            .reason());
    Bytes badName = build(KEY, KEY, new X500Name("CN=not a node id"));
    assertEquals(
        Reason.INVALID_NODE_ID,
        assertThrows(InvalidTransportInputException.class, () -> NodeCertificate.fromDer(badName))
            .reason());
    Bytes twoParts = build(KEY, KEY, new X500Name("O=CyberVein,CN=replica-0"));
    assertEquals(
        Reason.INVALID_NODE_ID,
        assertThrows(InvalidTransportInputException.class, () -> NodeCertificate.fromDer(twoParts))
            .reason());
  }

  @Test
  void refusesBytesThatAreNoCertificate() {
    for (byte[] junk : List.of(new byte[0], new byte[] {0x30}, new byte[] {0x30, 0x03, 1, 2, 3})) {
      assertEquals(
          Reason.MALFORMED,
          assertThrows(
                  InvalidTransportInputException.class,
                  () -> NodeCertificate.fromDer(Bytes.of(junk)))
              .reason());
    }
    assertEquals(
        Reason.OVERSIZED,
        assertThrows(
                InvalidTransportInputException.class,
                () ->
                    NodeCertificate.fromDer(
                        Bytes.of(new byte[NodeCertificate.MAX_ENCODED_SIZE + 1])))
            .reason());
  }

  @Test
  void theRosterMapsACertificateOnlyWhenKeyAndNameBelongToOneMember() {
    var roster =
        new Roster(
            List.of(
                new GrpcPeer(
                    Nodes.id(1), Nodes.key(1).publicKey(), new java.net.InetSocketAddress(1)),
                new GrpcPeer(
                    Nodes.id(2), Nodes.key(2).publicKey(), new java.net.InetSocketAddress(2))));
    assertEquals(
        Optional.of(Nodes.id(1)),
        roster.member(NodeCertificate.selfSigned(Nodes.key(1), Nodes.id(1))));
    // node-1's name with node-2's key: neither node-1 nor node-2.
    assertEquals(
        Optional.empty(), roster.member(NodeCertificate.selfSigned(Nodes.key(2), Nodes.id(1))));
    // A key outside the roster under a member's name.
    assertEquals(
        Optional.empty(), roster.member(NodeCertificate.selfSigned(Nodes.key(9), Nodes.id(1))));
  }

  /** A certificate for {@code subjectKey}'s public key, signed by {@code signer}. */
  private static Bytes build(Ed25519PrivateKey subjectKey, Ed25519PrivateKey signer, X500Name name)
      throws Exception {
    AlgorithmIdentifier ed25519 = new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);
    X509v3CertificateBuilder builder =
        new X509v3CertificateBuilder(
            name,
            BigInteger.TEN,
            new Date(0),
            new Date(4_000_000_000_000L),
            name,
            new SubjectPublicKeyInfo(ed25519, subjectKey.publicKey().encoded().toByteArray()));
    java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
    ContentSigner contentSigner =
        new ContentSigner() {
          @Override
          public AlgorithmIdentifier getAlgorithmIdentifier() {
            return ed25519;
          }

          @Override
          public java.io.OutputStream getOutputStream() {
            return buffer;
          }

          @Override
          public byte[] getSignature() {
            return signer.sign(buffer.toByteArray()).encoded().toByteArray();
          }
        };
    return Bytes.of(builder.build(contentSigner).getEncoded());
  }
}
