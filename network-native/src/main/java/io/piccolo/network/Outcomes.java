package io.piccolo.network;

import io.piccolo.adapters.WorkResult;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/** How a PHAROS change ended, as a {@link WorkResult}. */
final class Outcomes {
  private Outcomes() {}

  /**
   * @param modelState the Model's state to report when it succeeded (null: PHAROS changes none)
   */
  static WorkResult of(String done, Throwable failure, long startNanos, String modelState) {
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    if (failure == null) {
      return new WorkResult(WorkResult.Outcome.SUCCEEDED, done, took, modelState);
    }
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    return WorkResult.failed(message, took);
  }
}
