package io.piccolo.simulator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignalBucketsTest {
  @Test
  void aShortSignalKeepsEverySample() {
    SignalBuckets buckets = new SignalBuckets("Vehicle.Speed");
    for (int i = 0; i < 500; i++) {
      buckets.add(i * 100L, (double) (i % 7));
    }
    ReportData.SignalSeries s = buckets.series();
    assertEquals(500, s.samples());
    assertEquals(500, s.timesMillis().length);
  }

  @Test
  void aLongSignalKeepsAtMostFivePointsPerBucketWithTheExtremesAndBothEnds() {
    SignalBuckets buckets = new SignalBuckets("Vehicle.Speed");
    int n = 2_000_000;
    for (int i = 0; i < n; i++) {
      buckets.add(i * 10L, i == 1_234_567 ? 999.0 : i == 42 ? -5.0 : (double) (i % 50));
    }
    ReportData.SignalSeries s = buckets.series();
    assertEquals(n, s.samples());
    assertTrue(s.timesMillis().length <= 5 * SignalBuckets.BUCKETS, "" + s.timesMillis().length);
    assertEquals(0, s.timesMillis()[0]);
    assertEquals((n - 1) * 10L, s.timesMillis()[s.timesMillis().length - 1]);
    assertEquals(999.0, Arrays.stream(s.numbers()).max().orElseThrow());
    assertEquals(-5.0, Arrays.stream(s.numbers()).min().orElseThrow());
    long[] times = s.timesMillis();
    for (int i = 1; i < times.length; i++) {
      assertTrue(times[i - 1] <= times[i], "kept samples in time order");
    }
  }

  @Test
  void aTextValueBetweenTwoEqualOnesSurvivesMerging() {
    SignalBuckets buckets = new SignalBuckets("Vehicle.Gear");
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      buckets.add(i * 10L, i == 77_777 ? "REVERSE" : "DRIVE");
    }
    List<String> texts = Arrays.asList(buckets.series().texts());
    assertTrue(texts.contains("REVERSE"), "a one-sample text value must still show");
  }
}
