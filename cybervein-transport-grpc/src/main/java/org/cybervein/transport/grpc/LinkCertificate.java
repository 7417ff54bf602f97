package org.cybervein.transport.grpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.cybervein.api.NodeId;
import org.cybervein.api.Signature;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.crypto.sign.Ed25519Verifier;
import org.cybervein.transport.grpc.InvalidTransportInputException.Reason;

/**
 * The key TLS actually uses, and its certificate: an ECDSA P-256 key made afresh by each transport
 * (it lives only in that process's memory), in a certificate issued by the node's Ed25519 identity
 * key. A node presents the chain [this certificate, its {@link NodeCertificate}].
 *
 * <p>Why not the identity key itself: BoringSSL, the native TLS that gRPC's netty ships and that
 * does AES-GCM several times cheaper than the JDK, neither signs nor accepts Ed25519 in a handshake
 * through netty. P-256 it does, and so does the JDK, so both providers speak the same chain. The
 * identity still decides: a peer is who the Ed25519 signature on its link certificate says, checked
 * against the roster; the handshake proves it holds the link key.
 */
final class LinkCertificate {
  /** The longest DER encoding accepted; ours take about 330 bytes. */
  static final int MAX_ENCODED_SIZE = 4096;

  private static final AlgorithmIdentifier ED25519 =
      new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);
  private static final AlgorithmIdentifier P256 =
      new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp256r1);
  // The identity certificate's validity: the link certificate claims no more than its issuer.
  private static final Date NOT_BEFORE = Date.from(Instant.parse("2000-01-01T00:00:00Z"));
  private static final Date NOT_AFTER = Date.from(Instant.parse("9999-12-31T23:59:59Z"));

  private final PrivateKey key;
  private final X509Certificate certificate;

  private LinkCertificate(PrivateKey key, X509Certificate certificate) {
    this.key = key;
    this.certificate = certificate;
  }

  /**
   * Makes a fresh P-256 key and its certificate, issued by {@code identity} for {@code node}.
   *
   * @param identity the node's identity key, which signs the certificate
   * @param node the node id, subject and issuer common name
   * @return the key and its certificate
   */
  static LinkCertificate issue(Ed25519PrivateKey identity, NodeId node) {
    KeyPair pair;
    SecureRandom random = new SecureRandom();
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      pair = generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make P-256 keys", e);
    }
    X500Name name = new X500Name("CN=" + node.value());
    X509v3CertificateBuilder builder =
        new X509v3CertificateBuilder(
            name,
            new BigInteger(63, random).add(BigInteger.ONE),
            NOT_BEFORE,
            NOT_AFTER,
            name,
            SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()));
    try {
      byte[] der = builder.build(new NodeCertificate.IdentitySigner(identity)).getEncoded();
      X509Certificate x509 =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(der));
      return new LinkCertificate(pair.getPrivate(), x509);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("the JDK refused a certificate made here", e);
    }
  }

  /** The private key TLS signs its handshakes with. */
  PrivateKey key() {
    return key;
  }

  /** The certificate of {@link #key()}. */
  X509Certificate certificate() {
    return certificate;
  }

  /**
   * Checks that {@code der} is a link certificate {@code issuer}'s identity key issued: a DER X.509
   * certificate with a P-256 key, an Ed25519 signature that verifies under the issuer's identity
   * key, and subject and issuer both exactly {@code CN=<the issuer's node id>}.
   *
   * @param der the certificate a peer presented first in its chain
   * @param issuer the identity certificate it presented after it, already checked
   * @throws InvalidTransportInputException {@link Reason#OVERSIZED}, {@link Reason#MALFORMED},
   *     {@link Reason#WRONG_ALGORITHM}, {@link Reason#BAD_SIGNATURE} or {@link
   *     Reason#INVALID_NODE_ID}
   */
  static void checkIssuedBy(byte[] der, NodeCertificate issuer)
      throws InvalidTransportInputException {
    if (der.length > MAX_ENCODED_SIZE) {
      throw new InvalidTransportInputException(
          Reason.OVERSIZED,
          "link certificate of " + der.length + " bytes, at most " + MAX_ENCODED_SIZE);
    }
    Certificate cert;
    try {
      cert = Certificate.getInstance(ASN1Primitive.fromByteArray(der));
      if (cert == null || !Arrays.equals(cert.getEncoded(ASN1Encoding.DER), der)) {
        throw new InvalidTransportInputException(
            Reason.MALFORMED, "not one DER-encoded X.509 certificate");
      }
    } catch (IOException | RuntimeException e) {
      throw new InvalidTransportInputException(
          Reason.MALFORMED, "not a DER-encoded X.509 certificate", e);
    }
    if (!ED25519.equals(cert.getSignatureAlgorithm())
        || !P256.equals(cert.getSubjectPublicKeyInfo().getAlgorithm())) {
      throw new InvalidTransportInputException(
          Reason.WRONG_ALGORITHM,
          "a link certificate must hold a P-256 key and be signed with Ed25519");
    }
    byte[] sigBytes = cert.getSignature().getOctets();
    if (sigBytes.length != 64) {
      throw new InvalidTransportInputException(Reason.MALFORMED, "an Ed25519 signature is 64");
    }
    try {
      byte[] tbs = cert.getTBSCertificate().getEncoded(ASN1Encoding.DER);
      if (!Ed25519Verifier.of(issuer.identityKey()).verify(tbs, Signature.ed25519(sigBytes))) {
        throw new InvalidTransportInputException(
            Reason.BAD_SIGNATURE, "the link certificate is not signed by " + issuer);
      }
    } catch (InvalidCryptoInputException e) {
      throw new InvalidTransportInputException(
          Reason.WRONG_ALGORITHM, "the issuer's key is not a valid Ed25519 key", e);
    } catch (IOException e) {
      throw new InvalidTransportInputException(
          Reason.MALFORMED, "the certificate's body does not re-encode", e);
    }
    X500Name name = new X500Name("CN=" + issuer.node().value());
    if (!name.equals(cert.getSubject()) || !name.equals(cert.getIssuer())) {
      throw new InvalidTransportInputException(
          Reason.INVALID_NODE_ID,
          "a link certificate's subject and issuer must both be " + name + ", its issuer's name");
    }
  }

  /**
   * The identity certificate a peer's TLS chain proves, as DER certificates in the order presented.
   * Two forms: [link certificate, identity certificate] (what this transport presents), or the
   * identity certificate alone with the Ed25519 key as the TLS key (what transports before link
   * certificates presented, and the JDK provider can still check).
   *
   * @param chain the peer's chain
   * @return the identity certificate, checked, with the link certificate checked against it
   * @throws InvalidTransportInputException if the chain has another length or any certificate in it
   *     is refused
   */
  static NodeCertificate identity(byte[][] chain) throws InvalidTransportInputException {
    if (chain.length == 1) {
      return NodeCertificate.decode(chain[0]);
    }
    if (chain.length != 2) {
      throw new InvalidTransportInputException(
          Reason.MALFORMED,
          "a chain of " + chain.length + " certificates; expected the link and identity ones");
    }
    NodeCertificate identity = NodeCertificate.decode(chain[1]);
    checkIssuedBy(chain[0], identity);
    return identity;
  }

  @Override
  public String toString() {
    return "LinkCertificate[" + certificate.getSubjectX500Principal().getName() + "]";
  }
}
