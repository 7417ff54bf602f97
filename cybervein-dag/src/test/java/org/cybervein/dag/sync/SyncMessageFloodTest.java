package org.cybervein.dag.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.MessageHandler;
import org.cybervein.api.net.Transport;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.testing.HostileInput;
import org.cybervein.dag.Dag;
import org.cybervein.dag.DagConfig;
import org.cybervein.dag.certification.ValidatorSet;
import org.cybervein.dag.store.InMemoryUnitStore;
import org.cybervein.dag.testing.TestUnits;
import org.cybervein.dag.tips.UniformTipSelector;
import org.cybervein.testing.ManualClock;
import org.junit.jupiter.api.Test;

/**
 * A sync node counts what does not decode as malformed instead of throwing; a flood of unknown
 * fields is counted with memory in proportion to it.
 */
class SyncMessageFloodTest {
  /** Stands for "the node counted the message as malformed", its documented outcome. */
  private static final class CountedMalformed extends Exception {
    private static final long serialVersionUID = 1L;
  }

  private static final NodeId SELF = NodeId.of("a");
  private static final NodeId PEER = NodeId.of("b");

  @Test
  void aFloodOfUnknownFieldsIsCountedMalformedWithMemoryInProportionToIt() {
    ManualClock clock = new ManualClock(Instant.EPOCH);
    Transport silent =
        new Transport() {
          @Override
          public NodeId localNode() {
            return SELF;
          }

          @Override
          public void send(NodeId to, Bytes message) {}

          @Override
          public void register(MessageHandler handler) {}
        };
    Dag dag =
        Dag.open(
            DagConfig.of(TestUnits.GENESIS, ValidatorSet.of(List.of(TestUnits.key(7).publicKey()))),
            new InMemoryUnitStore(),
            clock,
            Runnable::run,
            1);
    // No rate limit in the way: the flood must reach the decoder.
    SyncConfig config =
        new SyncConfig(4, 64, 4096, Duration.ofMillis(500), Long.MAX_VALUE / 4, 1L << 40);
    DagNode node =
        new DagNode(
            dag,
            silent,
            clock,
            DeterministicRandom.fromSeed(1L),
            List.of(PEER),
            config,
            new UniformTipSelector());
    HostileInput.of(
            "DAG sync message",
            CountedMalformed.class,
            b -> {
              long before = node.stats().messagesMalformed();
              node.handle(PEER, b);
              if (node.stats().messagesMalformed() == before) {
                return b;
              }
              throw new CountedMalformed();
            })
        .refusesUnknownFieldFloods(Bytes.EMPTY, 1 << 20);
  }
}
