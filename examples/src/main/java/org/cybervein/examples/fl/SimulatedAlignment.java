package org.cybervein.examples.fl;

import java.time.Duration;
import org.cybervein.api.NodeId;
import org.cybervein.api.sim.SimulatedNetwork;
import org.cybervein.fl.alignment.AlignedSamples;
import org.cybervein.fl.alignment.AlignmentParty;
import org.cybervein.fl.data.PartyDataset;

/**
 * Part I as the FL demos run it: ECDH private set intersection of two parties' sample ids on a
 * simulated network of their own, the guest initiating.
 */
final class SimulatedAlignment {
  private SimulatedAlignment() {}

  /**
   * The common users of {@code a} (held by {@code host}, the responder) and {@code b} (held by
   * {@code guest}, the initiator), as the guest learns them.
   *
   * @throws IllegalStateException if the intersection did not finish within a simulated minute
   */
  static AlignedSamples align(
      long seed, NodeId host, PartyDataset a, NodeId guest, PartyDataset b) {
    SimulatedNetwork network = new SimulatedNetwork(seed);
    AlignmentParty[] parties = new AlignmentParty[2];
    network.addNode(
        host,
        ctx -> {
          parties[0] =
              AlignmentParty.responder(
                  ctx.transport(),
                  guest,
                  a.ids(),
                  ctx.random(),
                  AlignmentParty.DEFAULT_MAX_PEER_SET_SIZE);
          ctx.transport().register(parties[0]::onMessage);
        });
    network.addNode(
        guest,
        ctx -> {
          parties[1] =
              AlignmentParty.initiator(
                  ctx.transport(),
                  host,
                  b.ids(),
                  ctx.random(),
                  AlignmentParty.DEFAULT_MAX_PEER_SET_SIZE);
          ctx.transport().register(parties[1]::onMessage);
        });
    parties[1].start();
    network.runUntilQuiescent(Duration.ofMinutes(1));
    return parties[1].result().orElseThrow(() -> new IllegalStateException("PSI did not finish"));
  }
}
