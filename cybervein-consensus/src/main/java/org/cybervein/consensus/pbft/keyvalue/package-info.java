/**
 * The replicated database that PBFT orders: the whitepaper's database whose operation log the
 * member nodes of a data set agree on. {@link
 * org.cybervein.consensus.pbft.keyvalue.KeyValueDatabase} is the state machine (put, get, delete,
 * compare-and-set over a {@link org.cybervein.api.store.KeyValueStore}), {@link
 * org.cybervein.consensus.pbft.keyvalue.DbCodec} its wire codec, and {@link
 * org.cybervein.consensus.pbft.keyvalue.DbSnapshot} the key space that checkpoints certify and
 * state transfer ships.
 */
package org.cybervein.consensus.pbft.keyvalue;
