package io.piccolo.connectors.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.piccolo.engine.state.ResourceKind;
import org.junit.jupiter.api.Test;

class MemoryStateStoreTest extends StateStoreContract {
  @Override
  StateStore store() {
    return StateStores.inMemory();
  }

  @Test
  void transitionsAreCountedByKindAndOutcome() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    StateStore store = StateStores.metered(StateStores.inMemory(), meters);
    store.transition(ResourceKind.SCENARIO, "s", null, "waiting");
    store.transition(ResourceKind.SCENARIO, "s", "waiting", "completed");
    store.transition(ResourceKind.SCENARIO, "s", "idle", "waiting");
    assertEquals(1.0, count(meters, "applied"));
    assertEquals(1.0, count(meters, "rejected"));
    assertEquals(1.0, count(meters, "conflict"));
  }

  private static double count(SimpleMeterRegistry meters, String outcome) {
    return meters
        .get("piccolo.state.transitions")
        .tag("kind", "scenario")
        .tag("outcome", outcome)
        .counter()
        .count();
  }
}
