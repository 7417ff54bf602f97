/**
 * The embedded default network: {@link org.cybervein.api.sim.SimulatedNetwork} runs nodes as
 * deterministic discrete-event simulations on virtual time, with per-link latency, loss,
 * duplication and reordering, partitions, crashes and restarts, invariants checked after every
 * event, and a trace that replays exactly from a seed. Every distributed test of the SDK and its
 * local demo run on it.
 *
 * <pre>{@code
 * SimulatedNetwork net = SimulatedNetwork.builder(42L)
 *     .defaultLink(LinkConditions.DEFAULT.withDropProbability(0.1))
 *     .build();
 * NodeId a = NodeId.of("a");
 * net.addNode(a, ctx -> ctx.transport().register(
 *     (from, msg) -> ctx.transport().send(from, msg)));          // an echo server
 * List<Bytes> replies = new ArrayList<>();
 * NodeContext b = net.addNode(NodeId.of("b"),
 *     ctx -> ctx.transport().register((from, msg) -> replies.add(msg)));
 * b.transport().send(a, Bytes.utf8("ping"));
 * net.schedule(Duration.ofSeconds(5), () -> net.crash(a));      // a fault at t = 5 s
 * net.addInvariant(() -> check(replies.size() <= 1));           // after every event
 * net.runFor(Duration.ofSeconds(10));
 * System.out.println(net.stats() + " " + net.traceDigest());
 * }</pre>
 */
package org.cybervein.api.sim;
