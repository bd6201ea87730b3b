package io.piccolo.engine;

import static io.piccolo.engine.Fixtures.ruleBase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.piccolo.engine.fact.PackageState;
import io.piccolo.engine.index.FiringListener;
import io.piccolo.engine.index.FiringListener.BoundFact;
import io.piccolo.engine.index.FiringListener.Change;
import io.piccolo.engine.index.FiringListener.DrlFiring;
import io.piccolo.engine.index.FiringListener.Firing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a firing listener is told of DRL rules that run in the session: bound facts, trigger. */
class DrlFiringListenerTest {
  private static final String GEAR = "Vehicle.Powertrain.Transmission.CurrentGear";

  private static final String CAMERA =
      """
      package rules;

      declare CameraAsked
          camera : String @key
          reason : String
      end

      rule "camera in reverse"
      when
          $gear : Signal(path == "%s", number < 0)
          PackageState(name == "rear-camera", state == "idle")
          not CameraAsked()
      then
          insert(new CameraAsked("rear", "reverse"));
          actions.launch("rear-camera");
      end

      rule "camera asked"
      when
          CameraAsked()
      then
      end
      """
          .formatted(GEAR);

  /** Collects DRL firings; scenario firings go to their own list. */
  private static final class Told implements FiringListener {
    final List<DrlFiring> drl = new ArrayList<>();
    final List<Firing> indexed = new ArrayList<>();

    @Override
    public void fired(Firing firing) {
      indexed.add(firing);
    }

    @Override
    public void drlFired(DrlFiring firing) {
      drl.add(firing);
    }
  }

  @Test
  void aFiringNamesEachPatternsFactWhatChangedAndItsRequests() throws Exception {
    Told told = new Told();
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(), CAMERA))) {
      drive.evaluator.listenFirings(told);
      drive.evaluator.replaceFacts(
          "PackageState", Map.of("rear-camera", new PackageState("rear-camera", "idle")));
      drive.at(1_000, GEAR, 1);
      drive.at(2_500, GEAR, -1);
      assertEquals(1, drive.decided.size());
    }
    assertEquals(2, told.drl.size(), told.drl.toString());
    DrlFiring camera = told.drl.get(0);
    assertEquals("camera in reverse", camera.rule());
    assertEquals("test0.drl:8", camera.place());
    assertEquals(2_500, camera.timeMillis());
    assertEquals(1, camera.requests());
    assertEquals(
        List.of(
            new BoundFact("Signal", GEAR, -1, 2_500, Map.of()),
            new BoundFact(
                "PackageState", null, null, 0, Map.of("name", "rear-camera", "state", "idle"))),
        camera.facts(),
        "the Signal's pattern and the state's; the not pattern binds none");
    assertEquals(Change.UPDATE, camera.trigger().change());
    assertEquals(GEAR, camera.trigger().fact().path());
    assertNull(camera.trigger().byRule(), "a sample, from outside the session");

    DrlFiring asked = told.drl.get(1);
    assertEquals("camera asked", asked.rule());
    assertEquals(0, asked.requests());
    assertEquals(Change.INSERT, asked.trigger().change());
    assertEquals("camera in reverse", asked.trigger().byRule());
    assertEquals(
        List.of(new BoundFact("CameraAsked", null, null, 0, Map.of("camera", "rear"))),
        asked.facts(),
        "a declared type by its @key fields");
    assertEquals(List.of(), told.indexed, "no scenario, no edge rule the index runs");
  }

  @Test
  void anEdgeRuleTheIndexRunsIsToldOnlyWithItsComparisons() throws Exception {
    String edge =
        """
        package rules;

        rule "fast" @trigger(edge)
        when
            Signal(path == "Vehicle.Speed", number > 120)
        then
            actions.launch("assist");
        end
        """;
    Told told = new Told();
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(), edge))) {
      drive.evaluator.listenFirings(told);
      drive.at(1_000, "Vehicle.Speed", 130);
      assertEquals(1, drive.decided.size());
    }
    assertEquals(List.of("fast"), told.indexed.stream().map(Firing::scenario).toList());
    assertEquals(List.of(), told.drl);
  }

  @Test
  void theListenerCarriesOverAReloadOfRules() throws Exception {
    Told told = new Told();
    Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(), CAMERA));
    drive.evaluator.listenFirings(told);
    drive.at(1_000, GEAR, 1);
    Evaluator.RulesReplaced swapped =
        drive.evaluator.replaceRules(ruleBase(List.of(), CAMERA), List.of());
    try (Fixtures.Drive after = new Fixtures.Drive(swapped.evaluator())) {
      after.evaluator.replaceFacts(
          "PackageState", Map.of("rear-camera", new PackageState("rear-camera", "idle")));
      after.at(2_000, GEAR, -1);
    }
    assertEquals(
        List.of("camera in reverse", "camera asked"),
        told.drl.stream().map(DrlFiring::rule).toList());
  }
}
