package io.piccolo.scheduler;

import io.piccolo.engine.fact.DeadlineMiss;

/** Where the executor's deadline misses go: the evaluator's queue in {@code serve}. */
public interface DeadlineMisses {
  /** Each miss, on the helper's reader thread, as it is seen. */
  void missed(DeadlineMiss miss);

  /** A Policy's strategy acted on a workload, e.g. it was stopped after its misses. */
  default void acted(PolicyAction action) {}
}
