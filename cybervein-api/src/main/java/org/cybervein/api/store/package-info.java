/**
 * Storage a host injects: {@link org.cybervein.api.store.KeyValueStore}, ordered keys with atomic
 * batches and range scans, and {@link org.cybervein.api.store.InMemoryKeyValueStore}. The durable
 * LMDB implementation lives in its own module, {@code cybervein-store-lmdb}, so that no protocol
 * module depends on a storage engine.
 */
package org.cybervein.api.store;
