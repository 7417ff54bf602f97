package org.cybervein.consensus.pbft;

import org.cybervein.api.Bytes;

/** A client's last executed timestamp and its result: what deduplicates and re-answers requests. */
record ClientRecord(long timestamp, Bytes result) {}
