package org.cybervein.consensus.pbft;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.MessageHandler;
import org.cybervein.api.net.Transport;
import org.cybervein.api.random.RandomSource;
import org.cybervein.api.wire.v1.PbftProto;
import org.cybervein.consensus.pbft.auth.MacChannel;
import org.cybervein.crypto.InvalidCryptoInputException;

/**
 * A {@link Transport} decorator that makes the honest core behind it Byzantine: it sees the core's
 * outgoing frames and incoming messages and drops, mutates, replays or forges as its {@link
 * Byzantine} behaviour says. It holds the replica's own keys, so what it makes is validly
 * authenticated by that replica (the strongest a faulty replica can do); what it makes in another
 * member's or a client's name can only carry wrong authenticators.
 */
final class ByzantineTransport implements Transport {
  private static final int MAX_RECORDED = 256;

  private final Transport inner;
  private final Byzantine behaviour;
  private final ReplicaConfig config;
  private final int index;
  private final NodeKeys keys;
  private final RandomSource random;
  private final List<MacChannel> channels;
  private final List<PeerIdentity> clients;
  private final List<Bytes> recorded = new ArrayList<>();
  private long forgeries;
  private boolean squatAddresses;

  ByzantineTransport(
      Transport inner,
      Byzantine behaviour,
      ReplicaConfig config,
      int index,
      NodeKeys keys,
      RandomSource random,
      List<PeerIdentity> clients) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.behaviour = behaviour;
    this.config = config;
    this.index = index;
    this.keys = keys;
    this.random = random;
    this.clients = List.copyOf(clients);
    this.channels = channelsFor(config, keys, index);
  }

  /** This replica's outbound MAC channels to every replica (null for itself). */
  static List<MacChannel> channelsFor(ReplicaConfig config, NodeKeys keys, int index) {
    List<MacChannel> list = new ArrayList<>();
    for (int j = 0; j < config.size(); j++) {
      if (j == index) {
        list.add(null);
        continue;
      }
      try {
        list.add(MacChannel.agree(keys.agreementKey(), config.replicas().get(j).agreementKey()));
      } catch (InvalidCryptoInputException e) {
        throw new IllegalStateException(e);
      }
    }
    return list;
  }

  @Override
  public NodeId localNode() {
    return inner.localNode();
  }

  @Override
  public void register(MessageHandler handler) {
    inner.register(
        (from, message) -> {
          record(message);
          handler.onMessage(from, message);
        });
  }

  @Override
  public void send(NodeId to, Bytes message) {
    switch (behaviour) {
      case SILENT -> {
        // nothing leaves
      }
      case EQUIVOCATE -> inner.send(to, equivocate(to, message));
      case REPLAY -> {
        inner.send(to, message);
        record(message);
        if (!recorded.isEmpty() && random.nextInt(3) == 0) {
          inner.send(randomReplica(), recorded.get(random.nextInt(recorded.size())));
        }
      }
      case MUTATE -> {
        int choice = random.nextInt(4);
        if (choice != 0) {
          inner.send(to, mutate(message));
        }
        if (choice != 1) {
          inner.send(to, message);
        }
      }
      case FORGE -> {
        inner.send(to, message);
        if (random.nextInt(3) == 0) {
          forge(to, message);
        }
      }
      case TWINS -> inner.send(to, message);
      case HUGE_VIEW -> {
        if (random.nextInt(4) == 0) {
          announceHugeView();
        }
      }
      case CORRUPT_BATCH -> inner.send(to, corruptBatch(message));
      case MAC_REPLY -> inner.send(to, macReply(to, message));
      case VIEW_TAG -> inner.send(to, viewTag(message));
      case UPLOAD_FLOOD -> {
        inner.send(to, message);
        if (random.nextInt(4) == 0) {
          floodUpload();
        }
      }
    }
  }

  // ---------------------------------------------------------------- issue 14 attacks

  private void announceHugeView() {
    long top = ViewChange.MAX_VIEW + random.nextInt(3) * (long) config.size();
    long v =
        top - Math.floorMod(top - index, (long) config.size()) - random.nextInt(4) * config.size();
    PbftProto.PbftBody body =
        ViewChange.body(
            index,
            v,
            new CheckpointCertificate(0, org.cybervein.api.Hash.ZERO, List.of()),
            List.of(),
            List.of(),
            java.util.Map.of());
    Bytes vc = Frame.signed(body, keys.signingKey()).raw;
    for (int j = 0; j < config.size(); j++) {
      if (j != index) {
        inner.send(config.node(j), vc);
      }
    }
  }

  /** The undecodable batch colluders claim at sequence n: equal bytes, so equal digests. */
  static List<Bytes> corruptBatchAt(long n) {
    return List.of(Bytes.utf8("not a request, n = " + n));
  }

  private Bytes corruptBatch(Bytes message) {
    Frame f = parse(message);
    if (f == null || f.body.getKindCase() != PbftProto.PbftBody.KindCase.VIEW_CHANGE) {
      return message;
    }
    PbftProto.PbftViewChange vc = f.body.getViewChange();
    long n = vc.getStable().getSequence() + config.watermarkWindow();
    for (PbftProto.PbftSlotClaim c : vc.getPreparedList()) {
      if (c.getSequence() == n) {
        return message;
      }
    }
    List<Bytes> batch = corruptBatchAt(n);
    PbftProto.PbftSlotClaim claim =
        new SlotClaim(n, SimulationCodec.batchDigest(batch), vc.getNewView() - 1).toProto();
    PbftProto.PbftBatch.Builder b = PbftProto.PbftBatch.newBuilder();
    batch.forEach(r -> b.addRequests(Codec.bs(r)));
    PbftProto.PbftViewChange forged =
        vc.toBuilder().addPrepared(claim).addBatches(b).addPrePrepared(claim).build();
    return Frame.signed(f.body.toBuilder().setViewChange(forged).build(), keys.signingKey()).raw;
  }

  private Bytes macReply(NodeId to, Bytes message) {
    Frame f = parse(message);
    if (f == null
        || f.body.getKindCase() != PbftProto.PbftBody.KindCase.REPLY
        || config.authMode() != AuthMode.SIGNATURES) {
      return message;
    }
    for (PeerIdentity c : clients) {
      if (c.node().equals(to)) {
        try {
          MacChannel ch = MacChannel.agree(keys.agreementKey(), c.agreementKey());
          return Frame.macked(f.body, List.of(ch)).raw;
        } catch (InvalidCryptoInputException e) {
          return message;
        }
      }
    }
    return message;
  }

  private Bytes viewTag(Bytes message) {
    Frame f = parse(message);
    if (f == null || f.body.getKindCase() != PbftProto.PbftBody.KindCase.REPLY) {
      return message;
    }
    long huge = random.nextInt(2) == 0 ? Long.MAX_VALUE - random.nextInt(8) : 1L << 40;
    PbftProto.PbftBody body =
        f.body.toBuilder().setReply(f.body.getReply().toBuilder().setView(huge)).build();
    if (f.isSigned() || f.proof != null) {
      return Frame.signed(body, keys.signingKey()).raw;
    }
    for (PeerIdentity c : clients) {
      if (c.node().value().equals(f.body.getReply().getClient())) {
        try {
          return Frame.macked(
                  body, List.of(MacChannel.agree(keys.agreementKey(), c.agreementKey())))
              .raw;
        } catch (InvalidCryptoInputException e) {
          return message;
        }
      }
    }
    return message;
  }

  private void floodUpload() {
    long n = 1 + random.nextInt(4 * config.watermarkWindow());
    OperationLog log =
        new OperationLog(
            n,
            List.of(
                new LoggedOperation(
                    new NodeId("flood"),
                    keys.signingKey().publicKey(),
                    n,
                    Bytes.of(new byte[16_384 + random.nextInt(49_152)]))));
    inner.send(
        randomReplica(), SignedUpload.sign(Upload.of(log), index, keys.signingKey()).frame());
  }

  /**
   * Also forges requests in a client's name under this replica's own key (address squatting), not
   * only under the client's key. Off by default: see {@code
   * PbftByzantineSimulationTest.aByzantineReplicaCannotSquatAClientsAddress}.
   */
  ByzantineTransport squattingAddresses() {
    squatAddresses = true;
    return this;
  }

  /** Forgeries sent so far (for the report of a run). */
  long forgeries() {
    return forgeries;
  }

  private void record(Bytes message) {
    if (recorded.size() < MAX_RECORDED) {
      recorded.add(message);
    } else {
      recorded.set(random.nextInt(MAX_RECORDED), message);
    }
  }

  private NodeId randomReplica() {
    return config.node(random.nextInt(config.size()));
  }

  private Frame parse(Bytes message) {
    try {
      return Frame.parse(message, Integer.MAX_VALUE);
    } catch (InvalidPbftMessageException e) {
      return null;
    }
  }

  /** The body authenticated as this replica would: signed if the original was, else MACed. */
  private Bytes authenticate(Frame original, PbftProto.PbftBody body) {
    if (original.isSigned()) {
      return Frame.signed(body, keys.signingKey()).raw;
    }
    if (original.tags.size() != config.size()) {
      return null; // a reply's authenticator is for a client: leave those alone
    }
    return Frame.macked(body, channels).raw;
  }

  // ---------------------------------------------------------------- equivocation

  private Bytes equivocate(NodeId to, Bytes message) {
    Frame f = parse(message);
    if (f == null || f.body.getKindCase() != PbftProto.PbftBody.KindCase.PRE_PREPARE) {
      return message;
    }
    // Half of the backups (by index parity) get another batch for the same (v, n).
    int receiver = config.indexOf(to).orElse(-1);
    if (receiver < 0 || receiver % 2 == 0) {
      return message;
    }
    PbftProto.PbftPrePrepare pp = f.body.getPrePrepare();
    List<Bytes> requests = new ArrayList<>();
    pp.getRequestsList().forEach(r -> requests.add(Codec.bytes(r)));
    List<Bytes> other = new ArrayList<>(requests);
    if (other.size() > 1) {
      java.util.Collections.reverse(other);
    } else {
      other.clear();
    }
    PbftProto.PbftPrePrepare.Builder alt =
        pp.toBuilder().clearRequests().setDigest(Codec.hash(SimulationCodec.batchDigest(other)));
    other.forEach(r -> alt.addRequests(Codec.bs(r)));
    Bytes out = authenticate(f, f.body.toBuilder().setPrePrepare(alt).build());
    return out == null ? message : out;
  }

  // ---------------------------------------------------------------- mutation

  private Bytes mutate(Bytes message) {
    Frame f = parse(message);
    if (f == null) {
      return message;
    }
    int delta = random.nextInt(2) == 0 ? 1 : -1;
    boolean viewField = random.nextInt(2) == 0;
    PbftProto.PbftBody.Builder b = f.body.toBuilder();
    switch (f.body.getKindCase()) {
      case PRE_PREPARE -> {
        var m = b.getPrePrepareBuilder();
        if (viewField) {
          m.setView(bump(m.getView(), delta));
        } else {
          m.setSequence(bump(m.getSequence(), delta));
        }
      }
      case PREPARE -> {
        var m = b.getPrepareBuilder();
        if (viewField) {
          m.setView(bump(m.getView(), delta));
        } else {
          m.setSequence(bump(m.getSequence(), delta));
        }
      }
      case COMMIT -> {
        var m = b.getCommitBuilder();
        if (viewField) {
          m.setView(bump(m.getView(), delta));
        } else {
          m.setSequence(bump(m.getSequence(), delta));
        }
      }
      case CHECKPOINT -> {
        var m = b.getCheckpointBuilder();
        m.setSequence(bump(m.getSequence(), delta));
      }
      case VIEW_CHANGE -> {
        var m = b.getViewChangeBuilder();
        m.setNewView(bump(m.getNewView(), delta));
      }
      case NEW_VIEW -> {
        var m = b.getNewViewBuilder();
        m.setView(bump(m.getView(), delta));
      }
      case UPLOAD -> {
        var m = b.getUploadBuilder();
        m.setSequence(bump(m.getSequence(), delta));
      }
      default -> {
        return message;
      }
    }
    Bytes out = authenticate(f, b.build());
    return out == null ? message : out;
  }

  private static long bump(long value, int delta) {
    return value == 0 && delta < 0 ? 1 : value + delta;
  }

  // ---------------------------------------------------------------- forgery

  private void forge(NodeId to, Bytes message) {
    forgeries++;
    Frame f = parse(message);
    switch (random.nextInt(3)) {
      case 0 -> {
        // The same message with one authenticator bit flipped.
        byte[] raw = message.toByteArray();
        raw[raw.length - 1 - random.nextInt(Math.min(16, raw.length))] ^=
            (byte) (1 << random.nextInt(8));
        inner.send(to, Bytes.of(raw));
      }
      case 1 -> {
        // The message in another member's name, authenticated with this replica's own keys.
        if (f != null && config.size() > 1) {
          int other = (index + 1 + random.nextInt(config.size() - 1)) % config.size();
          Bytes out = authenticate(f, f.body.toBuilder().setSender(other).build());
          if (out != null) {
            inner.send(to, out);
          }
        }
      }
      default -> {
        // A request in a real client's name that the client never made: with the client's own
        // key (so the authenticator cannot verify) or with this replica's key (so only a binding
        // of client addresses to keys stops it).
        if (!clients.isEmpty()) {
          PeerIdentity victim = clients.get(random.nextInt(clients.size()));
          boolean victimsKeys = !squatAddresses || random.nextInt(2) == 0;
          PbftProto.PbftBody body =
              PbftProto.PbftBody.newBuilder()
                  .setRequest(
                      PbftProto.PbftRequest.newBuilder()
                          .setClient(
                              PbftProto.PbftClient.newBuilder()
                                  .setAddress(victim.node().value())
                                  .setSigningKey(
                                      org.cybervein.api.wire.ApiTypesCodec.toProto(
                                          victimsKeys
                                              ? victim.signingKey()
                                              : keys.signingKey().publicKey()))
                                  .setAgreementKey(
                                      Codec.bs(
                                          victimsKeys
                                              ? victim.agreementKey().bytes()
                                              : keys.agreementKey().publicKey().bytes())))
                          .setTimestamp(1L << 40 | forgeries)
                          .setOperation(Codec.bs(Bytes.utf8("forged-" + forgeries))))
                  .build();
          Bytes out =
              config.authMode() == AuthMode.SIGNATURES
                  ? Frame.signed(body, keys.signingKey()).raw
                  : Frame.macked(body, channels).raw;
          for (int j = 0; j < config.size(); j++) {
            inner.send(config.node(j), out);
          }
        }
      }
    }
  }
}
