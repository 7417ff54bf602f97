package org.cybervein.transport.grpc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.PublicKey;
import org.cybervein.api.Signature;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.crypto.sign.Ed25519Verifier;
import org.cybervein.transport.grpc.InvalidTransportInputException.Reason;

/**
 * A node's TLS certificate: a self-signed X.509 certificate whose key IS the node's Ed25519
 * identity key and whose subject is {@code CN=<node id>}.
 *
 * <p>The certificate proves nothing by itself (anyone can sign one for any name); it becomes an
 * identity only against a roster: {@link GrpcTransport} accepts a peer whose certificate's key is
 * the identity key of exactly one roster member and whose common name is that member's node id. A
 * certificate is deterministic in the key and the node id (Ed25519 signs deterministically, the
 * validity is fixed from 2000-01-01 to 9999-12-31 since revocation is removal from the roster), so
 * {@code keygen} run twice on one key writes the same file.
 *
 * <p>Instances are immutable; {@link #equals} compares the DER encoding.
 */
public final class NodeCertificate {
  /** The longest DER encoding accepted; ours take about 300 bytes. */
  public static final int MAX_ENCODED_SIZE = 4096;

  private static final String PEM_LABEL = "CERTIFICATE";
  private static final AlgorithmIdentifier ED25519 =
      new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);
  private static final Date NOT_BEFORE = Date.from(Instant.parse("2000-01-01T00:00:00Z"));
  private static final Date NOT_AFTER = Date.from(Instant.parse("9999-12-31T23:59:59Z"));

  private final NodeId node;
  private final PublicKey identityKey;
  private final byte[] der;

  private NodeCertificate(NodeId node, PublicKey identityKey, byte[] der) {
    this.node = node;
    this.identityKey = identityKey;
    this.der = der;
  }

  /**
   * Makes the certificate of {@code node} signed by, and for, its identity key.
   *
   * @param identity the node's Ed25519 identity key
   * @param node the node id written in the subject's common name
   * @return the certificate
   */
  public static NodeCertificate selfSigned(Ed25519PrivateKey identity, NodeId node) {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(node, "node");
    byte[] publicKey = identity.publicKey().encoded().toByteArray();
    X500Name name = new X500Name("CN=" + node.value());
    X509v3CertificateBuilder builder =
        new X509v3CertificateBuilder(
            name,
            new BigInteger(1, Arrays.copyOf(publicKey, 16)).add(BigInteger.ONE),
            NOT_BEFORE,
            NOT_AFTER,
            name,
            new SubjectPublicKeyInfo(ED25519, publicKey));
    byte[] der;
    try {
      der = builder.build(new IdentitySigner(identity)).getEncoded();
    } catch (IOException e) {
      throw new IllegalStateException("encoding a certificate in memory failed", e);
    }
    return new NodeCertificate(node, identity.publicKey(), der);
  }

  /**
   * Decodes and checks a DER certificate received from a peer or read from a file: it must be
   * exactly a certificate {@link #selfSigned} could have made, i.e. Ed25519 key and signature, a
   * valid self-signature, issuer equal to subject, and a subject of one common name that is a valid
   * node id. Other extensions and fields are allowed but ignored.
   *
   * @param der the DER encoding
   * @return the certificate
   * @throws InvalidTransportInputException with {@link Reason#OVERSIZED}, {@link Reason#MALFORMED},
   *     {@link Reason#WRONG_ALGORITHM}, {@link Reason#BAD_SIGNATURE} or {@link
   *     Reason#INVALID_NODE_ID}
   */
  public static NodeCertificate fromDer(Bytes der) throws InvalidTransportInputException {
    Objects.requireNonNull(der, "der");
    return decode(der.toByteArray());
  }

  /**
   * Decodes and checks a PEM {@code CERTIFICATE} block, as {@link #fromDer} does.
   *
   * @param pem the text of one PEM block labelled {@code CERTIFICATE}
   * @return the certificate
   * @throws InvalidTransportInputException if the armour or the certificate is refused
   */
  public static NodeCertificate fromPem(String pem) throws InvalidTransportInputException {
    Objects.requireNonNull(pem, "pem");
    return decode(Pem.decode(PEM_LABEL, pem));
  }

  static NodeCertificate decode(byte[] der) throws InvalidTransportInputException {
    if (der.length > MAX_ENCODED_SIZE) {
      throw new InvalidTransportInputException(
          Reason.OVERSIZED, "certificate of " + der.length + " bytes, at most " + MAX_ENCODED_SIZE);
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
    SubjectPublicKeyInfo spki = cert.getSubjectPublicKeyInfo();
    if (!ED25519.equals(spki.getAlgorithm()) || !ED25519.equals(cert.getSignatureAlgorithm())) {
      throw new InvalidTransportInputException(
          Reason.WRONG_ALGORITHM, "the certificate's key and signature must be Ed25519");
    }
    byte[] keyBytes = spki.getPublicKeyData().getOctets();
    byte[] sigBytes = cert.getSignature().getOctets();
    if (keyBytes.length != 32 || sigBytes.length != 64) {
      throw new InvalidTransportInputException(
          Reason.MALFORMED, "an Ed25519 key is 32 bytes and a signature 64");
    }
    PublicKey key = PublicKey.ed25519(keyBytes);
    try {
      byte[] tbs = cert.getTBSCertificate().getEncoded(ASN1Encoding.DER);
      if (!Ed25519Verifier.of(key).verify(tbs, Signature.ed25519(sigBytes))) {
        throw new InvalidTransportInputException(
            Reason.BAD_SIGNATURE, "the certificate's self-signature does not verify");
      }
    } catch (InvalidCryptoInputException e) {
      throw new InvalidTransportInputException(
          Reason.WRONG_ALGORITHM, "the certificate's key is not a valid Ed25519 key", e);
    } catch (IOException e) {
      throw new InvalidTransportInputException(
          Reason.MALFORMED, "the certificate's body does not re-encode", e);
    }
    X500Name subject = cert.getSubject();
    if (!subject.equals(cert.getIssuer())) {
      throw new InvalidTransportInputException(
          Reason.INVALID_NODE_ID, "the certificate is not self-issued");
    }
    RDN[] rdns = subject.getRDNs();
    if (rdns.length != 1
        || rdns[0].isMultiValued()
        || !BCStyle.CN.equals(rdns[0].getFirst().getType())) {
      throw new InvalidTransportInputException(
          Reason.INVALID_NODE_ID, "the subject must be exactly one common name, the node id");
    }
    NodeId node;
    try {
      node = NodeId.of(IETFUtils.valueToString(rdns[0].getFirst().getValue()));
    } catch (IllegalArgumentException e) {
      throw new InvalidTransportInputException(
          Reason.INVALID_NODE_ID, "the common name is not a node id", e);
    }
    return new NodeCertificate(node, key, der.clone());
  }

  /**
   * The node id of the subject's common name: what the certificate claims, checked against the
   * roster before anyone believes it.
   *
   * @return the claimed node id
   */
  public NodeId node() {
    return node;
  }

  /**
   * The Ed25519 key the certificate carries and is signed by.
   *
   * @return the identity key
   */
  public PublicKey identityKey() {
    return identityKey;
  }

  /**
   * The DER encoding.
   *
   * @return a copy of the encoded certificate
   */
  public Bytes encoded() {
    return Bytes.of(der);
  }

  /**
   * The PEM encoding, a block labelled {@code CERTIFICATE} with 64-character lines.
   *
   * @return the PEM text, ending with a newline
   */
  public String toPem() {
    return Pem.encode(PEM_LABEL, der);
  }

  /** The certificate as the JDK's TLS stack takes it. */
  X509Certificate toX509() {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new java.io.ByteArrayInputStream(der));
    } catch (CertificateException e) {
      throw new IllegalStateException("the JDK refused a certificate this class checked", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeCertificate other && Arrays.equals(der, other.der);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(der);
  }

  @Override
  public String toString() {
    return "NodeCertificate[" + node + ", " + identityKey + "]";
  }

  /**
   * A Bouncy Castle signer that signs with the SDK's own Ed25519 key, never exporting it; it also
   * issues the {@link LinkCertificate}.
   */
  static final class IdentitySigner implements ContentSigner {
    private final Ed25519PrivateKey key;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    IdentitySigner(Ed25519PrivateKey key) {
      this.key = key;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
      return ED25519;
    }

    @Override
    public OutputStream getOutputStream() {
      return buffer;
    }

    @Override
    public byte[] getSignature() {
      return key.sign(buffer.toByteArray()).encoded().toByteArray();
    }
  }
}
