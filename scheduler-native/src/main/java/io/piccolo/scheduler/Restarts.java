package io.piccolo.scheduler;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * How a workload is restarted for {@code strategy: restart}: stopped and launched again the way any
 * {@code terminate} and {@code launch} is carried out ({@code serve}'s dispatcher and the node's
 * runtime), so the restart shows as Model states and action results like any other.
 */
@FunctionalInterface
public interface Restarts {
  /**
   * @param reason why, for the operator
   * @return completes once the workload was launched again, or fails with why it was not
   */
  CompletionStage<Void> restart(String workload, String reason);

  /** Where nothing can launch a workload: a restart fails and says so. */
  Restarts NONE =
      (workload, reason) ->
          CompletableFuture.failedFuture(
              new IllegalStateException(
                  "nothing here launches workloads (restart needs serve's dispatcher)"));
}
