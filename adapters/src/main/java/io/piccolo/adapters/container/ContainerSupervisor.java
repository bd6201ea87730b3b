package io.piccolo.adapters.container;

import io.piccolo.adapters.ObservedState;
import io.piccolo.adapters.TransientFailure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Watches the containers a container executor started: a death PICCOLO did not cause becomes an
 * {@link ObservedState} at once, and the Model's {@code restartPolicy} is carried out with {@link
 * RestartBackoff}, each restart told as a {@code running} state. Work on a Model (launch,
 * terminate, update) resets its restarts and cancels a restart that is still waiting; so does a
 * restarted container that ran {@link RestartBackoff#resetAfter} without failing, as Kubernetes
 * does.
 */
public final class ContainerSupervisor {
  private final Vertx vertx;
  private final KeyedQueue models;
  private final RestartBackoff backoff;
  private final Function<String, Future<Void>> startContainer;
  private final Map<String, Watched> watched = new ConcurrentHashMap<>();
  private final Set<String> stopping = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> generations = new ConcurrentHashMap<>();
  private final Map<String, Integer> restarts = new ConcurrentHashMap<>();

  /** When each Model's last restart succeeded ({@link System#nanoTime}). */
  private final Map<String, Long> restartedAt = new ConcurrentHashMap<>();

  private final List<Consumer<ObservedState>> listeners = new CopyOnWriteArrayList<>();

  /**
   * @param models the executor's per-Model queue: restarts wait for work on the same Model
   * @param startContainer starts a container by id
   */
  public ContainerSupervisor(
      Vertx vertx,
      KeyedQueue models,
      RestartBackoff backoff,
      Function<String, Future<Void>> startContainer) {
    this.vertx = vertx;
    this.models = models;
    this.backoff = backoff;
    this.startContainer = startContainer;
  }

  public void observe(Consumer<ObservedState> listener) {
    listeners.add(listener);
  }

  /** Work on the Model begins: restarts so far are forgotten, a waiting one is cancelled. */
  public void workBegins(String model) {
    generations.merge(model, 1L, Long::sum);
    restarts.remove(model);
    restartedAt.remove(model);
  }

  /** PICCOLO is about to stop the Model's containers: their deaths are its own doing. */
  public void stopping(String model) {
    stopping.add(model);
    watched.values().removeIf(w -> w.model().equals(model));
  }

  public void stopped(String model) {
    stopping.remove(model);
  }

  /** Runs a removal of the Model's containers between {@link #stopping} and {@link #stopped}. */
  public Future<Void> whileStopping(String model, Supplier<Future<Void>> removal) {
    stopping(model);
    return removal
        .get()
        .eventually(
            () -> {
              stopped(model);
              return Future.succeededFuture();
            });
  }

  /** Watches containers about to be started (before the start, so no death goes unseen). */
  public void watch(List<Watched> containers) {
    containers.forEach(w -> watched.put(w.id(), w));
  }

  public void unwatch(List<Watched> containers) {
    containers.forEach(w -> watched.remove(w.id()));
  }

  /** Picks up running containers found after a (re)connection, unless PICCOLO is stopping them. */
  public void adopt(List<Watched> running) {
    for (Watched w : running) {
      if (!stopping.contains(w.model())) {
        watched.putIfAbsent(w.id(), w);
      }
    }
  }

  public boolean watches(String containerId) {
    return watched.containsKey(containerId);
  }

  public void onEvent(ContainerEvent event) {
    if (!event.died()) {
      return;
    }
    Watched w = watched.remove(event.id());
    if (w == null || stopping.contains(w.model())) {
      return;
    }
    int code = event.exitCode();
    String ended = "container " + w.name() + (code == 0 ? " exited" : " exited with code " + code);
    if (!w.policy().restartsAfter(code)) {
      tell(
          w,
          code == 0 ? "exited" : "dead",
          ended + " (restartPolicy " + w.policy().spelling() + ")");
      return;
    }
    Long since = restartedAt.remove(w.model());
    if (since != null && backoff.resets(Duration.ofNanos(System.nanoTime() - since))) {
      restarts.remove(w.model());
    }
    int restartsSoFar = restarts.getOrDefault(w.model(), 0);
    Duration delay = backoff.delay(restartsSoFar);
    tell(w, code == 0 ? "exited" : "dead", ended + "; restarting in " + words(delay));
    scheduleRestart(w, generations.getOrDefault(w.model(), 0L), restartsSoFar, delay, code);
  }

  private void scheduleRestart(
      Watched w, long generation, int restartsSoFar, Duration delay, int exitCode) {
    vertx.setTimer(
        Math.max(1, delay.toMillis()),
        timer ->
            models.run(
                w.model(),
                () -> {
                  if (generations.getOrDefault(w.model(), 0L) != generation
                      || stopping.contains(w.model())) {
                    return Future.succeededFuture();
                  }
                  watched.put(w.id(), w);
                  return startContainer
                      .apply(w.id())
                      .onSuccess(
                          started -> {
                            restarts.put(w.model(), restartsSoFar + 1);
                            restartedAt.put(w.model(), System.nanoTime());
                            tell(
                                w,
                                "running",
                                "container "
                                    + w.name()
                                    + " restarted (restart "
                                    + (restartsSoFar + 1)
                                    + ") after exit code "
                                    + exitCode);
                          })
                      .recover(
                          cause -> {
                            watched.remove(w.id());
                            if (cause instanceof TransientFailure) {
                              Duration next = backoff.delay(restartsSoFar + 1);
                              scheduleRestart(w, generation, restartsSoFar + 1, next, exitCode);
                            } else {
                              tell(
                                  w,
                                  "dead",
                                  "container "
                                      + w.name()
                                      + " could not restart: "
                                      + cause.getMessage());
                            }
                            return Future.succeededFuture();
                          });
                }));
  }

  private void tell(Watched w, String state, String reason) {
    ObservedState observed = new ObservedState(w.model(), w.node(), state, reason);
    for (Consumer<ObservedState> listener : listeners) {
      listener.accept(observed);
    }
  }

  private static String words(Duration delay) {
    long millis = delay.toMillis();
    return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
  }
}
