package org.cybervein.crypto.psi;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import org.cybervein.api.Bytes;
import org.cybervein.api.random.RandomSource;
import org.cybervein.crypto.InvalidCryptoInputException;

/**
 * One party's secret exponent k in one {@link EcdhPsiGroup}, with the three operations of ECDH-PSI
 * on encoded elements. Thread-safe, so that the per-id work can run on every core.
 */
abstract sealed class PsiKey {
  /** A fresh uniform exponent of the group. */
  static PsiKey generate(EcdhPsiGroup group, RandomSource random) {
    return switch (group) {
      case P256 -> new P256Key(new P256Group().randomScalar(random));
      case CURVE25519 -> {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        yield new Curve25519Key(secret);
      }
    };
  }

  abstract EcdhPsiGroup group();

  /** {@code H(id)^k}, encoded. */
  abstract byte[] hashAndRaise(Bytes id);

  /** {@code e^k} of a peer's element e, after checking it as {@link #check} does. */
  abstract byte[] raise(ByteString element) throws InvalidCryptoInputException;

  /**
   * {@code e^k} of a peer's element e that {@link #check} has accepted already: skips what checking
   * can skip, so that a round can refuse a bad message before it sends anything without checking
   * each element twice.
   */
  abstract byte[] raiseChecked(ByteString element) throws InvalidCryptoInputException;

  /** Refuses an encoding that is not a valid element of order above the cofactor. */
  abstract void check(ByteString element) throws InvalidCryptoInputException;

  /** P-256 through Bouncy Castle; its hasher keeps state, so each thread gets its own. */
  static final class P256Key extends PsiKey {
    final BigInteger secret; // package-private: the transcript test plays the curious party
    private final ThreadLocal<P256Group> groups = ThreadLocal.withInitial(P256Group::new);

    P256Key(BigInteger secret) {
      this.secret = secret;
    }

    @Override
    EcdhPsiGroup group() {
      return EcdhPsiGroup.P256;
    }

    @Override
    byte[] hashAndRaise(Bytes id) {
      return P256Group.encode(groups.get().hash(id).multiply(secret)).toByteArray();
    }

    @Override
    byte[] raise(ByteString element) throws InvalidCryptoInputException {
      return P256Group.encode(groups.get().decode(element).multiply(secret)).toByteArray();
    }

    @Override
    byte[] raiseChecked(ByteString element) throws InvalidCryptoInputException {
      return raise(element); // the point must be decoded anyway; decoding is the check
    }

    @Override
    void check(ByteString element) throws InvalidCryptoInputException {
      groups.get().decode(element);
    }
  }

  /** Curve25519 u-coordinates with X25519; stateless. */
  static final class Curve25519Key extends PsiKey {
    private static final Curve25519Group GROUP = new Curve25519Group();
    final byte[] secret; // package-private: the transcript test plays the curious party

    Curve25519Key(byte[] secret) {
      this.secret = secret.clone();
    }

    @Override
    EcdhPsiGroup group() {
      return EcdhPsiGroup.CURVE25519;
    }

    @Override
    byte[] hashAndRaise(Bytes id) {
      return Curve25519Group.raiseChecked(secret, GROUP.hash(id));
    }

    @Override
    byte[] raise(ByteString element) throws InvalidCryptoInputException {
      return Curve25519Group.raise(secret, element);
    }

    @Override
    byte[] raiseChecked(ByteString element) {
      return Curve25519Group.raiseChecked(secret, element.toByteArray());
    }

    @Override
    void check(ByteString element) throws InvalidCryptoInputException {
      Curve25519Group.check(element);
    }
  }
}
