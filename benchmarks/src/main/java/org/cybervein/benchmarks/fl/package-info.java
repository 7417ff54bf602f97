/**
 * JMH benchmarks of federated learning ({@code cybervein-fl}): vertical training end to end, and
 * one epoch of transfer learning.
 */
package org.cybervein.benchmarks.fl;
