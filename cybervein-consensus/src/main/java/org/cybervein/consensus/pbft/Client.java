package org.cybervein.consensus.pbft;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.wire.v1.PbftProto;
import org.cybervein.consensus.pbft.auth.MacChannel;
import org.cybervein.crypto.InvalidCryptoInputException;

/**
 * A PBFT client as a pure core: the whitepaper's client that sends REQUEST {@code <o, t, addr,
 * Sign>} and accepts a result once f + 1 replicas sent the same REPLY {@code <v, t, addr, r>}.
 *
 * <p>The client keeps the view it learns from replies (a later view once f + 1 replicas reported it
 * in their replies to one request, never on fewer) and sends a request to the replica it believes
 * is primary ({@code p = v mod |R|}); when no result arrives within the retry timeout it sends the
 * request to every replica (which forward it to the primary and, if the primary stays silent,
 * change view). One request is outstanding at a time; timestamps only grow, so replicas can
 * deduplicate by them. A read-only request goes to every replica at once and needs 2f + 1 equal
 * replies; if they do not come in time it is retried as an ordered request.
 *
 * <p>Not thread-safe; a host serializes calls.
 */
public final class Client {
  private final ReplicaConfig config;
  private final NodeKeys keys;
  private final NodeId address;
  private final ReplicaVerifiers verifiers;
  private final List<MacChannel> channels;
  private final EnumMap<Rejection, Long> rejections = new EnumMap<>(Rejection.class);
  private long nextTimestamp;
  private long view;
  private long timerToken;
  private boolean busy;
  private long timestamp;
  private boolean readOnly;
  private Bytes operation = Bytes.EMPTY;
  private Bytes frame = Bytes.EMPTY;
  // The replies to the outstanding request, by replica index (null: none yet): one slot per
  // replica, cleared for each request, so a reply costs no map entry nor boxing.
  private final Bytes[] replies;
  private final Bytes[] replyFrames;
  private final long[] replyViews;
  private List<Bytes> lastProof = List.of();
  // The same in every request, so encoded once.
  private final PbftProto.PbftClient wireIdentity;
  // The address as replies carry it, compared as bytes: no string is decoded per reply.
  private final ByteString wireAddress;

  /**
   * A client at {@code address} whose first request carries timestamp {@code firstTimestamp}.
   *
   * @param config the replicas, their keys and the protocol limits
   * @param keys this client's signing and key-agreement keys
   * @param address this client's node id, to which replicas send their REPLYs
   * @param firstTimestamp the timestamp t of the first request; each later request uses a larger
   *     one
   * @throws IllegalArgumentException if a replica's X25519 key is low order
   */
  public Client(ReplicaConfig config, NodeKeys keys, NodeId address, long firstTimestamp) {
    this.config = Objects.requireNonNull(config, "config");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.address = Objects.requireNonNull(address, "address");
    if (firstTimestamp < 0) {
      throw new IllegalArgumentException("negative timestamp");
    }
    this.nextTimestamp = firstTimestamp;
    this.verifiers = ReplicaVerifiers.of(config);
    List<MacChannel> list = new ArrayList<>();
    for (PeerIdentity r : config.replicas()) {
      try {
        list.add(MacChannel.agree(keys.agreementKey(), r.agreementKey()));
      } catch (InvalidCryptoInputException e) {
        throw new IllegalArgumentException("bad agreement key of " + r.node(), e);
      }
    }
    this.channels = List.copyOf(list);
    this.replies = new Bytes[config.size()];
    this.replyFrames = new Bytes[config.size()];
    this.replyViews = new long[config.size()];
    this.wireAddress = ByteString.copyFromUtf8(address.value());
    this.wireIdentity =
        PbftProto.PbftClient.newBuilder()
            .setAddress(address.value())
            .setSigningKey(
                org.cybervein.api.wire.ApiTypesCodec.toProto(keys.signingKey().publicKey()))
            .setAgreementKey(Codec.bs(keys.agreementKey().publicKey().bytes()))
            .build();
  }

  /** The group configuration this client was made with (ClientGroup checks its members agree). */
  ReplicaConfig config() {
    return config;
  }

  /** The address replies come to (ClientGroup checks its members share one). */
  NodeId address() {
    return address;
  }

  /**
   * This client's identity as replicas see it.
   *
   * @return the client's address and public keys
   */
  public PeerIdentity identity() {
    return keys.identity(address);
  }

  /**
   * The view this client believes current.
   *
   * @return the view number, from 0; the primary is replica {@code view mod n}
   */
  public long view() {
    return view;
  }

  /**
   * The REPLY frames, in replica order, that made the last completed request complete: f + 1 (2f +
   * 1 for a read-only one) authentic replies with the same result. With signatures only signed
   * replies count, so each is a proof a third party can check with {@link ReplyProof#check} and
   * there are at least f + 1 of them; with MAC authenticators they convince this client only. Empty
   * before the first completion.
   *
   * @return the REPLY frames of the last completed request, or an empty list
   */
  public List<Bytes> lastReplyProof() {
    return lastProof;
  }

  /**
   * True while a request is outstanding.
   *
   * @return true from {@link #invoke} until the request completes
   */
  public boolean isBusy() {
    return busy;
  }

  /**
   * How many received messages were rejected, by reason.
   *
   * @return a copy of the counts of rejected messages per reason
   */
  public Map<Rejection, Long> rejections() {
    return new EnumMap<>(rejections);
  }

  /**
   * Sends an ordered request for {@code operation} to the primary.
   *
   * @param operation the operation o for the replicated state machine
   * @return the sends and the retry timer to carry out
   * @throws IllegalStateException if a request is outstanding
   */
  public List<Action> invoke(Bytes operation) {
    return begin(operation, false);
  }

  /**
   * Sends a read-only request to every replica.
   *
   * @param operation the read-only operation o
   * @return the sends and the retry timer to carry out
   * @throws IllegalStateException if a request is outstanding
   */
  public List<Action> invokeReadOnly(Bytes operation) {
    return begin(operation, true);
  }

  private List<Action> begin(Bytes op, boolean ro) {
    Objects.requireNonNull(op, "operation");
    if (busy) {
      throw new IllegalStateException("a request is outstanding");
    }
    busy = true;
    operation = op;
    readOnly = ro;
    timestamp = nextTimestamp++;
    clearReplies();
    frame = requestFrame();
    List<Action> out = new ArrayList<>();
    if (ro) {
      sendAll(out);
    } else {
      out.add(new Action.Send(config.node(config.primary(view)), frame));
    }
    out.add(new Action.SetTimer(TimerKind.CLIENT_RETRY, ++timerToken, config.clientRetryTimeout()));
    return out;
  }

  private Bytes requestFrame() {
    PbftProto.PbftBody body =
        PbftProto.PbftBody.newBuilder()
            .setRequest(
                PbftProto.PbftRequest.newBuilder()
                    .setClient(wireIdentity)
                    .setTimestamp(timestamp)
                    .setOperation(Codec.bs(operation))
                    .setReadOnly(readOnly))
            .build();
    return config.authMode() == AuthMode.SIGNATURES
        ? Frame.signed(body, keys.signingKey()).raw
        : Frame.macked(body, channels).raw;
  }

  private void sendAll(List<Action> out) {
    for (PeerIdentity r : config.replicas()) {
      out.add(new Action.Send(r.node(), frame));
    }
  }

  /**
   * A timer fired.
   *
   * @param kind the kind of timer; only {@link TimerKind#CLIENT_RETRY} concerns a client
   * @param token the token the timer was set with; stale tokens are ignored
   * @return the retransmissions and the new timer, or nothing if the timer is stale
   */
  public List<Action> onTimer(TimerKind kind, long token) {
    if (kind != TimerKind.CLIENT_RETRY || token != timerToken || !busy) {
      return List.of();
    }
    List<Action> out = new ArrayList<>();
    if (readOnly) {
      // The local answers disagreed or were too few: order the read like any other request.
      readOnly = false;
      clearReplies();
      frame = requestFrame();
    }
    sendAll(out);
    out.add(new Action.SetTimer(TimerKind.CLIENT_RETRY, ++timerToken, config.clientRetryTimeout()));
    return out;
  }

  /**
   * A message arrived; only authentic REPLYs for the outstanding request count.
   *
   * @param from the sender
   * @param message the received frame
   * @return the actions to carry out, e.g. the completion once enough replies agree
   */
  public List<Action> onMessage(NodeId from, Bytes message) {
    Frame f;
    try {
      f = Frame.parse(message, config.maxMessageBytes());
    } catch (InvalidPbftMessageException e) {
      return reject(Rejection.MALFORMED);
    }
    return onFrame(f, message);
  }

  /**
   * The signing key this client's requests carry, as replies name it (ClientGroup routes on it).
   */
  ByteString wireSigningKey() {
    return wireIdentity.getSigningKey().getKey();
  }

  /** {@link #onMessage} after the frame was parsed (once, by this client or its ClientGroup). */
  List<Action> onFrame(Frame f, Bytes message) {
    if (f.body.getKindCase() != PbftProto.PbftBody.KindCase.REPLY) {
      return reject(Rejection.UNEXPECTED_KIND);
    }
    int sender = f.sender();
    if (sender >= config.size()) {
      return reject(Rejection.UNKNOWN_SENDER);
    }
    // The cheap checks first: the replies after the f + 1st (two of four with f = 1) arrive when
    // the request is done, and checking their authenticators would be wasted work. A reply that
    // fails here changes nothing, authentic or not.
    PbftProto.PbftReply reply = f.body.getReply();
    if (!busy
        || reply.getTimestamp() != timestamp
        || !reply.getClientBytes().equals(wireAddress)
        || !reply.getClientKey().getKey().equals(wireIdentity.getSigningKey().getKey())
        || reply.getReadOnly() != readOnly) {
      return reject(Rejection.STALE);
    }
    // With signatures only a signed reply counts: a MAC convinces this client alone, and the
    // replies that complete a request are its transferable proof (lastReplyProof).
    boolean signedReply = f.isSigned() || f.proof != null;
    boolean authentic =
        signedReply
            ? ReplyProof.authentic(f, verifiers, config.maxMessageBytes())
            : config.authMode() == AuthMode.MAC_AUTHENTICATORS
                && f.tags.size() == 1
                && f.verifyTag(0, channels.get(sender));
    if (!authentic) {
      return reject(Rejection.BAD_AUTHENTICATOR);
    }
    Bytes result = Codec.bytes(reply.getResult());
    replies[sender] = result;
    replyFrames[sender] = message;
    replyViews[sender] = reply.getView();
    int matching = 0;
    for (Bytes r : replies) {
      if (result.equals(r)) {
        matching++;
      }
    }
    int needed = readOnly ? config.quorum() : config.f() + 1;
    if (matching < needed) {
      return List.of();
    }
    view = agreedView().orElse(view);
    busy = false;
    timerToken++;
    List<Bytes> proof = new ArrayList<>();
    for (int i = 0; i < config.size(); i++) {
      if (result.equals(replies[i])) {
        proof.add(replyFrames[i]);
      }
    }
    lastProof = List.copyOf(proof);
    clearReplies();
    return List.of(new Action.Completed(timestamp, result));
  }

  /**
   * A view above this client's that f + 1 replicas (distinct, one reply each) reported for the
   * request: at least one of them is correct, so the group reached it. The highest such view, if
   * any; one replica's reply, whatever view it names, moves nothing.
   */
  private Optional<Long> agreedView() {
    Optional<Long> best = Optional.empty();
    for (int i = 0; i < replyViews.length; i++) {
      long v = replyViews[i];
      if (replies[i] == null || v <= view || (best.isPresent() && v <= best.get())) {
        continue;
      }
      int c = 0;
      for (int j = 0; j < replyViews.length; j++) {
        c += replies[j] != null && replyViews[j] == v ? 1 : 0;
      }
      if (c >= config.f() + 1) {
        best = Optional.of(v);
      }
    }
    return best;
  }

  private void clearReplies() {
    Arrays.fill(replies, null);
    Arrays.fill(replyFrames, null);
    Arrays.fill(replyViews, 0);
  }

  private List<Action> reject(Rejection r) {
    rejections.merge(r, 1L, Long::sum);
    return List.of();
  }
}
