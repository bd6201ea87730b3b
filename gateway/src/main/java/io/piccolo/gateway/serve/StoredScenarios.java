package io.piccolo.gateway.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.piccolo.connectors.store.ScenarioFeed;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.engine.CarryOver;
import io.piccolo.engine.LiveEvaluator;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.scenario.Scenario;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Scenarios stored in the store (applied over the API or with {@code piccolo apply}) run beside
 * those of the rule files, and follow every change: a stored scenario replaces a file's scenario of
 * the same name. Whoever follows what runs (scenario states, the signal paths rules read, {@code
 * rules.status}) is told of each change before the evaluator takes it.
 */
final class StoredScenarios implements Part {
  static final String UNREADABLE = "piccolo.store.scenarios.unreadable";

  /** Told what runs from now on: the rule base and every scenario, the stored ones included. */
  @FunctionalInterface
  interface Running {
    void changed(RuleBase ruleBase, List<Scenario> scenarios);
  }

  private final Vertx vertx;
  private final StateStore store;
  private RuleBase rules;
  private List<Scenario> fromFiles;
  private List<Scenario> lastStored = List.of();
  private final LiveEvaluator evaluator;
  private final PrintWriter log;
  private final Counter unreadable;
  private final Running running;
  private StateStore.Watch watch;
  private volatile int stored;
  private volatile int runningCount;

  /**
   * @param running told of the scenarios at once, and of each change after
   */
  StoredScenarios(
      Vertx vertx,
      StateStore store,
      RuleBase rules,
      LiveEvaluator evaluator,
      MeterRegistry meters,
      PrintWriter log,
      Running running) {
    this.vertx = vertx;
    this.log = log;
    this.unreadable =
        Counter.builder(UNREADABLE)
            .description("stored scenarios left out because they no longer read as scenarios")
            .register(meters);
    this.store = store;
    this.rules = rules;
    this.fromFiles = rules.scenarios();
    this.evaluator = evaluator;
    this.running = running;
    List<Scenario> merged = merge(lastStored);
    runningCount = merged.size();
    running.changed(rules, merged);
  }

  @Override
  public String name() {
    return "stored scenarios";
  }

  @Override
  public Future<Void> start() {
    return vertx.executeBlocking(
        () -> {
          watch =
              ScenarioFeed.follow(
                  store,
                  this::storedChanged,
                  unreadable -> {
                    this.unreadable.increment();
                    log.println("piccolo serve: " + unreadable);
                    log.flush();
                  });
          return null;
        });
  }

  private synchronized void storedChanged(List<Scenario> current) {
    lastStored = List.copyOf(current);
    List<Scenario> merged = merge(current);
    stored = current.size();
    runningCount = merged.size();
    running.changed(rules, merged);
    evaluator.replaceScenarios(merged);
  }

  /**
   * Hands new rules to the evaluator with the stored scenarios on top of the files' new ones. A
   * store change handed over after this one applies on top of the new rules, one before it is
   * superseded.
   */
  synchronized CompletionStage<CarryOver> replaceRules(RuleBase next) {
    RuleBase before = rules;
    rules = next;
    fromFiles = next.scenarios();
    List<Scenario> merged = merge(lastStored);
    runningCount = merged.size();
    running.changed(next, merged);
    return evaluator
        .replaceRules(next, merged)
        .whenComplete(
            (carried, failure) -> {
              if (failure != null) {
                rulesRefused(before);
              }
            });
  }

  private synchronized void rulesRefused(RuleBase before) {
    rules = before;
    fromFiles = before.scenarios();
    List<Scenario> merged = merge(lastStored);
    runningCount = merged.size();
    running.changed(before, merged);
  }

  /** Scenarios read from the store at its last change. */
  int stored() {
    return stored;
  }

  /** Scenarios running: the rule files' and the stored ones, a stored one replacing its name. */
  int running() {
    return runningCount;
  }

  synchronized List<Scenario> merge(List<Scenario> stored) {
    Map<String, Scenario> byName = new LinkedHashMap<>();
    fromFiles.forEach(s -> byName.put(s.name(), s));
    stored.forEach(s -> byName.put(s.name(), s));
    return new ArrayList<>(byName.values());
  }

  @Override
  public Future<Void> stop() {
    return vertx.executeBlocking(
        () -> {
          if (watch != null) {
            watch.close();
          }
          return null;
        });
  }
}
