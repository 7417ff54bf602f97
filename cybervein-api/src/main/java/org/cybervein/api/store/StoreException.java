package org.cybervein.api.store;

/**
 * A {@link KeyValueStore} could not do what was asked because of the storage underneath it: an I/O
 * error, a full disk, a corrupt or incompatible file. Not caused by bad input from a peer.
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message for people.
   *
   * @param message what failed, for people
   */
  public StoreException(String message) {
    super(message);
  }

  /**
   * Creates an exception that keeps the storage engine's exception as its cause.
   *
   * @param message what failed, for people
   * @param cause the storage engine's exception
   */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
