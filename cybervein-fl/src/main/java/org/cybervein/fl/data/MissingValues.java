package org.cybervein.fl.data;

import java.util.Locale;
import java.util.Set;

/**
 * What {@link CsvDatasets} does with a feature field that holds no value: an empty field, or one of
 * {@code NA}, {@code NaN}, {@code null}, {@code None} (any case), as FATE's own example files and
 * pandas exports write them. Labels are never filled: a row without a label is always refused.
 *
 * <p>Filling happens per party, on that party's own columns only, before training; the fill value
 * of a column (its mean, say) is not a secret the other parties learn.
 */
public final class MissingValues {
  /** The spellings of "no value" besides the empty field, compared without case. */
  private static final Set<String> MISSING_TOKENS = Set.of("na", "nan", "null", "none");

  private enum Kind {
    REFUSE,
    CONSTANT,
    COLUMN_MEAN
  }

  private final Kind kind;
  private final double constant;

  private MissingValues(Kind kind, double constant) {
    this.kind = kind;
    this.constant = constant;
  }

  /**
   * Refuses a file with a missing feature value, naming its line and column: the default, so that
   * no value is made up without the caller asking for it.
   *
   * @return the refusing policy
   */
  public static MissingValues refuse() {
    return new MissingValues(Kind.REFUSE, 0);
  }

  /**
   * Fills every missing feature value with {@code value} (FATE's "designated" fill).
   *
   * @param value the fill value, finite
   * @return the policy
   * @throws IllegalArgumentException if {@code value} is not finite
   */
  public static MissingValues fillWith(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("fill value must be finite, got " + value);
    }
    return new MissingValues(Kind.CONSTANT, value);
  }

  /**
   * Fills a missing feature value with the mean of the values present in its column; a column with
   * no value at all is refused.
   *
   * @return the policy
   */
  public static MissingValues fillWithColumnMean() {
    return new MissingValues(Kind.COLUMN_MEAN, 0);
  }

  /** True if the field, trimmed, stands for "no value". */
  static boolean isMissing(String trimmedField) {
    return trimmedField.isEmpty() || MISSING_TOKENS.contains(trimmedField.toLowerCase(Locale.ROOT));
  }

  boolean refuses() {
    return kind == Kind.REFUSE;
  }

  boolean fillsWithMean() {
    return kind == Kind.COLUMN_MEAN;
  }

  double constant() {
    return constant;
  }

  @Override
  public String toString() {
    return switch (kind) {
      case REFUSE -> "MissingValues[refuse]";
      case CONSTANT -> "MissingValues[fill " + constant + "]";
      case COLUMN_MEAN -> "MissingValues[column mean]";
    };
  }
}
