package io.piccolo.adapters.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StateStores;
import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.fact.Decision;
import io.piccolo.engine.state.ResourceKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A scenario completes or fails with its action's work, never before it. */
class ScenarioStateRecorderTest {
  private final List<String> steps = new CopyOnWriteArrayList<>();

  private static DecidedAction decision(long time, Decision decision) {
    return new DecidedAction(
        time, "camera", "camera", "launch", "rear-camera", Map.of(), decision, "default", null);
  }

  private ScenarioStateRecorder recorder(StateStore store) throws Exception {
    ScenarioStateRecorder r =
        new ScenarioStateRecorder(
            store,
            Set.of("camera"),
            steps::add,
            (time, scenario, from, to) -> steps.add(time + " " + to));
    r.start();
    return r;
  }

  @Test
  void anAllowedScenarioCompletesOnlyWhenItsWorkSucceeded() throws Exception {
    try (StateStore store = StateStores.inMemory();
        ScenarioStateRecorder r = recorder(store)) {
      DecidedAction launch = decision(1_000, Decision.ALLOWED);
      r.record(List.of(launch));
      assertEquals(List.of("-1 waiting", "1000 satisfied", "1000 allowed"), steps);
      assertEquals(1, r.outstanding());
      r.finished(launch, true, 1_200);
      assertEquals("1200 completed", steps.get(steps.size() - 1));
      r.finish(Duration.ofSeconds(5));
      assertEquals(Optional.of("completed"), store.state(ResourceKind.SCENARIO, "camera"));
    }
  }

  @Test
  void aFailedActionFailsTheScenario() throws Exception {
    try (StateStore store = StateStores.inMemory();
        ScenarioStateRecorder r = recorder(store)) {
      DecidedAction launch = decision(1_000, Decision.ALLOWED);
      r.record(List.of(launch));
      r.finished(launch, false, 1_300);
      r.finish(Duration.ofSeconds(5));
      assertEquals(Optional.of("failed"), store.state(ResourceKind.SCENARIO, "camera"));
    }
  }

  @Test
  void aFiringWhileTheLastActionRunsIsRecordedAfterItsOutcome() throws Exception {
    try (StateStore store = StateStores.inMemory();
        ScenarioStateRecorder r = recorder(store)) {
      DecidedAction first = decision(1_000, Decision.ALLOWED);
      DecidedAction second = decision(2_000, Decision.DENIED);
      DecidedAction third = decision(3_000, Decision.ALLOWED);
      r.record(List.of(first));
      r.record(List.of(second));
      r.record(List.of(third));
      r.finished(third, true, 3_100); // work of different Packages may end out of order
      assertEquals(List.of("-1 waiting", "1000 satisfied", "1000 allowed"), steps);
      r.finished(first, true, 1_500);
      assertEquals(
          List.of(
              "-1 waiting",
              "1000 satisfied",
              "1000 allowed",
              "1500 completed",
              "2000 satisfied",
              "2000 denied",
              "3000 satisfied",
              "3000 allowed",
              "3100 completed"),
          steps);
      assertEquals(0, r.outstanding());
      assertEquals(0, r.finish(Duration.ofSeconds(5)));
      assertEquals(Optional.of("completed"), store.state(ResourceKind.SCENARIO, "camera"));
    }
  }
}
