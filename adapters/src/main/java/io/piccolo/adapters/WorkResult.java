package io.piccolo.adapters;

import java.time.Duration;

/**
 * How one unit of work ended.
 *
 * @param reason why it failed, or what it found (e.g. "already running"); null when nothing to say
 * @param modelState the Model's state afterwards ({@code created}, {@code running}, {@code exited},
 *     {@code dead}, …), or null when the executor does not change Model states
 */
public record WorkResult(Outcome outcome, String reason, Duration duration, String modelState) {
  public enum Outcome {
    SUCCEEDED,
    FAILED;

    /** As rules see it: {@code succeeded} or {@code failed}. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static WorkResult succeeded(Duration duration, String modelState) {
    return new WorkResult(Outcome.SUCCEEDED, null, duration, modelState);
  }

  public static WorkResult failed(String reason, Duration duration) {
    return new WorkResult(Outcome.FAILED, reason, duration, null);
  }

  public boolean succeeded() {
    return outcome == Outcome.SUCCEEDED;
  }
}
