/**
 * Part II of the whitepaper's federated learning: vertical training of a linear or logistic model
 * by party A ({@link org.cybervein.fl.vertical.HostParty}, features only), party B ({@link
 * org.cybervein.fl.vertical.GuestParty}, features and labels) and the coordinator C ({@link
 * org.cybervein.fl.vertical.Coordinator}), with an additively homomorphic cipher ({@link
 * org.cybervein.fl.vertical.CipherSuite}; {@link org.cybervein.fl.vertical.MockCipherSuite} runs
 * the same code without encryption). Each party is a pure core driven by {@code FlMessage}s over an
 * injected {@link org.cybervein.api.net.Transport}; C only ever decrypts masked values, packed
 * several to a plaintext ({@link org.cybervein.fl.vertical.SlotLayout}). One guest may train with
 * several hosts A1..Ak.
 */
package org.cybervein.fl.vertical;
