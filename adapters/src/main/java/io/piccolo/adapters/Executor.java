package io.piccolo.adapters;

import io.piccolo.engine.Lifecycle;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Carries out decided actions on one technology: a container runtime, the kernel's scheduler, the
 * network, or nothing at all (dry-run). It knows nothing of rules or sessions: it takes one unit of
 * work and completes with its result, on any thread.
 *
 * <p>An executor completes a stage exceptionally only with a {@link TransientFailure}, for a cause
 * worth another try (the runtime away, a timeout); everything else it cannot do completes normally
 * with a failed {@link WorkResult} naming the reason.
 */
public interface Executor extends Lifecycle {
  /** Names the technology, as settings and metrics do: {@code podman}, {@code dry-run}, … */
  String name();

  /** The actions it carries out, e.g. {@code launch}, {@code terminate}. */
  Set<String> actions();

  /** What an action's target names for this executor. */
  Targeting targeting();

  /**
   * Carries out one unit of work. Idempotent: launching a running Model, or terminating a missing
   * one, succeeds at once.
   */
  CompletionStage<WorkResult> execute(Work work);

  /**
   * Tells of state changes the executor sees without being asked (a container that exited by
   * itself), as they happen, on any thread. Executors without such a stream tell nothing.
   */
  default void observe(Consumer<ObservedState> states) {}
}
