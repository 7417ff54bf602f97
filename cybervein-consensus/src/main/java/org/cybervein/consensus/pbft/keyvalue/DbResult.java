package org.cybervein.consensus.pbft.keyvalue;

import java.util.Objects;
import java.util.Optional;
import org.cybervein.api.Bytes;

/**
 * The result a replica returns for one {@link DbOperation}: the reply's {@code r}.
 *
 * <p>{@code value} is, for a get, the value read; for a put that asked for it ({@link
 * DbOperation.Put#returnPrevious()}), a delete or a successful compare-and-set, the value that was
 * there before; for a failed compare-and-set, the current value. Empty when there was none, and
 * always empty for a put that did not ask.
 *
 * @param status what happened
 * @param value the value described above, if any
 */
public record DbResult(Status status, Optional<Bytes> value) {
  /** What happened to an operation. */
  public enum Status {
    /** Applied; for a get, the key was found. */
    OK,
    /** A get or delete found no value under the key. */
    NOT_FOUND,
    /** A compare-and-set found another value than expected and changed nothing. */
    CAS_MISMATCH,
    /** The operation bytes did not decode; nothing changed. */
    INVALID_OPERATION
  }

  /**
   * Rejects null parts, and a value with {@link Status#INVALID_OPERATION}.
   *
   * @param status what happened
   * @param value the value described above, if any
   */
  public DbResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(value, "value");
    if (status == Status.INVALID_OPERATION && value.isPresent()) {
      throw new IllegalArgumentException("an invalid operation has no value");
    }
    if (status == Status.NOT_FOUND && value.isPresent()) {
      throw new IllegalArgumentException("a missing key has no value");
    }
  }

  /**
   * {@link Status#OK} with this (previous or read) value.
   *
   * @param value the previous value for a write, the value read for a get; empty if there was none
   * @return the result
   */
  public static DbResult ok(Optional<Bytes> value) {
    return new DbResult(Status.OK, value);
  }

  /**
   * {@link Status#NOT_FOUND}.
   *
   * @return the result of a get of an absent key
   */
  public static DbResult notFound() {
    return new DbResult(Status.NOT_FOUND, Optional.empty());
  }

  /**
   * {@link Status#INVALID_OPERATION}.
   *
   * @return the result of an operation the database refused
   */
  public static DbResult invalidOperation() {
    return new DbResult(Status.INVALID_OPERATION, Optional.empty());
  }
}
