package org.cybervein.api.sim;

/**
 * Starts one incarnation of a node on the {@link SimulatedNetwork}: at {@link
 * SimulatedNetwork#addNode} and again at every {@link SimulatedNetwork#restart}.
 *
 * <p>The factory wires the node as a host would: it builds the protocol core on the context's
 * {@link NodeContext#transport() transport}, {@link NodeContext#clock() clock} and {@link
 * NodeContext#random() random}, and registers the core's message handler with {@code
 * context.transport().register(handler)}. Messages that arrive before a handler is registered are
 * dropped. State that must survive a crash (a {@link org.cybervein.api.store.KeyValueStore}) lives
 * outside the factory call, e.g. captured by the lambda; everything else is lost with the
 * incarnation.
 */
@FunctionalInterface
public interface NodeFactory {
  /**
   * Starts the node.
   *
   * @param context the effects of this incarnation; inert once it crashes
   */
  void start(NodeContext context);
}
