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
    }
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
