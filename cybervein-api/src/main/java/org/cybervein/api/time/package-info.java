/**
 * Time a host injects: {@link org.cybervein.api.time.Clock} with timers. Protocol cores read time
 * and set timeouts (PBFT view changes, DAG clock-skew bounds, sync retries) only through it.
 */
package org.cybervein.api.time;
