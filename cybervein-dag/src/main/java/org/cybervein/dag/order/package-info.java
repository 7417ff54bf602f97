/**
 * The deterministic total order of certified units: {@link org.cybervein.dag.order.TotalOrder}
 * sorts by {@link org.cybervein.dag.order.OrderKey} (checkpoint, height, id), which no node's
 * arrival order influences.
 */
package org.cybervein.dag.order;
