/** JMH benchmarks of federated learning ({@code cybervein-fl}): vertical training end to end. */
package org.cybervein.benchmarks.fl;
