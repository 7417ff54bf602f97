package org.cybervein.fl.secagg;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.Signature;
import org.cybervein.api.net.Transport;
import org.cybervein.api.random.RandomSource;
import org.cybervein.api.wire.v1.SecAggProto.SecAggAdvertiseKeys;
import org.cybervein.api.wire.v1.SecAggProto.SecAggEncryptedShare;
import org.cybervein.api.wire.v1.SecAggProto.SecAggMaskedInput;
import org.cybervein.api.wire.v1.SecAggProto.SecAggMessage;
import org.cybervein.api.wire.v1.SecAggProto.SecAggRevealedShare;
import org.cybervein.api.wire.v1.SecAggProto.SecAggShareKeys;
import org.cybervein.api.wire.v1.SecAggProto.SecAggUnmaskResponse;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.aead.Aead;
import org.cybervein.crypto.aead.AeadAlgorithm;
import org.cybervein.crypto.aead.AeadKey;
import org.cybervein.crypto.agreement.X25519PrivateKey;
import org.cybervein.crypto.agreement.X25519PublicKey;
import org.cybervein.crypto.sharing.SecretShare;
import org.cybervein.crypto.sharing.ShamirSecretSharing;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.crypto.sign.Ed25519Verifier;
import org.cybervein.fl.InvalidFederatedMessageException;
import org.cybervein.fl.InvalidFederatedMessageException.Reason;

/**
 * One client of secure aggregation, as a pure core: messages from the server in, messages to the
 * server out through the injected {@link Transport}; no threads, no clock.
 *
 * <p>Per round the client (Bonawitz et al., rounds 0-3): advertises two fresh X25519 keys signed by
 * its identity; Shamir-shares its mask key s_u and a fresh self-mask seed b_u among the clients of
 * the key list, each share sealed for its recipient; sends its input plus PRG(b_u) plus, for every
 * other client v that shared, +PRG(s_uv) if u &lt; v and -PRG(s_uv) otherwise, all modulo 2^64; and
 * finally reveals, for each client that shared, a share of its self-mask seed if it survived or of
 * its mask key if it dropped, never both: it answers one unmask request per round only.
 *
 * <p>Messages from anyone but the server, for an old round, or out of phase are rejected with
 * {@link InvalidFederatedMessageException} and change nothing.
 */
public final class SecAggClient {
  private final Transport transport;
  private final NodeId server;
  private final Ed25519PrivateKey identity;
  private final SecAggRoster roster;
  private final SecAggParameters parameters;
  private final RandomSource random;
  private final InputProvider inputs;
  private final int myIndex;
  private final List<Ed25519Verifier> verifiers;
  private ClientRound current;
  private long lastRound = -1;

  /**
   * Creates a client; {@link #handle} must then receive the server's messages.
   *
   * @param transport the client's transport; the caller routes received messages to {@link #handle}
   * @param server the aggregation server
   * @param identity the client's signing key, listed in the roster
   * @param roster the clients and their keys
   * @param parameters the threshold, vector length and timeout, the same as the server's
   * @param random the source of keys, shares and masks; must be cryptographically strong outside
   *     tests
   * @param inputs computes this client's input in each round
   * @throws IllegalArgumentException if the transport's node is not in the roster under the
   *     identity's public key, or the threshold exceeds the roster
   */
  public SecAggClient(
      Transport transport,
      NodeId server,
      Ed25519PrivateKey identity,
      SecAggRoster roster,
      SecAggParameters parameters,
      RandomSource random,
      InputProvider inputs) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.server = Objects.requireNonNull(server, "server");
    this.identity = Objects.requireNonNull(identity, "identity");
    this.roster = Objects.requireNonNull(roster, "roster");
    this.parameters = Objects.requireNonNull(parameters, "parameters");
    this.random = Objects.requireNonNull(random, "random");
    this.inputs = Objects.requireNonNull(inputs, "inputs");
    if (parameters.threshold() > roster.size()) {
      throw new IllegalArgumentException("threshold exceeds the number of clients");
    }
    this.myIndex =
        roster
            .indexOf(transport.localNode())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(transport.localNode() + " is not in the roster"));
    if (!roster.get(myIndex).identity().equals(identity.publicKey())) {
      throw new IllegalArgumentException("the roster lists another identity for this client");
    }
    this.verifiers = new ArrayList<>();
    for (Participant p : roster.participants()) {
      try {
        verifiers.add(Ed25519Verifier.of(p.identity()));
      } catch (InvalidCryptoInputException e) {
        throw new IllegalArgumentException("roster identity of " + p.node() + " is invalid", e);
      }
    }
  }

  /**
   * This client's 1-based index in the roster.
   *
   * @return the index, from 1 to the roster size
   */
  public int index() {
    return myIndex;
  }

  /**
   * Handles one message from the network.
   *
   * @param from the sender; only the server is accepted
   * @param bytes the message
   * @throws InvalidFederatedMessageException if the message is not a valid next step of the
   *     protocol from the server; nothing changed
   */
  public void handle(NodeId from, Bytes bytes) throws InvalidFederatedMessageException {
    if (!server.equals(from)) {
      throw new InvalidFederatedMessageException(
          Reason.UNEXPECTED, "secure aggregation messages come from the server only");
    }
    SecAggMessage message = SecAggCodec.decode(bytes, parameters.vectorLength());
    long round = message.getRound();
    if (message.getKindCase() == SecAggMessage.KindCase.ROUND_START) {
      onRoundStart(round, message);
      return;
    }
    if (current == null || current.round != round) {
      throw new InvalidFederatedMessageException(
          Reason.UNEXPECTED, "message for round " + round + ", which this client is not in");
    }
    switch (message.getKindCase()) {
      case KEY_LIST -> current.onKeyList(message);
      case SHARE_DELIVERY -> current.onShareDelivery(message);
      case UNMASK_REQUEST -> current.onUnmaskRequest(message);
      default ->
          throw new InvalidFederatedMessageException(
              Reason.UNEXPECTED, "a client does not accept " + message.getKindCase());
    }
  }

  private void onRoundStart(long round, SecAggMessage message)
      throws InvalidFederatedMessageException {
    if (round <= lastRound) {
      throw new InvalidFederatedMessageException(
          Reason.UNEXPECTED, "round " + round + " is not after round " + lastRound);
    }
    if (message.getRoundStart().getVectorLength() != parameters.vectorLength()) {
      throw new InvalidFederatedMessageException(
          Reason.INVALID_VALUE, "round asks for another vector length");
    }
    long[] input =
        inputs.input(round, Bytes.of(message.getRoundStart().getContext().toByteArray()));
    if (input.length != parameters.vectorLength()) {
      throw new IllegalStateException(
          "input provider returned "
              + input.length
              + " elements, configured "
              + parameters.vectorLength());
    }
    ClientRound next = new ClientRound(round, input.clone());
    lastRound = round;
    current = next;
    AdvertisedKeys mine =
        new AdvertisedKeys(myIndex, next.cipherKey.publicKey(), next.maskKey.publicKey());
    Signature signature = identity.sign(mine.signingInput(round));
    send(
        SecAggMessage.newBuilder()
            .setRound(round)
            .setAdvertiseKeys(
                SecAggAdvertiseKeys.newBuilder()
                    .setClientIndex(myIndex)
                    .setCipherPublicKey(bs(mine.cipherKey().bytes()))
                    .setMaskPublicKey(bs(mine.maskKey().bytes()))
                    .setSignature(bs(signature.encoded())))
            .build());
  }

  private void send(SecAggMessage message) {
    transport.send(server, SecAggCodec.encode(message));
  }

  private static ByteString bs(Bytes bytes) {
    return ByteString.copyFrom(bytes.toByteArray());
  }

  /** Checks and decodes the key list's advertisements; package-private for the server's use. */
  static SortedMap<Integer, AdvertisedKeys> verifiedKeyList(
      long round,
      List<SecAggAdvertiseKeys> advertised,
      SecAggRoster roster,
      List<Ed25519Verifier> verifiers)
      throws InvalidFederatedMessageException {
    if (advertised.size() > roster.size()) {
      throw new InvalidFederatedMessageException(Reason.OVERSIZED, "more keys than clients");
    }
    SortedMap<Integer, AdvertisedKeys> keys = new TreeMap<>();
    for (SecAggAdvertiseKeys a : advertised) {
      AdvertisedKeys k = verifiedAdvertisement(round, a, roster, verifiers);
      if (keys.put(k.index(), k) != null) {
        throw new InvalidFederatedMessageException(
            Reason.MALFORMED, "client " + k.index() + " advertised twice");
      }
    }
    return keys;
  }

  static AdvertisedKeys verifiedAdvertisement(
      long round, SecAggAdvertiseKeys a, SecAggRoster roster, List<Ed25519Verifier> verifiers)
      throws InvalidFederatedMessageException {
    int index = a.getClientIndex();
    if (index < 1 || index > roster.size()) {
      throw new InvalidFederatedMessageException(
          Reason.INVALID_VALUE, "no client with index " + index);
    }
    AdvertisedKeys k;
    Signature signature;
    try {
      k =
          new AdvertisedKeys(
              index,
              X25519PublicKey.decode(Bytes.of(a.getCipherPublicKey().toByteArray())),
              X25519PublicKey.decode(Bytes.of(a.getMaskPublicKey().toByteArray())));
      if (a.getSignature().size() != 64) {
        throw new InvalidFederatedMessageException(Reason.MALFORMED, "signature is not 64 bytes");
      }
      signature = Signature.ed25519(a.getSignature().toByteArray());
    } catch (InvalidCryptoInputException e) {
      throw new InvalidFederatedMessageException(Reason.MALFORMED, "bad advertised key", e);
    }
    if (k.cipherKey().equals(k.maskKey())) {
      throw new InvalidFederatedMessageException(
          Reason.MALFORMED, "cipher and mask keys must differ");
    }
    if (!verifiers.get(index - 1).verify(k.signingInput(round), signature)) {
      throw new InvalidFederatedMessageException(
          Reason.AUTHENTICATION_FAILED,
          "advertisement of client " + index + " is not signed by it");
    }
    return k;
  }

  /** The state of the round this client is in. */
  private final class ClientRound {
    private final long round;
    private final long[] input;
    private final X25519PrivateKey cipherKey;
    private final X25519PrivateKey maskKey;
    private final Bytes selfSeed;
    private Phase phase = Phase.ADVERTISED;
    private SortedMap<Integer, AdvertisedKeys> keyList;
    private final Map<Integer, Aead> ciphers = new TreeMap<>();
    // shares held for each dealer (including this client): [0] of its mask key, [1] of its seed
    private final SortedMap<Integer, SecretShare[]> heldShares = new TreeMap<>();
    private SortedSet<Integer> sharers;

    private ClientRound(long round, long[] input) {
      this.round = round;
      this.input = input;
      this.cipherKey = X25519PrivateKey.generate(random);
      this.maskKey = X25519PrivateKey.generate(random);
      byte[] seed = new byte[32];
      random.nextBytes(seed);
      this.selfSeed = Bytes.of(seed);
    }

    private void expect(Phase expected, SecAggMessage message)
        throws InvalidFederatedMessageException {
      if (phase != expected) {
        throw new InvalidFederatedMessageException(
            Reason.UNEXPECTED, message.getKindCase() + " while " + phase);
      }
    }

    private void onKeyList(SecAggMessage message) throws InvalidFederatedMessageException {
      expect(Phase.ADVERTISED, message);
      SortedMap<Integer, AdvertisedKeys> keys =
          verifiedKeyList(round, message.getKeyList().getKeysList(), roster, verifiers);
      AdvertisedKeys mine = keys.get(myIndex);
      if (mine == null
          || !mine.cipherKey().equals(cipherKey.publicKey())
          || !mine.maskKey().equals(maskKey.publicKey())) {
        throw new InvalidFederatedMessageException(
            Reason.MALFORMED, "the key list does not carry this client's keys");
      }
      if (keys.size() < parameters.threshold()) {
        throw new InvalidFederatedMessageException(
            Reason.PRIVACY_VIOLATION, "key list below the threshold");
      }
      Map<Integer, Aead> pairCiphers = new TreeMap<>();
      for (AdvertisedKeys other : keys.values()) {
        if (other.index() != myIndex) {
          pairCiphers.put(other.index(), cipherFor(other));
        }
      }
      List<SecretShare> keyShares =
          ShamirSecretSharing.split(
              maskKey.toBytes(), parameters.threshold(), roster.size(), random);
      List<SecretShare> seedShares =
          ShamirSecretSharing.split(selfSeed, parameters.threshold(), roster.size(), random);
      SecAggShareKeys.Builder out = SecAggShareKeys.newBuilder();
      for (AdvertisedKeys other : keys.values()) {
        int to = other.index();
        SecretShare k = keyShares.get(to - 1);
        SecretShare s = seedShares.get(to - 1);
        if (to == myIndex) {
          heldShares.put(myIndex, new SecretShare[] {k, s});
          continue;
        }
        Bytes plaintext = k.value().concat(s.value());
        Bytes sealed =
            pairCiphers
                .get(to)
                .sealWithRandomNonce(
                    random, plaintext, AdvertisedKeys.shareAssociatedData(round, myIndex, to));
        out.addShares(
            SecAggEncryptedShare.newBuilder()
                .setFromIndex(myIndex)
                .setToIndex(to)
                .setCiphertext(bs(sealed)));
      }
      keyList = keys;
      ciphers.putAll(pairCiphers);
      phase = Phase.SHARED;
      send(SecAggMessage.newBuilder().setRound(round).setShareKeys(out).build());
    }

    private Aead cipherFor(AdvertisedKeys other) throws InvalidFederatedMessageException {
      try {
        return Aead.of(
            AeadKey.fromBytes(
                AeadAlgorithm.CHACHA20_POLY1305,
                MaskExpander.derive(
                    cipherKey.agree(other.cipherKey()), round, MaskExpander.SHARE_CIPHER)));
      } catch (InvalidCryptoInputException e) {
        throw new InvalidFederatedMessageException(
            Reason.MALFORMED, "cipher key of client " + other.index() + " is unusable", e);
      }
    }

    private void onShareDelivery(SecAggMessage message) throws InvalidFederatedMessageException {
      expect(Phase.SHARED, message);
      SortedMap<Integer, SecretShare[]> received = new TreeMap<>();
      for (SecAggEncryptedShare e : message.getShareDelivery().getSharesList()) {
        int from = e.getFromIndex();
        Aead cipher = ciphers.get(from);
        if (cipher == null || e.getToIndex() != myIndex) {
          throw new InvalidFederatedMessageException(
              Reason.INVALID_VALUE, "share from " + from + " to " + e.getToIndex() + " unexpected");
        }
        if (received.containsKey(from)) {
          throw new InvalidFederatedMessageException(
              Reason.MALFORMED, "two shares from client " + from);
        }
        Bytes plain;
        try {
          plain =
              cipher.openWithPrefixedNonce(
                  Bytes.of(e.getCiphertext().toByteArray()),
                  AdvertisedKeys.shareAssociatedData(round, from, myIndex));
        } catch (InvalidCryptoInputException ex) {
          throw new InvalidFederatedMessageException(
              Reason.AUTHENTICATION_FAILED, "share from client " + from + " does not open", ex);
        }
        if (plain.size() != 64) {
          throw new InvalidFederatedMessageException(
              Reason.MALFORMED, "share from client " + from + " has the wrong size");
        }
        received.put(
            from,
            new SecretShare[] {
              new SecretShare(myIndex, plain.slice(0, 32)),
              new SecretShare(myIndex, plain.slice(32, 64))
            });
      }
      SortedSet<Integer> who = new TreeSet<>(received.keySet());
      who.add(myIndex);
      if (who.size() < parameters.threshold()) {
        throw new InvalidFederatedMessageException(
            Reason.PRIVACY_VIOLATION, "fewer clients than the threshold shared keys");
      }
      long[] masked = input.clone();
      add(masked, MaskExpander.expand(selfSeed, masked.length), 1);
      for (int other : who) {
        if (other == myIndex) {
          continue;
        }
        long[] pairMask = pairwiseMask(maskKey, keyList.get(other).maskKey(), round, masked.length);
        add(masked, pairMask, myIndex < other ? 1 : -1);
      }
      heldShares.putAll(received);
      sharers = who;
      phase = Phase.MASKED;
      SecAggMaskedInput.Builder body = SecAggMaskedInput.newBuilder();
      for (long v : masked) {
        body.addValues(v);
      }
      send(SecAggMessage.newBuilder().setRound(round).setMaskedInput(body).build());
    }

    private void onUnmaskRequest(SecAggMessage message) throws InvalidFederatedMessageException {
      expect(Phase.MASKED, message);
      SortedSet<Integer> survivors = new TreeSet<>();
      for (int s : message.getUnmaskRequest().getSurvivorsList()) {
        if (!sharers.contains(s) || !survivors.add(s)) {
          throw new InvalidFederatedMessageException(
              Reason.INVALID_VALUE, "survivor " + s + " did not share keys or is listed twice");
        }
      }
      if (!survivors.contains(myIndex) || survivors.size() < parameters.threshold()) {
        throw new InvalidFederatedMessageException(
            Reason.PRIVACY_VIOLATION,
            "unmasking fewer survivors than the threshold would expose inputs");
      }
      SecAggUnmaskResponse.Builder out = SecAggUnmaskResponse.newBuilder();
      for (int owner : sharers) {
        boolean dropped = !survivors.contains(owner);
        SecretShare share = heldShares.get(owner)[dropped ? 0 : 1];
        out.addShares(
            SecAggRevealedShare.newBuilder()
                .setOwnerIndex(owner)
                .setMaskKey(dropped)
                .setShare(bs(share.value())));
      }
      // one answer per round: a second request could ask for the other kind of share
      phase = Phase.DONE;
      send(SecAggMessage.newBuilder().setRound(round).setUnmaskResponse(out).build());
    }
  }

  static long[] pairwiseMask(X25519PrivateKey mine, X25519PublicKey theirs, long round, int length)
      throws InvalidFederatedMessageException {
    try {
      return MaskExpander.expand(
          MaskExpander.derive(mine.agree(theirs), round, MaskExpander.PAIRWISE_MASK), length);
    } catch (InvalidCryptoInputException e) {
      throw new InvalidFederatedMessageException(Reason.MALFORMED, "unusable mask key", e);
    }
  }

  static void add(long[] target, long[] mask, int sign) {
    for (int i = 0; i < target.length; i++) {
      target[i] += sign * mask[i];
    }
  }

  private enum Phase {
    ADVERTISED,
    SHARED,
    MASKED,
    DONE
  }
}
