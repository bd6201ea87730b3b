package io.piccolo.simulator.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.fact.Decision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What makes {@code bench drl} fail: YAML and edge DRL firing differently. */
class FiringsTest {
  private static DecidedAction fired(long time, String rule) {
    return new DecidedAction(
        time, rule, rule, "update", rule + "-target", Map.of(), Decision.ALLOWED, "default", "");
  }

  @Test
  void theSameFiringsAgree() {
    assertNull(
        Firings.firstDifference(
            "yaml",
            List.of(fired(1, "a"), fired(2, "b")),
            "edge",
            List.of(fired(1, "a"), fired(2, "b"))));
  }

  @Test
  void aFiringAtAnotherTimeIsNamed() {
    assertEquals(
        "firing #2: yaml 2 ms b update b-target, edge 3 ms b update b-target",
        Firings.firstDifference(
            "yaml",
            List.of(fired(1, "a"), fired(2, "b")),
            "edge",
            List.of(fired(1, "a"), fired(3, "b"))));
  }

  @Test
  void anExtraFiringIsNamed() {
    assertEquals(
        "yaml fired 1 times, edge 2; first extra: 2 ms b update b-target",
        Firings.firstDifference(
            "yaml", List.of(fired(1, "a")), "edge", List.of(fired(1, "a"), fired(2, "b"))));
  }
}
