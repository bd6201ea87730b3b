package io.piccolo.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * What a Package's Policy does about deadline misses: after {@code
 * spec.procedure.trigger.deadlineMissThreshold} misses of its tasks together (an integer, or {@code
 * {count: N}} as Pullpiri's TIMPANI branch writes it), or a task's own {@code max_dmiss} misses,
 * whichever comes first, its {@code spec.procedure.strategy} acts once.
 *
 * @param threshold misses of all tasks together; 0 for none
 * @param policy the Policy's name, for messages; null when the Package names none
 */
public record MissPolicy(long threshold, Strategy strategy, String policy) {
  public enum Strategy {
    /** The task processes are ended (SIGTERM). */
    STOP,
    /** The workload is stopped and launched again, and its schedule applied to it anew. */
    RESTART,
    /** Every task of the Package is lowered to SCHED_OTHER and keeps running. */
    DEGRADE;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final MissPolicy NONE = new MissPolicy(0, Strategy.STOP, null);

  /**
   * @param policyName the Policy's name
   * @param document the Policy document; null when the Package names no Policy
   * @throws IllegalArgumentException for a strategy this executor does not carry out
   */
  public static MissPolicy of(String policyName, JsonNode document) {
    if (document == null) {
      return NONE;
    }
    JsonNode procedure = document.path("spec").path("procedure");
    JsonNode trigger = procedure.path("trigger").path("deadlineMissThreshold");
    long threshold = trigger.isObject() ? trigger.path("count").asLong(0) : trigger.asLong(0);
    String text = procedure.path("strategy").asText("stop");
    Strategy strategy;
    try {
      strategy = Strategy.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      if (threshold == 0) {
        strategy = Strategy.STOP; // a strategy about something else (offloading, placement)
      } else {
        throw new IllegalArgumentException(
            "Policy "
                + policyName
                + ": spec.procedure.strategy '"
                + text
                + "' is not one of stop, restart, degrade (what to do after deadlineMissThreshold"
                + " misses)");
      }
    }
    return new MissPolicy(threshold, strategy, policyName);
  }
}
