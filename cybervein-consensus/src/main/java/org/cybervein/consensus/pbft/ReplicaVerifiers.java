package org.cybervein.consensus.pbft;

import java.util.ArrayList;
import java.util.List;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.sign.Ed25519Verifier;

/**
 * One Ed25519 verifier per replica of a configuration, built once (a verifier decodes its key at
 * construction, which costs far more than reusing it).
 */
public final class ReplicaVerifiers {
  private final List<Ed25519Verifier> verifiers;

  private ReplicaVerifiers(List<Ed25519Verifier> verifiers) {
    this.verifiers = verifiers;
  }

  /**
   * The verifiers of {@code config}'s replicas.
   *
   * @param config the group whose replicas' signing keys are decoded
   * @return one verifier per replica, in the replicas' index order
   * @throws IllegalArgumentException if a replica's key is not a valid Ed25519 key
   */
  public static ReplicaVerifiers of(ReplicaConfig config) {
    List<Ed25519Verifier> list = new ArrayList<>();
    for (PeerIdentity r : config.replicas()) {
      try {
        list.add(Ed25519Verifier.of(r.signingKey()));
      } catch (InvalidCryptoInputException e) {
        throw new IllegalArgumentException("invalid key of replica " + r.node(), e);
      }
    }
    return new ReplicaVerifiers(List.copyOf(list));
  }

  /**
   * The verifier of replica {@code index}.
   *
   * @param index the replica's index, in {@code [0, |R|)}
   * @return the verifier of the signatures made with that replica's signing key
   * @throws IndexOutOfBoundsException if {@code index} is not a replica index
   */
  public Ed25519Verifier replica(int index) {
    return verifiers.get(index);
  }

  /**
   * The number of replicas.
   *
   * @return |R|, the number of verifiers held
   */
  public int size() {
    return verifiers.size();
  }
}
