/**
 * Blocks {@code beta_i = (phi_i, sigma_i, tau_i)} of the blockchain layer, as the whitepaper and
 * SpaceMint define them: the hash sub-block {@link org.cybervein.ledger.block.HashSubBlock phi_i}
 * (index, the contributor's signature on {@code phi_{i-1}}, the proof of space and the challenge it
 * answers), the signature sub-block {@link org.cybervein.ledger.block.SignatureSubBlock sigma_i}
 * and the transaction sub-block {@link org.cybervein.ledger.block.TransactionSubBlock tau_i}.
 *
 * <p>A block's id is the tagged hash of {@code phi_i} alone, so the proof chain never depends on
 * transactions or signatures and nobody can grind later challenges by reordering transactions. Wire
 * form: {@code cybervein/v1/ledger_block.proto} ({@code LedgerBlockProto}).
 */
package org.cybervein.ledger.block;
