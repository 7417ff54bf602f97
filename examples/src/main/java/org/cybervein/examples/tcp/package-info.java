/**
 * A {@link org.cybervein.api.net.Transport} over real loopback sockets, to show that the SDK's
 * cores run unchanged outside the simulated network.
 */
package org.cybervein.examples.tcp;
