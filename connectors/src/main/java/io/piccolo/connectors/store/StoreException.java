package io.piccolo.connectors.store;

/** The store could not do what was asked; the message says what and where. */
public final class StoreException extends Exception {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
