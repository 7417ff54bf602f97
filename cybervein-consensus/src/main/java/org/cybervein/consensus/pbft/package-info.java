/**
 * PBFT, the consensus layer's ordering of each database's operation log among its member nodes, as
 * pure cores: {@link org.cybervein.consensus.pbft.Replica} and {@link
 * org.cybervein.consensus.pbft.Client} take events (messages, timer firings, calls) and return
 * {@link org.cybervein.consensus.pbft.Action}s (sends, timers, executions) for a host to perform.
 * The replicated database is a {@link org.cybervein.consensus.pbft.StateMachine}; the agreed log is
 * written to the database's contract through {@link org.cybervein.consensus.pbft.LogContract} by
 * the host, when a replica returns {@link org.cybervein.consensus.pbft.Action.InsertLog}. Views and
 * sequence numbers inside the replica are {@link org.cybervein.consensus.pbft.ViewNumber} and
 * {@link org.cybervein.consensus.pbft.SequenceNumber}.
 *
 * <p>{@link org.cybervein.consensus.pbft.UploadCertificateVerifier} checks an UPLOAD certificate (f
 * + 1 signed UPLOADs {@code <n, d>} and the {@link org.cybervein.consensus.pbft.OperationLog} whose
 * digest is d) with nothing but the replicas' keys; it is the one such check in the SDK, meant to
 * be embedded by contracts and other implementations (vectors in {@code
 * vectors/pbft-upload-certificate.json}).
 */
package org.cybervein.consensus.pbft;
