package org.cybervein.consensus.pbft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.sim.SimulatedNetwork;
import org.cybervein.api.store.InMemoryKeyValueStore;
import org.cybervein.consensus.pbft.LogContract.Outcome;
import org.cybervein.consensus.pbft.host.ClientHost;
import org.cybervein.consensus.pbft.host.PbftNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract insertion as an {@link Action.InsertLog} the host carries out: the core offers each
 * checked certificate, learns what the contract holds only from {@link Replica#onInsertion}, and
 * offers again at each retransmission interval until it is told.
 */
class ContractInsertionTest {
  private static final long SEED = Long.getLong("pbft.seed", 20261207L);

  /** The fixture's replica executed log 1; returns its UPLOAD {@code <1, d>}. */
  private static Upload executeLogOne(Fixture fx) {
    for (Action a : fx.commitSlot(0, 1, List.of(fx.request(1, "a", false)))) {
      if (a instanceof Action.Executed e) {
        return Upload.of(new OperationLog(e.sequence(), e.operations()));
      }
    }
    throw new AssertionError("log 1 not executed");
  }

  /** Another replica's genuine UPLOAD, handed to the core with no host in between. */
  private static List<Action> uploadFrom(Fixture fx, Upload u, int replica) {
    return fx.replica.onMessage(
        fx.config.node(replica),
        SignedUpload.sign(u, replica, fx.keys.get(replica).signingKey()).frame());
  }

  @ParameterizedTest
  @EnumSource(AuthMode.class)
  void fPlusOneEqualUploadsBecomeOneOfferOfTheCheckedCertificate(AuthMode mode) throws Exception {
    Fixture fx = new Fixture(mode, 1);
    Upload own = executeLogOne(fx);
    List<Action.InsertLog> offered = Fixture.insertions(uploadFrom(fx, own, 3));
    assertEquals(1, offered.size());
    Action.InsertLog insert = offered.get(0);
    assertEquals(SequenceNumber.of(1), insert.sequence());
    assertEquals(fx.config.f() + 1, insert.uploads().size());
    OperationLog log =
        UploadCertificate.check(
            fx.config, ReplicaVerifiers.of(fx.config), 1, insert.uploads(), insert.log());
    assertEquals(own, Upload.of(log), "every upload offered verifies, with the executed log");
    assertEquals(Optional.empty(), fx.contract.entry(1), "the core inserted nothing itself");
    assertEquals(
        List.of(), Fixture.insertions(uploadFrom(fx, own, 2)), "a certified log is offered once");
  }

  @Test
  void anOfferNeverAnsweredIsRepeatedEveryRetransmissionInterval() {
    Fixture fx = new Fixture(AuthMode.SIGNATURES, 1);
    long token = Fixture.retransmitToken(fx.replica.start());
    Upload own = executeLogOne(fx);
    Action.InsertLog first = Fixture.insertions(uploadFrom(fx, own, 3)).get(0);
    for (int tick = 0; tick < 3; tick++) {
      List<Action> out = fx.replica.onTimer(TimerKind.RETRANSMIT, token);
      assertEquals(List.of(first), Fixture.insertions(out), "offered again at tick " + tick);
      token = Fixture.retransmitToken(out);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Outcome.class,
      names = {"INSERTED", "ALREADY_PRESENT", "REJECTED"})
  void anyReportedOutcomeEndsTheOffers(Outcome outcome) {
    Fixture fx = new Fixture(AuthMode.SIGNATURES, 1);
    long token = Fixture.retransmitToken(fx.replica.start());
    Upload own = executeLogOne(fx);
    Action.InsertLog offer = Fixture.insertions(uploadFrom(fx, own, 3)).get(0);
    assertEquals(List.of(), fx.replica.onInsertion(offer.sequence(), outcome));
    List<Action> out = fx.replica.onTimer(TimerKind.RETRANSMIT, token);
    assertEquals(List.of(), Fixture.insertions(out));
    assertEquals(
        List.of(),
        Fixture.insertions(fx.replica.onTimer(TimerKind.RETRANSMIT, Fixture.retransmitToken(out))));
  }

  @Test
  void aLogTheHostSaysIsHeldIsNeitherOfferedNorChecked() {
    Fixture fx = new Fixture(AuthMode.SIGNATURES, 1);
    long token = Fixture.retransmitToken(fx.replica.start());
    Upload own = executeLogOne(fx);
    fx.replica.onInsertion(SequenceNumber.of(1), Outcome.ALREADY_PRESENT);
    Bytes genuine = SignedUpload.sign(own, 3, fx.keys.get(3).signingKey()).frame();
    byte[] forged = genuine.toByteArray();
    forged[forged.length - 1] ^= 1;
    List<Action> out = fx.replica.onMessage(fx.config.node(3), Bytes.of(forged));
    assertEquals(List.of(), Fixture.insertions(out));
    assertEquals(0, fx.rejected(Rejection.BAD_AUTHENTICATOR), "settled without a check");
    assertEquals(List.of(), Fixture.insertions(fx.replica.onTimer(TimerKind.RETRANSMIT, token)));
  }

  @Test
  void offersEndWhenTheLogFallsBelowTheStableCheckpoint() {
    Fixture fx = new Fixture(AuthMode.SIGNATURES, 1);
    long token = Fixture.retransmitToken(fx.replica.start());
    Upload own = executeLogOne(fx);
    assertEquals(1, Fixture.insertions(uploadFrom(fx, own, 3)).size());
    List<Action> out = new ArrayList<>();
    for (int n = 2; n <= 4; n++) {
      out.addAll(fx.commitSlot(0, n, List.of(fx.request(n, "op" + n, false))));
    }
    Bytes checkpoint = null;
    for (Action a : out) {
      if (a instanceof Action.Send s) {
        try {
          Frame f = Frame.parse(s.message(), Integer.MAX_VALUE);
          if (f.body.getKindCase()
              == org.cybervein.api.wire.v1.PbftProto.PbftBody.KindCase.CHECKPOINT) {
            checkpoint = s.message();
          }
        } catch (InvalidPbftMessageException e) {
          throw new AssertionError(e);
        }
      }
    }
    assertTrue(checkpoint != null, "checkpoint at 4 taken");
    Frame mine;
    try {
      mine = Frame.parse(checkpoint, Integer.MAX_VALUE);
    } catch (InvalidPbftMessageException e) {
      throw new AssertionError(e);
    }
    for (int i : new int[] {0, 2}) {
      fx.deliver(
          fx.signedFrom(
              i,
              org.cybervein.api.wire.v1.PbftProto.PbftBody.newBuilder()
                  .setCheckpoint(mine.body.getCheckpoint())));
    }
    assertEquals(4, fx.replica.stableCheckpoint());
    assertEquals(List.of(), Fixture.insertions(fx.replica.onTimer(TimerKind.RETRANSMIT, token)));
  }

  /**
   * A checkpoint travels as fast as the UPLOADs: when it became stable before f + 1 uploads of a
   * log met, the log used to be dropped with everything below the checkpoint, and no replica ever
   * offered it to the contract (PbftDemo, seed 4). The replica keeps its uncertified logs of the
   * last interval and still takes their uploads.
   */
  @Test
  void aLogWhoseCheckpointBecameStableBeforeItsUploadsMetIsStillOffered() {
    Fixture fx = new Fixture(AuthMode.SIGNATURES, 1);
    List<Action> out = new ArrayList<>();
    for (int n = 1; n <= 4; n++) {
      out.addAll(fx.commitSlot(0, n, List.of(fx.request(n, "op" + n, false))));
    }
    Upload four = null;
    Frame mine = null;
    for (Action a : out) {
      if (a instanceof Action.Executed e && e.sequence() == 4) {
        four = Upload.of(new OperationLog(e.sequence(), e.operations()));
      }
      if (a instanceof Action.Send send) {
        try {
          Frame f = Frame.parse(send.message(), Integer.MAX_VALUE);
          if (f.body.getKindCase()
              == org.cybervein.api.wire.v1.PbftProto.PbftBody.KindCase.CHECKPOINT) {
            mine = f;
          }
        } catch (InvalidPbftMessageException e) {
          throw new AssertionError(e);
        }
      }
    }
    assertTrue(four != null && mine != null, "log 4 executed and its checkpoint taken");
    for (int i : new int[] {0, 2}) {
      fx.deliver(
          fx.signedFrom(
              i,
              org.cybervein.api.wire.v1.PbftProto.PbftBody.newBuilder()
                  .setCheckpoint(mine.body.getCheckpoint())));
    }
    assertEquals(4, fx.replica.stableCheckpoint(), "stable before any other replica's upload");
    List<Action.InsertLog> offered = Fixture.insertions(uploadFrom(fx, four, 3));
    assertEquals(1, offered.size(), "the upload still certifies the log");
    assertEquals(SequenceNumber.of(4), offered.get(0).sequence());
    assertEquals(0, fx.rejected(Rejection.STALE));
    fx.replica.checkInvariants();
  }

  /**
   * {@link org.cybervein.consensus.pbft.host.ReplicaHost} carries the action out: every agreed log
   * lands in the contract, each insertion the host makes is new there (it asks before inserting),
   * and nothing the replicas offer is refused.
   */
  @Test
  void theReplicaHostInsertsEachAgreedLogOnce() {
    SimulatedNetwork net = SimulatedNetwork.builder(SEED).traceCapacity(0).build();
    DeterministicRandom random = DeterministicRandom.fromSeed(SEED);
    List<NodeKeys> keys = new ArrayList<>();
    List<PeerIdentity> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      keys.add(NodeKeys.generate(random));
      ids.add(keys.get(i).identity(NodeId.of("r" + i)));
    }
    ReplicaConfig config = ReplicaConfig.of(ids, AuthMode.SIGNATURES).withCheckpoints(4, 16);
    TestContract inner = new TestContract(config);
    List<Outcome> outcomes = new ArrayList<>();
    LogContract counting =
        new LogContract() {
          @Override
          public Outcome insert(long sequence, List<SignedUpload> uploads, Bytes log) {
            Outcome o = inner.insert(sequence, uploads, log);
            outcomes.add(o);
            return o;
          }

          @Override
          public boolean contains(long sequence) {
            return inner.contains(sequence);
          }

          @Override
          public Optional<OperationLog> entry(long sequence) {
            return inner.entry(sequence);
          }
        };
    TreeMap<Long, List<LoggedOperation>> agreed = new TreeMap<>();
    for (int i = 0; i < 4; i++) {
      net.addNode(
          config.node(i),
          PbftNodes.replica(
              config,
              i,
              keys.get(i),
              CounterMachine::new,
              counting,
              new InMemoryKeyValueStore(),
              h -> {},
              e -> agreed.putIfAbsent(e.sequence(), e.operations())));
    }
    List<ClientHost> clients = new ArrayList<>();
    net.addNode(
        NodeId.of("c0"),
        PbftNodes.client(
            config, NodeKeys.generate(DeterministicRandom.fromSeed(SEED + 1)), 1, clients::add));
    int[] done = {0};
    for (int j = 0; j < 12; j++) {
      clients.get(0).submit(Bytes.utf8("op-" + j), r -> done[0]++);
    }
    assertTrue(net.runUntil(() -> done[0] == 12, Duration.ofSeconds(30)), "operations complete");
    net.runFor(Duration.ofSeconds(1));
    assertEquals(agreed.keySet(), inner.logs().keySet(), "each agreed log landed");
    Set<Outcome> seen = new HashSet<>(outcomes);
    assertEquals(Set.of(Outcome.INSERTED), seen, "the host never re-inserts what is held");
    assertEquals(agreed.size(), outcomes.size(), "one insertion per log");
    assertEquals(0, inner.rejected);
  }
}
