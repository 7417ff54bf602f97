package org.cybervein.consensus.pbft;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.store.InMemoryKeyValueStore;
import org.cybervein.api.wire.ApiTypesCodec;
import org.cybervein.api.wire.v1.PbftProto;
import org.cybervein.consensus.pbft.auth.MacChannel;
import org.cybervein.crypto.InvalidCryptoInputException;

/**
 * Four replicas' keys and one replica core under test (replica 1, a backup in view 0), with helpers
 * that build frames as the other replicas and a client would. Delivering a message also plays the
 * host's part in contract insertion: each {@link Action.InsertLog} the replica returns is inserted
 * into {@link #contract} and its outcome reported back.
 */
final class Fixture {
  final ReplicaConfig config;
  final List<NodeKeys> keys = new ArrayList<>();
  final NodeKeys clientKeys;
  final NodeId clientNode = NodeId.of("client");
  final CounterMachine machine = new CounterMachine();
  final TestContract contract;
  final InMemoryKeyValueStore store = new InMemoryKeyValueStore();
  final Replica replica;
  final int me;

  Fixture(AuthMode mode, int me) {
    this(mode, me, c -> c);
  }

  Fixture(AuthMode mode, int me, java.util.function.UnaryOperator<ReplicaConfig> tune) {
    DeterministicRandom random = DeterministicRandom.fromSeed(77L);
    List<PeerIdentity> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      keys.add(NodeKeys.generate(random));
      ids.add(keys.get(i).identity(NodeId.of("r" + i)));
    }
    clientKeys = NodeKeys.generate(random);
    config = tune.apply(ReplicaConfig.of(ids, mode).withCheckpoints(4, 8));
    contract = new TestContract(config);
    this.me = me;
    replica = new Replica(config, me, keys.get(me), machine, store);
  }

  /** A frame from replica {@code sender} authenticated as the mode prescribes. */
  Frame from(int sender, PbftProto.PbftBody.Builder body) {
    PbftProto.PbftBody b = body.setSender(sender).build();
    if (config.authMode() == AuthMode.SIGNATURES) {
      return Frame.signed(b, keys.get(sender).signingKey());
    }
    return Frame.macked(b, channelsOf(sender));
  }

  Frame signedFrom(int sender, PbftProto.PbftBody.Builder body) {
    return Frame.signed(body.setSender(sender).build(), keys.get(sender).signingKey());
  }

  List<MacChannel> channelsOf(int sender) {
    List<MacChannel> list = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      list.add(i == sender ? null : agree(keys.get(sender), keys.get(i)));
    }
    return list;
  }

  static MacChannel agree(NodeKeys a, NodeKeys b) {
    try {
      return MacChannel.agree(a.agreementKey(), b.agreementKey().publicKey());
    } catch (InvalidCryptoInputException e) {
      throw new AssertionError(e);
    }
  }

  /** A client request frame. */
  Bytes request(long t, String op, boolean readOnly) {
    return request(clientKeys, t, op, readOnly);
  }

  /** A request at the fixture client's address signed with {@code client}'s keys. */
  Bytes request(NodeKeys client, long t, String op, boolean readOnly) {
    PbftProto.PbftBody body =
        PbftProto.PbftBody.newBuilder()
            .setRequest(
                PbftProto.PbftRequest.newBuilder()
                    .setClient(
                        PbftProto.PbftClient.newBuilder()
                            .setAddress(clientNode.value())
                            .setSigningKey(ApiTypesCodec.toProto(client.signingKey().publicKey()))
                            .setAgreementKey(Codec.bs(client.agreementKey().publicKey().bytes())))
                    .setTimestamp(t)
                    .setOperation(Codec.bs(Bytes.utf8(op)))
                    .setReadOnly(readOnly))
            .build();
    if (config.authMode() == AuthMode.SIGNATURES) {
      return Frame.signed(body, client.signingKey()).raw;
    }
    List<MacChannel> list = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      list.add(agree(client, keys.get(i)));
    }
    return Frame.macked(body, list).raw;
  }

  PbftProto.PbftBody.Builder prePrepare(long v, long n, List<Bytes> requests) {
    return prePrepare(v, n, Digests.batch(requests), requests);
  }

  PbftProto.PbftBody.Builder prePrepare(long v, long n, Hash d, List<Bytes> requests) {
    PbftProto.PbftPrePrepare.Builder pp =
        PbftProto.PbftPrePrepare.newBuilder().setView(v).setSequence(n).setDigest(Codec.hash(d));
    for (Bytes r : requests) {
      pp.addRequests(Codec.bs(r));
    }
    return PbftProto.PbftBody.newBuilder().setPrePrepare(pp);
  }

  PbftProto.PbftBody.Builder prepare(long v, long n, Hash d) {
    return PbftProto.PbftBody.newBuilder()
        .setPrepare(
            PbftProto.PbftPrepare.newBuilder().setView(v).setSequence(n).setDigest(Codec.hash(d)));
  }

  PbftProto.PbftBody.Builder commit(long v, long n, Hash d) {
    return PbftProto.PbftBody.newBuilder()
        .setCommit(
            PbftProto.PbftCommit.newBuilder().setView(v).setSequence(n).setDigest(Codec.hash(d)));
  }

  List<Action> deliver(Frame f) {
    return carryOut(replica.onMessage(config.node(f.sender()), f.raw));
  }

  List<Action> deliver(Bytes raw) {
    return carryOut(replica.onMessage(NodeId.of("anyone"), raw));
  }

  /** Inserts what the replica offers to the contract, as a host would; returns {@code actions}. */
  List<Action> carryOut(List<Action> actions) {
    for (Action a : actions) {
      if (a instanceof Action.InsertLog i) {
        long n = i.sequence().value();
        LogContract.Outcome outcome =
            contract.contains(n)
                ? LogContract.Outcome.ALREADY_PRESENT
                : contract.insert(n, i.uploads(), i.log());
        replica.onInsertion(i.sequence(), outcome);
      }
    }
    return actions;
  }

  /** Inserts log n into the contract as another member would, and tells the replica. */
  void insertedByAnother(long n, java.util.List<SignedUpload> uploads, Bytes log) {
    contract.insert(n, uploads, log);
    replica.onInsertion(SequenceNumber.of(n), LogContract.Outcome.ALREADY_PRESENT);
  }

  long rejected(Rejection r) {
    return replica.rejections().getOrDefault(r, 0L);
  }

  /** The kinds of the frames this replica sends in {@code actions}. */
  static List<PbftProto.PbftBody.KindCase> sentKinds(List<Action> actions) {
    List<PbftProto.PbftBody.KindCase> kinds = new ArrayList<>();
    for (Action a : actions) {
      if (a instanceof Action.Send s) {
        try {
          kinds.add(Frame.parse(s.message(), Integer.MAX_VALUE).body.getKindCase());
        } catch (InvalidPbftMessageException e) {
          throw new AssertionError(e);
        }
      }
    }
    return kinds;
  }

  /** The token of the last retransmission timer armed in {@code actions}; fails if none was. */
  static long retransmitToken(List<Action> actions) {
    long token = -1;
    for (Action a : actions) {
      if (a instanceof Action.SetTimer t && t.kind() == TimerKind.RETRANSMIT) {
        token = t.token();
      }
    }
    assertTrue(token >= 0, "the retransmission timer is armed");
    return token;
  }

  /** The contract insertions among {@code actions}, in order. */
  static List<Action.InsertLog> insertions(List<Action> actions) {
    List<Action.InsertLog> out = new ArrayList<>();
    for (Action a : actions) {
      if (a instanceof Action.InsertLog i) {
        out.add(i);
      }
    }
    return out;
  }

  /** Drives slot n through prepare and commit from the other replicas. */
  List<Action> commitSlot(long v, long n, List<Bytes> requests) {
    List<Action> out = new ArrayList<>();
    Hash d = Digests.batch(requests);
    int primary = config.primary(v);
    if (primary != me) {
      out.addAll(deliver(from(primary, prePrepare(v, n, requests))));
    }
    for (int i = 0; i < 4; i++) {
      if (i != me && i != primary) {
        out.addAll(deliver(from(i, prepare(v, n, d))));
      }
    }
    for (int i = 0; i < 4; i++) {
      if (i != me) {
        out.addAll(deliver(from(i, commit(v, n, d))));
      }
    }
    return out;
  }
}
