package org.cybervein.fl.alignment;

import java.util.List;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.MessageHandler;
import org.cybervein.api.net.Transport;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.api.testing.HostileInput;
import org.junit.jupiter.api.Test;

/**
 * A party drops what does not decode instead of throwing; a flood of unknown fields is dropped with
 * memory in proportion to it.
 */
class AlignmentFloodTest {
  /** Stands for "the party dropped the message", the documented outcome of a bad message. */
  private static final class Dropped extends Exception {
    private static final long serialVersionUID = 1L;
  }

  private static final NodeId PEER = NodeId.of("b");

  private static final Transport SILENT =
      new Transport() {
        @Override
        public NodeId localNode() {
          return NodeId.of("a");
        }

        @Override
        public void send(NodeId to, Bytes message) {}

        @Override
        public void register(MessageHandler handler) {}
      };

  @Test
  void dropsAFloodOfUnknownFieldsWithMemoryInProportionToIt() {
    AlignmentParty party =
        AlignmentParty.responder(
            SILENT, PEER, List.of("u1", "u2"), DeterministicRandom.fromSeed(1L), 16);
    HostileInput.of(
            "alignment message",
            Dropped.class,
            b -> {
              long before = party.droppedMessages();
              party.onMessage(PEER, b);
              if (party.droppedMessages() == before) {
                return b;
              }
              throw new Dropped();
            })
        .refusesUnknownFieldFloods(Bytes.EMPTY, HostileInput.DEFAULT_FLOOD_BYTES);
  }
}
