/**
 * The DAG on durable storage: a node writes its DAG to LMDB, stops, and resumes from the directory
 * where an uninterrupted node ends.
 */
package org.cybervein.examples.dagstore;
