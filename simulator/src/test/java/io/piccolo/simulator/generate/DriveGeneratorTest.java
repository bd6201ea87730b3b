package io.piccolo.simulator.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.simulator.trace.Trace;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DriveGeneratorTest {

  @Test
  void theSameSeedMakesTheSameDrive() {
    assertEquals(
        new DriveGenerator(7).generate().samples(), new DriveGenerator(7).generate().samples());
  }

  @Test
  void aDriveHasEveryPhaseAndSignal() {
    Trace t = new DriveGenerator(42).generate();
    double top = 0;
    boolean reversed = false;
    boolean playing = false;
    Set<String> paths = new HashSet<>();
    double lastBattery = 100;
    for (int i = 0; i < t.size(); i++) {
      paths.add(t.path(i));
      if (t.path(i).equals(DriveGenerator.SPEED)) {
        top = Math.max(top, (Double) t.value(i));
      }
      if (t.path(i).equals(DriveGenerator.GEAR) && (Double) t.value(i) < 0) {
        reversed = true;
      }
      if (t.path(i).equals(DriveGenerator.MEDIA) && t.value(i).equals("PLAY")) {
        playing = true;
      }
      if (t.path(i).equals(DriveGenerator.BATTERY)) {
        assertTrue((Double) t.value(i) <= lastBattery, "the battery only drains");
        lastBattery = (Double) t.value(i);
      }
      if (i > 0) {
        assertTrue(t.time(i) >= t.time(i - 1), "samples in time order");
      }
    }
    assertEquals(
        Set.of(
            DriveGenerator.SPEED,
            DriveGenerator.GEAR,
            DriveGenerator.DOOR,
            DriveGenerator.MEDIA,
            DriveGenerator.BATTERY),
        paths);
    assertTrue(top > 120 && top < 140, "a highway phase: top speed " + top);
    assertTrue(reversed && playing);
    assertTrue(lastBattery < 10, "ends below the battery reserve: " + lastBattery);
    assertTrue(t.lastTime() > 15 * 60_000, "a drive of a quarter hour or more: " + t.lastTime());
  }
}
