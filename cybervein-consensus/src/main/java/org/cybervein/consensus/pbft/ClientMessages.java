package org.cybervein.consensus.pbft;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.PublicKey;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.v1.PbftProto;
import org.cybervein.consensus.pbft.auth.MacChannel;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.agreement.X25519PublicKey;
import org.cybervein.crypto.sign.Ed25519Verifier;

/**
 * How a replica's normal case reads client REQUESTs and writes REPLYs: decoding a request (with the
 * client identities it decoded before), authenticating it (with cached verifiers and MAC channels),
 * and answering, one REPLY at a time or a whole batch under one signed statement. The caches are
 * bounded by count, since any client can make a replica fill them.
 */
final class ClientMessages {
  private static final int CLIENT_CACHE = 4096;

  private final ReplicaState s;
  private final LinkedHashMap<Bytes, MacChannel> clientChannels = lru();
  private final LinkedHashMap<PublicKey, Ed25519Verifier> clientVerifiers = lru();
  // Decoded client identities by their wire form: decoding checks the address pattern and both
  // keys, which cost more than the rest of a request's handling.
  private final LinkedHashMap<PbftProto.PbftClient, PeerIdentity> identities = lru();

  ClientMessages(ReplicaState state) {
    this.s = state;
  }

  private static <K, V> LinkedHashMap<K, V> lru() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > CLIENT_CACHE;
      }
    };
  }

  Request decodeRequest(Frame f) throws InvalidPbftMessageException {
    if (f.body.getKindCase() != PbftProto.PbftBody.KindCase.REQUEST) {
      throw new InvalidPbftMessageException(
          InvalidPbftMessageException.Reason.MALFORMED, "not a request");
    }
    if (f.raw.size() > s.config.maxRequestBytes()) {
      throw new InvalidPbftMessageException(
          InvalidPbftMessageException.Reason.OVERSIZED, "request too large");
    }
    PbftProto.PbftRequest r = f.body.getRequest();
    if (!r.hasClient()) {
      throw new InvalidPbftMessageException(
          InvalidPbftMessageException.Reason.MISSING_FIELD, "no client");
    }
    PbftProto.PbftClient c = r.getClient();
    PeerIdentity client = identities.get(c);
    if (client == null) {
      client = decodeClient(c);
      identities.put(c, client);
    }
    return new Request(
        client,
        Codec.nonNegative(r.getTimestamp(), "timestamp"),
        Codec.bytes(r.getOperation()),
        r.getReadOnly(),
        f.raw);
  }

  /**
   * Checks that {@code raw} is a request a batch may carry: a REQUEST frame within the request size
   * limit, with a well-formed client identity, not read-only. Needs no replica state, so a
   * VIEW-CHANGE's batches are checked with it before anything accepts them; client authenticators
   * are not checked here (a batch that f + 1 replicas prepared had them checked by a correct one).
   */
  static void checkBatchRequest(Bytes raw, ReplicaConfig config)
      throws InvalidPbftMessageException {
    if (raw.size() > config.maxRequestBytes()) {
      throw new InvalidPbftMessageException(
          InvalidPbftMessageException.Reason.OVERSIZED, "request too large");
    }
    Frame f = Frame.parse(raw, config.maxRequestBytes());
    if (f.body.getKindCase() != PbftProto.PbftBody.KindCase.REQUEST) {
      throw new InvalidPbftMessageException(
          InvalidPbftMessageException.Reason.MALFORMED, "not a request");
    }
    PbftProto.PbftRequest r = f.body.getRequest();
    if (!r.hasClient() || r.getReadOnly()) {
      throw new InvalidPbftMessageException(
          InvalidPbftMessageException.Reason.MALFORMED, "no client, or read-only in a batch");
    }
    decodeClient(r.getClient());
    Codec.nonNegative(r.getTimestamp(), "timestamp");
  }

  private static PeerIdentity decodeClient(PbftProto.PbftClient c)
      throws InvalidPbftMessageException {
    PublicKey signingKey = Codec.signingKey(c.getSigningKey(), c.hasSigningKey());
    X25519PublicKey agreementKey;
    try {
      agreementKey = X25519PublicKey.decode(Codec.bytes(c.getAgreementKey()));
    } catch (InvalidCryptoInputException e) {
      throw new InvalidPbftMessageException(
          InvalidPbftMessageException.Reason.MALFORMED, "agreement key");
    }
    return new PeerIdentity(Codec.nodeId(c.getAddress()), signingKey, agreementKey);
  }

  boolean authenticClient(Frame f, Request r) {
    if (s.config.authMode() == AuthMode.SIGNATURES) {
      Ed25519Verifier v = clientVerifiers.get(r.client().signingKey());
      if (v == null) {
        try {
          v = Ed25519Verifier.of(r.client().signingKey());
        } catch (InvalidCryptoInputException e) {
          return false;
        }
        clientVerifiers.put(r.client().signingKey(), v);
      }
      return f.verifySignature(v);
    }
    MacChannel ch = clientChannel(r.client());
    return ch != null && f.tags.size() == s.config.size() && f.verifyTag(s.index, ch);
  }

  private MacChannel clientChannel(PeerIdentity client) {
    Bytes key = client.agreementKey().bytes();
    MacChannel ch = clientChannels.get(key);
    if (ch == null) {
      try {
        ch = MacChannel.agree(s.keys.agreementKey(), client.agreementKey());
      } catch (InvalidCryptoInputException e) {
        return null;
      }
      clientChannels.put(key, ch);
    }
    return ch;
  }

  Action reply(PeerIdentity client, long t, Bytes result, boolean readOnly) {
    PbftProto.PbftBody body = replyBody(client, t, result, readOnly);
    Frame f;
    MacChannel ch;
    if (s.config.authMode() == AuthMode.SIGNATURES || (ch = clientChannel(client)) == null) {
      f = Frame.signed(body, s.keys.signingKey());
    } else {
      f = Frame.macked(body, List.of(ch));
    }
    return new Action.Send(client.node(), f.raw);
  }

  /**
   * The REPLYs of one executed batch with signatures: one signed statement over all of them (a
   * Merkle root, see {@link ReplyTree}) instead of one signature per REPLY; each client gets its
   * REPLY with the statement and its audit path.
   */
  void replyToBatch(SequenceNumber n, List<PeerIdentity> to, List<Bytes> bodies, List<Action> out) {
    if (bodies.isEmpty()) {
      return;
    }
    List<Hash> leaves = new ArrayList<>(bodies.size());
    for (Bytes b : bodies) {
      leaves.add(ReplyTree.leaf(b));
    }
    ReplyTree tree = ReplyTree.of(leaves);
    Frame statement =
        s.signed(
            PbftProto.PbftBody.newBuilder()
                .setReplyStatement(
                    PbftProto.PbftReplyStatement.newBuilder()
                        .setView(s.view.value())
                        .setSequence(n.value())
                        .setRoot(Codec.hash(tree.root))
                        .setCount(bodies.size())));
    ByteString statementBytes = Codec.bs(statement.raw);
    for (int i = 0; i < bodies.size(); i++) {
      PbftProto.PbftReplyProof.Builder proof =
          PbftProto.PbftReplyProof.newBuilder().setStatement(statementBytes).setIndex(i);
      for (Hash h : tree.paths.get(i)) {
        proof.addPath(Codec.hash(h));
      }
      out.add(new Action.Send(to.get(i).node(), Frame.proven(bodies.get(i), proof.build())));
    }
  }

  PbftProto.PbftBody replyBody(PeerIdentity client, long t, Bytes result, boolean readOnly) {
    return PbftProto.PbftBody.newBuilder()
        .setSender(s.index)
        .setReply(
            PbftProto.PbftReply.newBuilder()
                .setView(s.view.value())
                .setTimestamp(t)
                .setClient(client.node().value())
                .setClientKey(ApiTypesCodec.toProto(client.signingKey()))
                .setResult(Codec.bs(result))
                .setReadOnly(readOnly))
        .build();
  }
}
