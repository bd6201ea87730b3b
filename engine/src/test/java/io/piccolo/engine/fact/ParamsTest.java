package io.piccolo.engine.fact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.piccolo.engine.scenario.ScenarioAction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Params keep the order they were written in, so a replay prints them the same way every run. */
class ParamsTest {
  @Test
  void requestsAndScenarioActionsKeepTheWrittenOrder() {
    Map<String, Object> written = new LinkedHashMap<>();
    for (String name : List.of("zeta", "alpha", "mid", "beta", "omega", "gamma", "delta")) {
      written.put(name, name.length());
    }
    ScenarioAction action = new ScenarioAction("update", "x", written);
    assertEquals(List.copyOf(written.keySet()), List.copyOf(action.params().keySet()));
    ActionRequest request = new ActionRequest("update", "x", "s", "s", written, 0, () -> "s");
    assertEquals(List.copyOf(written.keySet()), List.copyOf(request.getParams().keySet()));
    assertThrows(UnsupportedOperationException.class, () -> request.getParams().put("more", 1));
  }

  @Test
  void nullNamesAndValuesAreRefusedAsBefore() {
    Map<String, Object> withNull = new LinkedHashMap<>();
    withNull.put("speed", null);
    assertThrows(NullPointerException.class, () -> Params.inOrder(withNull));
  }
}
