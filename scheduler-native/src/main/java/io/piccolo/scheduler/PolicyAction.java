package io.piccolo.scheduler;

import java.util.List;

/**
 * What a Policy's strategy did to a workload after its deadline misses.
 *
 * @param strategy {@code stop}, {@code restart} or {@code degrade}
 * @param reason which count was reached, e.g. {@code task t missed 2 deadline(s) (its max_dmiss is
 *     2)}
 * @param tasks the tasks it acted on
 * @param node the node, or null when the work named none
 */
public record PolicyAction(
    String workload,
    String schedule,
    String node,
    String strategy,
    String reason,
    List<String> tasks) {
  public PolicyAction {
    tasks = List.copyOf(tasks);
  }
}
