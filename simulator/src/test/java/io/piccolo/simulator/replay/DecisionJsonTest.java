package io.piccolo.simulator.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.fact.Decision;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Decision lines written without Jackson are the bytes Jackson writes. */
class DecisionJsonTest {

  private static DecidedAction decision(long millis, String reason, Map<String, Object> params) {
    return new DecidedAction(
        millis,
        "speed above 20",
        "speed above 20",
        "launch",
        "highway-assist",
        params,
        Decision.DENIED,
        "no video while moving",
        reason);
  }

  @Test
  void plainLinesAreWhatJacksonWrites() {
    Random random = new Random(7);
    long[] times = {0, 1, 10, 100, 999, 1000, 1001, 1010, 1100, 12_500, 1_796_119_815_683L};
    for (long t : times) {
      DecidedAction d = decision(t, "vehicle is moving", Map.of());
      assertEquals(DecisionJson.jacksonLine(d), DecisionJson.plainLine(d));
    }
    for (int i = 0; i < 10_000; i++) {
      DecidedAction d = decision(random.nextLong(2_000_000_000_000L), "r " + i, Map.of());
      assertEquals(DecisionJson.jacksonLine(d), DecisionJson.line(d));
    }
  }

  @Test
  void anythingToEscapeOrParamsAreWrittenByJackson() {
    DecidedAction quoted = decision(1, "said \"no\"", Map.of());
    DecidedAction accented = decision(1, "Geschwindigkeit über 20", Map.of());
    DecidedAction control = decision(1, "line\nbreak", Map.of());
    DecidedAction withParams = decision(1, "ok", Map.of("speed", 20));
    for (DecidedAction d : new DecidedAction[] {quoted, accented, control, withParams}) {
      assertNull(DecisionJson.plainLine(d));
      assertEquals(DecisionJson.jacksonLine(d), DecisionJson.line(d));
    }
  }
}
