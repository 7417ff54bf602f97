/**
 * Federated transfer learning (Liu, Kang, Xing, Chen, Yang, "Secure Federated Transfer Learning",
 * arXiv 1812.03337): party B holds labelled users, party A other users with other features, and
 * they share a few users; through those, B's labels score A's users. Each party learns a local
 * representation; intermediate values travel under Paillier (each party its own key, no
 * coordinator), and each party decrypts only values the other masked. {@link
 * org.cybervein.fl.transfer.SimulatedTransferTraining} runs the two cores {@link
 * org.cybervein.fl.transfer.TransferHostParty} (A) and {@link
 * org.cybervein.fl.transfer.TransferGuestParty} (B) over a simulated network.
 */
package org.cybervein.fl.transfer;
