package io.piccolo.adapters.container;

import io.piccolo.adapters.TransientFailure;
import io.piccolo.adapters.WorkResult;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * How a container executor's operation ended well, and how any ending becomes the executor's
 * answer: a {@link TransientFailure} fails the stage, for the dispatcher to retry; a refusal or a
 * Model that cannot be mapped is a failed {@link WorkResult} with its message.
 *
 * @param reason what the operation found (e.g. "already running"), or null
 * @param modelState the Model's state afterwards
 */
public record WorkOutcome(String reason, String modelState) {
  public static CompletionStage<WorkResult> finish(
      Future<WorkOutcome> operation, long startedNanos, String runtime) {
    CompletableFuture<WorkResult> result = new CompletableFuture<>();
    operation.onComplete(
        ended -> {
          Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
          if (ended.succeeded()) {
            WorkOutcome done = ended.result();
            result.complete(
                new WorkResult(
                    WorkResult.Outcome.SUCCEEDED, done.reason(), took, done.modelState()));
          } else if (ended.cause() instanceof TransientFailure transientFailure) {
            result.completeExceptionally(transientFailure);
          } else if (ended.cause() instanceof RuntimeRefusal
              || ended.cause() instanceof ModelMappingException) {
            result.complete(WorkResult.failed(ended.cause().getMessage(), took));
          } else {
            result.complete(WorkResult.failed(runtime + ": " + ended.cause(), took));
          }
        });
    return result;
  }

  /** The mapped Model as a future, failed with the mapping's error. */
  public static Future<PodPlan> mapped(io.piccolo.adapters.Work work) {
    try {
      return Future.succeededFuture(ModelMapping.plan(work));
    } catch (ModelMappingException e) {
      return Future.failedFuture(e);
    }
  }

  /** Fails unless every image the Model names is in the runtime's local store. */
  public static Future<Void> requireImages(
      PodPlan plan, String runtime, java.util.function.Function<String, Future<Boolean>> exists) {
    Future<Void> chain = Future.succeededFuture();
    for (String image : plan.containers().stream().map(ContainerPlan::image).distinct().toList()) {
      chain =
          chain.compose(
              v ->
                  exists
                      .apply(image)
                      .compose(
                          present ->
                              present
                                  ? Future.succeededFuture()
                                  : Future.failedFuture(
                                      new RuntimeRefusal(
                                          "image "
                                              + image
                                              + " of Model '"
                                              + plan.name()
                                              + "' is not in "
                                              + runtime
                                              + "'s local store; PICCOLO does not pull images:"
                                              + " load, import or pull it on the node first"))));
    }
    return chain;
  }
}
