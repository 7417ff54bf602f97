package org.cybervein.api.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cybervein.api.Bytes;

/**
 * Puts and deletes that a {@link KeyValueStore} applies atomically: after a crash either all of
 * them are visible or none. Within a batch a later operation on the same key wins.
 *
 * @param operations the operations in the order they were added
 */
public record WriteBatch(List<Operation> operations) {
  /**
   * Copies the list.
   *
   * @param operations the operations in the order they were added
   */
  public WriteBatch {
    operations = List.copyOf(operations);
  }

  /**
   * One operation: a put when {@code value} is present, a delete when it is empty.
   *
   * @param key the key written
   * @param value the new value, or empty to delete the key
   */
  public record Operation(Bytes key, Optional<Bytes> value) {
    /**
     * Rejects null parts and keys outside 1 to {@link KeyValueStore#MAX_KEY_SIZE} bytes.
     *
     * @param key the key written
     * @param value the new value, or empty to delete the key
     */
    public Operation {
      KeyValueStore.checkKey(Objects.requireNonNull(key, "key"));
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * A new, empty builder.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * True if the batch has no operation.
   *
   * @return true if no put or delete was added
   */
  public boolean isEmpty() {
    return operations.isEmpty();
  }

  /** Collects operations for one {@link WriteBatch}; not thread-safe. */
  public static final class Builder {
    private final List<Operation> operations = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a put of {@code value} under {@code key}.
     *
     * @param key the key, 1 to {@link KeyValueStore#MAX_KEY_SIZE} bytes
     * @param value the value to store under it
     * @return this builder
     * @throws IllegalArgumentException if the key is empty or too long
     */
    public Builder put(Bytes key, Bytes value) {
      operations.add(new Operation(key, Optional.of(Objects.requireNonNull(value, "value"))));
      return this;
    }

    /**
     * Adds a delete of {@code key}; deleting an absent key is not an error.
     *
     * @param key the key, 1 to {@link KeyValueStore#MAX_KEY_SIZE} bytes
     * @return this builder
     * @throws IllegalArgumentException if the key is empty or too long
     */
    public Builder delete(Bytes key) {
      operations.add(new Operation(key, Optional.empty()));
      return this;
    }

    /**
     * The batch of everything added so far.
     *
     * @return the batch, in the order the operations were added
     */
    public WriteBatch build() {
      return new WriteBatch(operations);
    }
  }
}
