package io.piccolo.gateway.serve;

import io.piccolo.adapters.dispatch.Dispatched;
import io.piccolo.adapters.dispatch.Dispatcher;
import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.fact.Decision;
import io.piccolo.scheduler.Restarts;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A workload restarted for the TIMPANI executor's {@code strategy: restart}: a {@code terminate}
 * and a {@code launch} of its Package, decided by {@value #DECIDED_BY} and handed to the dispatcher
 * like any decision, so they run in the Package's order on its nodes' runtimes, change its Models'
 * states and come back as {@code ActionResult}s; they are published as decision events too.
 */
final class WorkloadRestarts implements Restarts {
  static final String DECIDED_BY = "timpani";
  static final String RULE = "restart after deadline misses";

  private final Supplier<Dispatcher> dispatcher;
  private final EventHub events;
  private final Map<String, CompletableFuture<Void>> launches = new ConcurrentHashMap<>();

  WorkloadRestarts(Supplier<Dispatcher> dispatcher, EventHub events) {
    this.dispatcher = dispatcher;
    this.events = events;
  }

  @Override
  public CompletionStage<Void> restart(String workload, String reason) {
    long now = System.currentTimeMillis();
    List<DecidedAction> round =
        List.of(
            decided(now, "terminate", workload, reason), decided(now, "launch", workload, reason));
    events.publish(round);
    CompletableFuture<Void> launched = new CompletableFuture<>();
    List<Dispatched> sent = dispatcher.get().dispatch(round);
    launches.put(sent.get(1).requestId(), launched);
    return launched;
  }

  private static DecidedAction decided(long time, String action, String workload, String reason) {
    return new DecidedAction(
        time, DECIDED_BY, RULE, action, workload, Map.of(), Decision.ALLOWED, DECIDED_BY, reason);
  }

  /** Told of every request the dispatcher finished: a restart's launch completes it. */
  void finished(Dispatched request, boolean succeeded, String reason) {
    CompletableFuture<Void> launched = launches.remove(request.requestId());
    if (launched == null) {
      return;
    }
    if (succeeded) {
      launched.complete(null);
    } else {
      launched.completeExceptionally(new IllegalStateException("its launch failed: " + reason));
    }
  }
}
