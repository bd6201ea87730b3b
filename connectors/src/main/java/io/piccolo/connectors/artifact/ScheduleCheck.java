package io.piccolo.connectors.artifact;

import io.piccolo.connectors.artifact.schema.Findings;
import io.piccolo.connectors.yaml.Node;

/**
 * What the shape cannot say about TIMPANI tasks: a task must fit its own period (runtime ≤ deadline
 * ≤ period). Whether tasks fit a node's CPUs is for the executor, which knows the node.
 */
final class ScheduleCheck {
  private ScheduleCheck() {}

  static void check(Node spec, Findings findings) {
    if (!(spec instanceof Node.ListNode tasks)) {
      return;
    }
    for (int i = 0; i < tasks.items().size(); i++) {
      if (tasks.items().get(i) instanceof Node.MapNode task) {
        checkTask(task, "spec[" + i + "]", findings);
      }
    }
  }

  private static void checkTask(Node.MapNode task, String field, Findings findings) {
    Long runtime = number(task.get("runtime"));
    Long deadline = number(task.get("deadline"));
    Long period = number(task.get("period"));
    if (runtime == null || deadline == null || period == null) {
      return; // the shape check has reported it
    }
    if (runtime <= 0) {
      findings.error(task.get("runtime"), field + ".runtime", "must be positive (µs)");
    } else if (runtime > deadline) {
      findings.error(
          task.get("runtime"),
          field + ".runtime",
          runtime + " µs exceeds the deadline of " + deadline + " µs");
    }
    if (deadline > period) {
      findings.error(
          task.get("deadline"),
          field + ".deadline",
          deadline + " µs exceeds the period of " + period + " µs");
    }
  }

  private static Long number(Node node) {
    return node instanceof Node.Scalar s && s.value() instanceof Long l ? l : null;
  }
}
