package org.cybervein.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.RandomSource;
import org.cybervein.consensus.pbft.NodeKeys;
import org.cybervein.consensus.pbft.PeerIdentity;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.agreement.X25519PrivateKey;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.transport.grpc.NodeCertificate;

/**
 * A node's key directory, as {@code cybervein keygen} writes it:
 *
 * <ul>
 *   <li>{@code identity.key}: the Ed25519 seed (hex), the node's identity: it signs PBFT messages
 *       and its public key is what peers' TLS certificates are bound to;
 *   <li>{@code agreement.key}: the X25519 private key (hex) PBFT's MAC channels agree on;
 *   <li>{@code identity.pub}: the node id and both public keys (HOCON), the one file a node shares
 *       with {@code cybervein init};
 *   <li>{@code tls-certificate.pem}: the node's self-signed X.509 certificate on its identity key
 *       and node id, as the gRPC transport presents it in mutual TLS (for inspection with {@code
 *       openssl x509}; the transport derives the same certificate from the identity key).
 * </ul>
 *
 * Private files are created with permissions 0600 before any secret is written into them, so there
 * is no moment at which another user can read them.
 */
final class NodeKeyFiles {
  static final String IDENTITY = "identity.key";
  static final String AGREEMENT = "agreement.key";
  static final String PUBLIC = "identity.pub";
  static final String CERTIFICATE = "tls-certificate.pem";

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private NodeKeyFiles() {}

  /** Generates fresh keys for {@code node} into {@code dir}; refuses to overwrite a key. */
  static PeerIdentity generate(Path dir, NodeId node, RandomSource random) throws IOException {
    Files.createDirectories(dir);
    NodeKeys keys =
        new NodeKeys(Ed25519PrivateKey.generate(random), X25519PrivateKey.generate(random));
    writePrivate(dir.resolve(IDENTITY), keys.signingKey().encodeSeed().toHex());
    writePrivate(dir.resolve(AGREEMENT), keys.agreementKey().toBytes().toHex());
    PeerIdentity identity = keys.identity(node);
    Files.writeString(dir.resolve(PUBLIC), publicText(identity), StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve(CERTIFICATE),
        NodeCertificate.selfSigned(keys.signingKey(), node).toPem(),
        StandardCharsets.US_ASCII);
    return identity;
  }

  /** The private keys in {@code dir}. */
  static NodeKeys load(Path dir) throws IOException {
    try {
      Ed25519PrivateKey signing = Ed25519PrivateKey.decode(readHex(dir.resolve(IDENTITY)));
      X25519PrivateKey agreement = X25519PrivateKey.fromBytes(readHex(dir.resolve(AGREEMENT)));
      return new NodeKeys(signing, agreement);
    } catch (InvalidCryptoInputException | IllegalArgumentException e) {
      throw new IOException("bad key file in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The public identity in {@code dir}'s {@code identity.pub}. */
  static PeerIdentity loadPublic(Path dir) throws IOException {
    com.typesafe.config.Config c =
        com.typesafe.config.ConfigFactory.parseFile(dir.resolve(PUBLIC).toFile());
    try {
      return ClusterDescription.identity(
          new NodeId(c.getString("id")), c.getString("signing-key"), c.getString("agreement-key"));
    } catch (com.typesafe.config.ConfigException e) {
      throw new IOException(dir.resolve(PUBLIC) + ": " + e.getMessage(), e);
    }
  }

  static String publicText(PeerIdentity identity) {
    return "# The public identity of node "
        + identity.node().value()
        + " (cybervein keygen); share this file, never the .key files.\n"
        + "id = \""
        + identity.node().value()
        + "\"\nsigning-key = \""
        + identity.signingKey().encoded().toHex()
        + "\"\nagreement-key = \""
        + identity.agreementKey().bytes().toHex()
        + "\"\n";
  }

  private static void writePrivate(Path file, String content) throws IOException {
    if (Files.exists(file)) {
      throw new FileAlreadyExistsException(file + " (keygen never overwrites a key)");
    }
    Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    Files.writeString(
        file, content + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
  }

  private static Bytes readHex(Path file) throws IOException {
    if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
      throw new IOException(file + " must have permissions 0600 (it holds a private key)");
    }
    return Bytes.fromHex(Files.readString(file, StandardCharsets.US_ASCII).strip());
  }
}
