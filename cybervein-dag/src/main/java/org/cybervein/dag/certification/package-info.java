/**
 * Certification of units: the {@link org.cybervein.dag.certification.ValidatorSet} of {@code n}
 * validators, per-unit {@link org.cybervein.dag.certification.ValidatorBits} of the validators
 * whose units reference a unit, and the threshold {@code n - f} that makes it certified.
 */
package org.cybervein.dag.certification;
