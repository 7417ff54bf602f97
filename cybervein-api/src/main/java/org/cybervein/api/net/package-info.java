/**
 * The network a host injects: {@link org.cybervein.api.net.Transport} to send bytes to a node and
 * {@link org.cybervein.api.net.MessageHandler} to receive them. The whitepaper's layers exchange
 * their messages through nothing else, so the same protocol cores run over the {@link
 * org.cybervein.api.sim.SimulatedNetwork} in tests and over real sockets in a host.
 */
package org.cybervein.api.net;
