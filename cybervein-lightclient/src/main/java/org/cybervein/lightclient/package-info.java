/**
 * A light client of the CyberVein chain in the shape of IBC's client semantics (ICS-02): {@link
 * org.cybervein.lightclient.LightClient} verifies headers ({@link
 * org.cybervein.lightclient.LedgerHeader}, sent as {@link org.cybervein.lightclient.HeaderUpdate})
 * against a {@link org.cybervein.lightclient.LightClientState} of {@link
 * org.cybervein.lightclient.TrustedBlock}s, freezes on {@link
 * org.cybervein.lightclient.Misbehaviour}, and checks membership and non-membership in the ledger
 * state ({@link org.cybervein.lightclient.SparseMerkleProof}, keys from {@link
 * org.cybervein.lightclient.LedgerStateKeys}) and PBFT certificates. The header rules are
 * re-implemented from the wire formats of {@code cybervein-api}; the module depends on api, crypto,
 * storage-proofs and consensus only. Untrusted input is refused with {@link
 * org.cybervein.lightclient.InvalidLightClientInputException}.
 */
package org.cybervein.lightclient;
