package org.cybervein.api.wire;

import com.google.protobuf.ByteString;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.InvalidEncodingException;
import org.cybervein.api.InvalidEncodingException.Reason;
import org.cybervein.api.NodeId;
import org.cybervein.api.PublicKey;
import org.cybervein.api.Signature;
import org.cybervein.api.SignatureAlgorithm;
import org.cybervein.api.wire.v1.TypesProto;

/**
 * Converts the api value types to and from their {@code cybervein.v1} protobuf messages.
 *
 * <p>The {@code from} direction checks every field of a message that came from outside and throws
 * {@link InvalidEncodingException}; the {@code to} direction cannot fail.
 */
public final class ApiTypesCodec {
  private ApiTypesCodec() {}

  /**
   * The protobuf form of a hash.
   *
   * @param hash the hash to encode
   * @return the message holding the 32 hash bytes
   */
  public static TypesProto.Hash toProto(Hash hash) {
    return TypesProto.Hash.newBuilder().setValue(ByteString.copyFrom(hash.toByteArray())).build();
  }

  /**
   * A hash from its protobuf form; the value must be exactly 32 bytes.
   *
   * @param proto the received message
   * @return the hash it holds
   * @throws InvalidEncodingException with {@link Reason#WRONG_LENGTH} if the value is not 32 bytes
   */
  public static Hash fromProto(TypesProto.Hash proto) throws InvalidEncodingException {
    return Hash.decode(bytes(proto.getValue()));
  }

  /**
   * The protobuf form of a public key.
   *
   * @param key the key to encode
   * @return the message holding the algorithm and the encoded key
   */
  public static TypesProto.PublicKey toProto(PublicKey key) {
    return TypesProto.PublicKey.newBuilder()
        .setAlgorithm(toProto(key.algorithm()))
        .setKey(byteString(key.encoded()))
        .build();
  }

  /**
   * A public key from its protobuf form; the key size must match the algorithm.
   *
   * @param proto the received message
   * @return the public key it holds
   * @throws InvalidEncodingException with {@link Reason#INVALID_VALUE} for an unknown algorithm,
   *     {@link Reason#WRONG_LENGTH} if the key size does not match it
   */
  public static PublicKey fromProto(TypesProto.PublicKey proto) throws InvalidEncodingException {
    SignatureAlgorithm algorithm = fromProto(proto.getAlgorithm());
    Bytes key = bytes(proto.getKey());
    if (key.size() != algorithm.publicKeySize()) {
      throw InvalidEncodingException.wrongLength(
          algorithm + " public key", algorithm.publicKeySize(), key.size());
    }
    return new PublicKey(algorithm, key);
  }

  /**
   * The protobuf form of a signature.
   *
   * @param signature the signature to encode
   * @return the message holding the algorithm and the encoded signature
   */
  public static TypesProto.Signature toProto(Signature signature) {
    return TypesProto.Signature.newBuilder()
        .setAlgorithm(toProto(signature.algorithm()))
        .setValue(byteString(signature.encoded()))
        .build();
  }

  /**
   * A signature from its protobuf form; the size must match the algorithm.
   *
   * @param proto the received message
   * @return the signature it holds
   * @throws InvalidEncodingException with {@link Reason#INVALID_VALUE} for an unknown algorithm,
   *     {@link Reason#WRONG_LENGTH} if the size does not match it
   */
  public static Signature fromProto(TypesProto.Signature proto) throws InvalidEncodingException {
    SignatureAlgorithm algorithm = fromProto(proto.getAlgorithm());
    Bytes value = bytes(proto.getValue());
    if (value.size() != algorithm.signatureSize()) {
      throw InvalidEncodingException.wrongLength(
          algorithm + " signature", algorithm.signatureSize(), value.size());
    }
    return new Signature(algorithm, value);
  }

  /**
   * The protobuf form of an amount.
   *
   * @param amount the amount to encode
   * @return the message holding the amount in base units
   */
  public static TypesProto.Amount toProto(Amount amount) {
    return TypesProto.Amount.newBuilder().setBaseUnits(amount.baseUnits()).build();
  }

  /**
   * An amount from its protobuf form; values above {@link Long#MAX_VALUE} are rejected.
   *
   * @param proto the received message
   * @return the amount it holds
   * @throws InvalidEncodingException with {@link Reason#INVALID_VALUE} if the unsigned base units
   *     exceed {@link Long#MAX_VALUE}
   */
  public static Amount fromProto(TypesProto.Amount proto) throws InvalidEncodingException {
    long baseUnits = proto.getBaseUnits();
    if (baseUnits < 0) {
      // uint64 on the wire: a set top bit is a value beyond any real supply.
      throw new InvalidEncodingException(
          Reason.INVALID_VALUE, "amount " + Long.toUnsignedString(baseUnits) + " is too large");
    }
    return Amount.ofBaseUnits(baseUnits);
  }

  /**
   * The protobuf form of a node id.
   *
   * @param id the node id to encode
   * @return the message holding the id's text
   */
  public static TypesProto.NodeId toProto(NodeId id) {
    return TypesProto.NodeId.newBuilder().setValue(id.value()).build();
  }

  /**
   * A node id from its protobuf form.
   *
   * @param proto the received message
   * @return the node id it holds
   * @throws InvalidEncodingException with {@link Reason#INVALID_VALUE} if the text is not a valid
   *     node id
   */
  public static NodeId fromProto(TypesProto.NodeId proto) throws InvalidEncodingException {
    try {
      return new NodeId(proto.getValue());
    } catch (IllegalArgumentException e) {
      throw new InvalidEncodingException(Reason.INVALID_VALUE, e.getMessage(), e);
    }
  }

  static TypesProto.SignatureAlgorithm toProto(SignatureAlgorithm algorithm) {
    return switch (algorithm) {
      case ED25519 -> TypesProto.SignatureAlgorithm.SIGNATURE_ALGORITHM_ED25519;
    };
  }

  static SignatureAlgorithm fromProto(TypesProto.SignatureAlgorithm proto)
      throws InvalidEncodingException {
    return switch (proto) {
      case SIGNATURE_ALGORITHM_ED25519 -> SignatureAlgorithm.ED25519;
      case SIGNATURE_ALGORITHM_UNSPECIFIED, UNRECOGNIZED ->
          throw new InvalidEncodingException(
              Reason.INVALID_VALUE, "unknown signature algorithm " + proto);
    };
  }

  /**
   * Immutable bytes from a protobuf byte string.
   *
   * @param value the protobuf bytes
   * @return a copy of them
   */
  public static Bytes bytes(ByteString value) {
    return Bytes.of(value.toByteArray());
  }

  /**
   * A protobuf byte string from immutable bytes.
   *
   * @param value the bytes to copy
   * @return a protobuf byte string with the same content
   */
  public static ByteString byteString(Bytes value) {
    return ByteString.copyFrom(value.toByteArray());
  }
}
