package io.piccolo.adapters.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.piccolo.connectors.artifact.Artifact;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StateStores;
import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.fact.ActionResult;
import io.piccolo.engine.fact.Decision;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A dispatcher over a real store, with what it tells collected for the test to look at. */
final class Harness implements AutoCloseable {
  enum Store {
    MEMORY,
    FILE
  }

  final StateStore store;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final List<ActionResult> results = new CopyOnWriteArrayList<>();
  final List<String> finished = new CopyOnWriteArrayList<>();
  final List<String> refused = new CopyOnWriteArrayList<>();
  final ModelStates states;
  final Dispatcher dispatcher;

  Harness(Store kind, Path dir, Routes routes, DispatchOptions options) throws Exception {
    this.store =
        kind == Store.MEMORY ? StateStores.inMemory() : StateStores.file(dir.resolve("store.json"));
    this.states = new ModelStates(store, refused::add, (model, from, to, reason) -> {});
    this.dispatcher =
        new Dispatcher(
            store,
            routes,
            options,
            new DispatchListener() {
              @Override
              public void result(ActionResult result) {
                results.add(result);
              }

              @Override
              public void finished(Dispatched request, boolean succeeded, String reason) {
                finished.add(
                    request.decision().action()
                        + " "
                        + request.decision().target()
                        + ": "
                        + (succeeded ? "succeeded" : "failed: " + reason));
              }
            },
            states,
            meters,
            System::currentTimeMillis);
    dispatcher.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static DispatchOptions fast() {
    return new DispatchOptions(
        Duration.ofSeconds(5),
        3,
        Duration.ofMillis(10),
        Duration.ofMillis(40),
        5,
        Duration.ofSeconds(10));
  }

  void apply(String kind, String name, String specJson) throws Exception {
    store.apply(
        List.of(
            Artifact.of(
                kind,
                name,
                new ObjectMapper()
                    .readTree(
                        "{\"apiVersion\":\"v1\",\"kind\":\""
                            + kind
                            + "\",\"metadata\":{\"name\":\""
                            + name
                            + "\"},\"spec\":"
                            + specJson
                            + "}"))));
  }

  /** A Package of the given Models, all on {@code node}, and each Model with one container. */
  void workload(String pkg, String node, String... models) throws Exception {
    StringBuilder list = new StringBuilder();
    for (String m : models) {
      list.append(list.length() == 0 ? "" : ",")
          .append("{\"name\":\"")
          .append(m)
          .append("\",\"node\":\"")
          .append(node)
          .append("\"}");
      model(m, "localhost/" + m + ":1");
    }
    apply("Package", pkg, "{\"pattern\":[{\"type\":\"plain\"}],\"models\":[" + list + "]}");
  }

  void model(String name, String image) throws Exception {
    apply("Model", name, "{\"containers\":[{\"name\":\"main\",\"image\":\"" + image + "\"}]}");
  }

  static DecidedAction allowed(String action, String target) {
    return new DecidedAction(
        0,
        "s-" + target,
        "s-" + target,
        action,
        target,
        Map.of(),
        Decision.ALLOWED,
        "default",
        null);
  }

  List<Dispatched> dispatch(DecidedAction... decisions) {
    return dispatcher.dispatch(List.of(decisions));
  }

  @Override
  public void close() throws Exception {
    dispatcher.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
    states.finish(Duration.ofSeconds(10));
    states.close();
    store.close();
  }
}
