package io.piccolo.simulator.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathCacheTest {
  private static String line(int i) {
    return "0.5,Vehicle.Bench.Signal" + i + ",42";
  }

  private static String read(PathCache cache, String line) {
    return cache.get(line, 4, line.lastIndexOf(','));
  }

  @Test
  void tenThousandPathsAreAllFoundAgainAsTheSameStrings() {
    PathCache cache = new PathCache();
    List<String> first = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      first.add(read(cache, line(i)));
    }
    for (int i = 0; i < 10_000; i++) {
      String again = read(cache, line(i));
      assertEquals("Vehicle.Bench.Signal" + i, again);
      assertSame(first.get(i), again, "path " + i);
    }
  }

  @Test
  void beyondItsSizeEveryPathIsStillReadRight() {
    PathCache cache = new PathCache();
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 300_000; i += 7) {
        assertEquals("Vehicle.Bench.Signal" + i, read(cache, line(i)));
      }
    }
  }
}
