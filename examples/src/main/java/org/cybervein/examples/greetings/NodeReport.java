package org.cybervein.examples.greetings;

import org.cybervein.api.NodeId;

/**
 * What one node of the greeting demo did.
 *
 * @param node the node
 * @param greetingsSent greetings sent, resends included
 * @param greetingsVerified distinct peers whose signed greeting this node verified
 * @param acknowledgements distinct peers that acknowledged this node's greeting
 * @param rejected messages rejected (bad encoding, wrong signer, bad signature)
 */
public record NodeReport(
    NodeId node, int greetingsSent, int greetingsVerified, int acknowledgements, int rejected) {}
