package org.cybervein.fl.data;

import java.util.Objects;

/**
 * Thrown when a data file does not describe a valid {@link PartyDataset}. Nothing was read into any
 * dataset when it is thrown.
 */
public final class InvalidDatasetException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the file was rejected. */
  public enum Reason {
    /** The file has no header line. */
    EMPTY,
    /** The header lacks the id column, the label column or any feature column. */
    MISSING_COLUMN,
    /** A row has another number of fields than the header. */
    WRONG_FIELD_COUNT,
    /** A feature or label is not a finite decimal number. */
    NOT_A_NUMBER,
    /**
     * A feature field holds no value and the {@link MissingValues} policy refuses it, or a label is
     * missing (labels are never filled).
     */
    MISSING_VALUE,
    /** Two rows have the same sample id, or an id is empty. */
    BAD_ID,
    /** The file could not be read. */
    UNREADABLE
  }

  /** Why the file was rejected; never null. */
  private final Reason reason;

  /**
   * Creates an exception with a reason and a message for people.
   *
   * @param reason what is wrong with the file, for programs to act on
   * @param message what was wrong, for people
   */
  public InvalidDatasetException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Creates an exception that keeps the underlying exception as its cause.
   *
   * @param reason what is wrong with the file, for programs to act on
   * @param message what was wrong, for people
   * @param cause the exception that detected the defect, e.g. an I/O error
   */
  public InvalidDatasetException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Why the file was rejected.
   *
   * @return the reason, never null: programs branch on it, not on the message
   */
  public Reason reason() {
    return reason;
  }
}
