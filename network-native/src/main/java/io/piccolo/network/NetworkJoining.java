package io.piccolo.network;

import io.piccolo.adapters.Executor;
import io.piccolo.adapters.ObservedState;
import io.piccolo.adapters.Targeting;
import io.piccolo.adapters.Work;
import io.piccolo.adapters.WorkResult;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A container runtime whose Models join their PHAROS networks: once the runtime has launched,
 * updated or rolled back a Model, its network is set up (the runtime made the namespace); before
 * the runtime terminates one, it leaves. Everything else is the runtime's.
 */
public final class NetworkJoining implements Executor {
  private static final Set<String> JOINING = Set.of("launch", "update", "rollback");
  private static final String TERMINATE = "terminate";

  private final Executor runtime;
  private final Pharos pharos;

  public NetworkJoining(Executor runtime, Pharos pharos) {
    this.runtime = runtime;
    this.pharos = pharos;
  }

  @Override
  public String name() {
    return runtime.name();
  }

  @Override
  public Set<String> actions() {
    return runtime.actions();
  }

  @Override
  public Targeting targeting() {
    return runtime.targeting();
  }

  @Override
  public CompletionStage<WorkResult> execute(Work work) {
    if (work.action().equals(TERMINATE)) {
      // the workload stops whatever its network did; a failure to leave is told with the result
      return pharos
          .leave(work.target().modelName())
          .handle((done, e) -> e)
          .thenCompose(
              failure ->
                  runtime
                      .execute(work)
                      .thenApply(
                          result ->
                              failure == null
                                  ? result
                                  : new WorkResult(
                                      result.outcome(),
                                      "its network was not removed: "
                                          + Outcomes.of(null, failure, 0, null).reason()
                                          + (result.reason() == null ? "" : "; " + result.reason()),
                                      result.duration(),
                                      result.modelState())));
    }
    if (!JOINING.contains(work.action())) {
      return runtime.execute(work);
    }
    return runtime
        .execute(work)
        .thenCompose(
            result -> {
              if (!result.succeeded()) {
                return CompletableFuture.completedFuture(result);
              }
              long start = System.nanoTime();
              return pharos
                  .join(work.target())
                  .handle(
                      (done, e) -> {
                        if (e == null) {
                          return result;
                        }
                        WorkResult failed = Outcomes.of(null, e, start, null);
                        return new WorkResult(
                            WorkResult.Outcome.FAILED,
                            "its network could not be set up: " + failed.reason(),
                            result.duration().plus(failed.duration()),
                            result.modelState());
                      });
            });
  }

  @Override
  public void observe(Consumer<ObservedState> states) {
    runtime.observe(states);
  }

  @Override
  public CompletionStage<Void> start() {
    return runtime.start();
  }

  @Override
  public CompletionStage<Void> stop() {
    return runtime.stop();
  }
}
