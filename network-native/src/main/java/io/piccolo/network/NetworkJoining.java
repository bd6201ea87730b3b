package io.piccolo.network;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.piccolo.adapters.Executor;
import io.piccolo.adapters.ModelTarget;
import io.piccolo.adapters.NetworkNamespaces;
import io.piccolo.adapters.ObservedState;
import io.piccolo.adapters.Targeting;
import io.piccolo.adapters.WarmStart;
import io.piccolo.adapters.Work;
import io.piccolo.adapters.WorkResult;
import io.piccolo.connectors.store.StoredArtifact;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A container runtime whose Models join their PHAROS networks: once the runtime has launched,
 * updated or rolled back a Model, its network is set up (the runtime made the namespace); before
 * the runtime terminates one, it leaves. A runtime that tells where its pods' namespaces are
 * ({@link NetworkNamespaces}) starts the Models PHAROS plumbs with a namespace holding only
 * loopback, and PHAROS plumbs the namespace it names. A runtime's warm start ({@link WarmStart})
 * stays: preparing a Model only prepares it, and it joins its network when it is launched.
 * Everything else is the runtime's.
 */
public class NetworkJoining implements Executor {
  private static final Set<String> JOINING = Set.of("launch", "update", "rollback");
  private static final String TERMINATE = "terminate";

  final Executor runtime;
  private final Pharos pharos;

  private NetworkJoining(Executor runtime, Pharos pharos) {
    this.runtime = runtime;
    this.pharos = pharos;
  }

  /** The runtime with its Models joining their networks; warm when the runtime is. */
  public static NetworkJoining around(Executor runtime, Pharos pharos) {
    return runtime instanceof WarmStart
        ? new Warm(runtime, pharos)
        : new NetworkJoining(runtime, pharos);
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
    return onRuntime(work, runtime::execute)
        .thenCompose(
            result -> {
              if (!result.succeeded()) {
                return CompletableFuture.completedFuture(result);
              }
              long start = System.nanoTime();
              return namespace(work.target().modelName())
                  .thenCompose(netns -> pharos.join(work.target(), netns))
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

  /**
   * Hands the work to the runtime, its Model marked for a pod with only loopback when PHAROS plumbs
   * its network and the runtime tells where the namespace is. When PHAROS cannot tell (its store
   * away), the runtime is not asked and the result fails saying why.
   */
  CompletionStage<WorkResult> onRuntime(
      Work work, Function<Work, CompletionStage<WorkResult>> call) {
    long start = System.nanoTime();
    CompletionStage<Work> marked =
        runtime instanceof NetworkNamespaces
            ? pharos.plumbs(work.target()).thenApply(p -> p ? withPodNetworkNone(work) : work)
            : CompletableFuture.completedFuture(work);
    return marked
        .handle(
            (w, e) ->
                e == null
                    ? call.apply(w)
                    : CompletableFuture.completedFuture(
                        failed("its network could not be looked up: ", e, start)))
        .thenCompose(Function.identity());
  }

  private CompletionStage<Optional<Path>> namespace(String model) {
    return runtime instanceof NetworkNamespaces namespaces
        ? namespaces.networkNamespace(model)
        : CompletableFuture.completedFuture(Optional.empty());
  }

  private static Work withPodNetworkNone(Work work) {
    ModelTarget target = work.target();
    StoredArtifact model = target.model();
    ObjectNode document = model.document().deepCopy();
    document
        .withObject("/metadata/annotations")
        .put(NetworkNamespaces.POD_NETWORK_ANNOTATION, "none");
    return new Work(
        work.requestId(),
        work.action(),
        work.scenario(),
        new ModelTarget(
            target.packageName(),
            new StoredArtifact(model.kind(), model.name(), model.version(), document),
            target.node()),
        work.params());
  }

  private static WorkResult failed(String what, Throwable e, long start) {
    WorkResult failed = Outcomes.of(null, e, start, null);
    return new WorkResult(
        WorkResult.Outcome.FAILED, what + failed.reason(), failed.duration(), null);
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

  /**
   * A warm runtime: preparing a Model prepares it on the runtime (with the namespace PHAROS will
   * plumb, when it will); the Model joins its network when it is launched.
   */
  private static final class Warm extends NetworkJoining implements WarmStart {
    Warm(Executor runtime, Pharos pharos) {
      super(runtime, pharos);
    }

    @Override
    public CompletionStage<WorkResult> prepare(Work work) {
      return onRuntime(work, ((WarmStart) runtime)::prepare);
    }
  }
}
