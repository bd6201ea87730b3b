package io.piccolo.scheduler;

/** A task could not be applied: the kernel refused, or its thread is gone. */
public final class ApplyException extends Exception {
  ApplyException(String message) {
    super(message);
  }
}
