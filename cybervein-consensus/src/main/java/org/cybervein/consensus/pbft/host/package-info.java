/**
 * Hosts for the pure PBFT cores: {@link org.cybervein.consensus.pbft.host.ReplicaHost} and {@link
 * org.cybervein.consensus.pbft.host.ClientHost} drive a core over any {@link
 * org.cybervein.api.net.Transport} and {@link org.cybervein.api.time.Clock}; {@link
 * org.cybervein.consensus.pbft.host.PbftNodes} makes them {@link
 * org.cybervein.api.sim.NodeFactory}s for the simulated network.
 */
package org.cybervein.consensus.pbft.host;
