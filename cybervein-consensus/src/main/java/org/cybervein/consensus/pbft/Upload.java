package org.cybervein.consensus.pbft;

import java.util.List;

/**
 * UPLOAD {@code <n, t, o>}: log n, the operations a replica executed at sequence number n (a whole
 * batch; empty for a null request filled in by a view change), to be written to the database's
 * contract.
 *
 * @param sequence n, at least 1
 * @param operations the batch's operations in execution order
 */
public record Upload(long sequence, List<LoggedOperation> operations) {
  /**
   * Copies the list and rejects a sequence number below 1.
   *
   * @param sequence n, at least 1
   * @param operations the batch's operations in execution order
   */
  public Upload {
    operations = List.copyOf(operations);
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence must be at least 1, got " + sequence);
    }
  }
}
