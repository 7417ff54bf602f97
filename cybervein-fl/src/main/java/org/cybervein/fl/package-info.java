/**
 * Federated learning, the whitepaper's application layer: parties train jointly without their data
 * leaving them. {@link org.cybervein.fl.InvalidFederatedMessageException} is the one exception for
 * messages from other parties.
 */
package org.cybervein.fl;
