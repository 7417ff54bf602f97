/**
 * Benchmarks of the wire layer of {@code cybervein-api}: what the canonical parse of untrusted
 * protobuf bytes costs against protobuf's own parse of the same bytes.
 */
package org.cybervein.benchmarks.wire;
