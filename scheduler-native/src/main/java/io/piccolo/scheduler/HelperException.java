package io.piccolo.scheduler;

/**
 * The helper refused a request, or is gone.
 *
 * @see #errno()
 */
public final class HelperException extends Exception {
  private final String errno;

  HelperException(String errno, String message) {
    super(message);
    this.errno = errno;
  }

  /** The kernel's error name ({@code EPERM}, {@code EBUSY}, …), or {@code GONE}. */
  public String errno() {
    return errno;
  }
}
