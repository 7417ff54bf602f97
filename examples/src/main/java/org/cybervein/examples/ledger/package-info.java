/**
 * Example scene for the blockchain layer: the whitepaper's data flow of an upload with fee, a
 * storage audit, a download with fee and an access grant, blocks won by Proof of Contribution and
 * the rewards they pay, checked by a light client against a block's state root.
 */
package org.cybervein.examples.ledger;
