package io.piccolo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.engine.state.ResourceKind;
import io.piccolo.engine.state.StateMachine;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StateMachineTest {

  @Test
  void aScenarioCycleIsAllowedStepByStep() {
    String[] cycle = {null, "waiting", "satisfied", "allowed", "completed", "satisfied", "denied"};
    for (int i = 1; i < cycle.length; i++) {
      assertEquals(
          Optional.empty(),
          StateMachine.reject(ResourceKind.SCENARIO, cycle[i - 1], cycle[i]),
          cycle[i - 1] + " -> " + cycle[i]);
    }
  }

  @Test
  void skippingTheDecisionIsRejectedWithTheReason() {
    assertEquals(
        Optional.of("no transition from waiting to allowed (from waiting: idle, satisfied)"),
        StateMachine.reject(ResourceKind.SCENARIO, "waiting", "allowed"));
    assertEquals(
        Optional.of(
            "'zombie' is not a model state (one of created, dead, exited, paused, running)"),
        StateMachine.reject(ResourceKind.MODEL, "running", "zombie"));
  }

  @Test
  void aPackageStateFollowsItsModelsAsInPullpiri() {
    assertEquals("idle", StateMachine.packageState(List.of()));
    assertEquals("error", StateMachine.packageState(List.of("dead", "dead")));
    assertEquals("degraded", StateMachine.packageState(List.of("running", "dead")));
    assertEquals("paused", StateMachine.packageState(List.of("paused", "paused")));
    assertEquals("exited", StateMachine.packageState(List.of("exited")));
    assertEquals("running", StateMachine.packageState(List.of("paused", "exited")));
    assertEquals("running", StateMachine.packageState(List.of("created", "running")));
  }

  @Test
  void aPackageOfModelsPreparedAheadStaysIdleUntilOneRuns() {
    assertEquals("idle", StateMachine.packageState(List.of("created", "created")));
    assertEquals("idle", StateMachine.packageState(List.of("created", "exited")));
    assertEquals("running", StateMachine.packageState(List.of("created", "running")));
  }

  @Test
  void aModelMayBeRecordedInItsFirstStateWhenNothingWasRecorded() {
    assertEquals(Optional.empty(), StateMachine.reject(ResourceKind.MODEL, null, "created"));
    assertEquals(
        Optional.of(
            "no transition from created to created (from created: dead, exited, paused,"
                + " running)"),
        StateMachine.reject(ResourceKind.MODEL, "created", "created"));
  }

  @Test
  void storedValuesAreSpelledAsPullpiriSpellsThem() {
    assertEquals("/scenario/video/state", ResourceKind.SCENARIO.stateKey("video"));
    assertEquals("SCENARIO_STATE_SATISFIED", ResourceKind.SCENARIO.storedValue("satisfied"));
    assertEquals("PACKAGE_STATE_DEGRADED", ResourceKind.PACKAGE.storedValue("degraded"));
    assertEquals("Running", ResourceKind.MODEL.storedValue("running"));
    assertEquals("degraded", ResourceKind.PACKAGE.stateOf("PACKAGE_STATE_DEGRADED"));
    assertEquals("running", ResourceKind.MODEL.stateOf("Running"));
    assertTrue(StateMachine.states(ResourceKind.SCENARIO).contains("failed"));
  }
}
