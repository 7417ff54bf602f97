/**
 * Storage a host injects: {@link org.cybervein.api.store.KeyValueStore}, ordered keys with atomic
 * batches and range scans, and {@link org.cybervein.api.store.InMemoryKeyValueStore}. The durable
 * LMDB implementation lives in {@code cybervein-dag}.
 */
package org.cybervein.api.store;
