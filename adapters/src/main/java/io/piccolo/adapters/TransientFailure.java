package io.piccolo.adapters;

/**
 * A unit of work failed for a cause that may pass: the runtime's socket refused or timed out, or it
 * answered 5xx. The dispatcher retries these with backoff; anything else fails at once.
 */
public final class TransientFailure extends Exception {
  public TransientFailure(String message, Throwable cause) {
    super(message, cause);
  }

  public TransientFailure(String message) {
    super(message);
  }
}
