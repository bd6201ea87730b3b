package io.piccolo.simulator.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadAheadTest {
  @TempDir Path dir;

  /** Several chunks and a partial one: the samples a direct read gives, in order. */
  @Test
  void givesTheSamplesOfADirectRead() throws Exception {
    Path file = csv(10_003, -1);
    List<String> direct = drain(TraceReader.open(file));
    List<String> ahead = drain(new ReadAhead(TraceReader.open(file)));
    assertEquals(10_003, direct.size());
    assertEquals(direct, ahead);
  }

  /** Every sample before a malformed line is handed over, then the direct read's own error. */
  @Test
  void failsAtTheSameSampleWithTheSameMessage() throws Exception {
    Path file = csv(9_500, 9_001);
    List<String> direct = new ArrayList<>();
    TraceFormatException directError =
        assertThrows(TraceFormatException.class, () -> drainInto(TraceReader.open(file), direct));
    List<String> ahead = new ArrayList<>();
    TraceFormatException aheadError =
        assertThrows(
            TraceFormatException.class,
            () -> drainInto(new ReadAhead(TraceReader.open(file)), ahead));
    assertEquals(8_999, direct.size());
    assertEquals(direct, ahead);
    assertEquals(directError.getMessage(), aheadError.getMessage());
    assertTrue(aheadError.getMessage().contains("9001"), aheadError.getMessage());
  }

  @Test
  void anEmptyTraceEnds() throws Exception {
    Path file = csv(0, -1);
    try (SampleStream in = new ReadAhead(TraceReader.open(file))) {
      assertFalse(in.next());
      assertFalse(in.next());
    }
  }

  /** A replay that stops early (--until) closes the stream while the reader is still ahead. */
  @Test
  void closingEarlyLeavesNothingRunning() throws Exception {
    Path file = csv(100_000, -1);
    SampleStream in = new ReadAhead(TraceReader.open(file));
    assertTrue(in.next());
    assertEquals("Vehicle.Speed", in.path());
    in.close();
    io.piccolo.connectors.testing.Waits.until(
        "the trace reader's thread has ended",
        java.time.Duration.ofSeconds(10),
        () ->
            Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("piccolo-trace-reader")));
  }

  @Test
  void smallFilesAreReadDirectly() throws Exception {
    Path file = csv(10, -1);
    try (SampleStream in = ReadAhead.of(TraceReader.open(file), Files.size(file))) {
      assertFalse(in instanceof ReadAhead);
    }
  }

  /** {@code samples} lines; line {@code badLine} (1 is the header) broken when positive. */
  private Path csv(int samples, int badLine) throws Exception {
    StringBuilder text = new StringBuilder("time,path,value\n");
    for (int i = 0; i < samples; i++) {
      if (i + 2 == badLine) {
        text.append("not a line\n");
      } else {
        text.append(i / 10.0).append(",Vehicle.Speed,").append(i % 97).append('\n');
      }
    }
    Path file = dir.resolve("trace-" + samples + "-" + badLine + ".csv");
    Files.writeString(file, text);
    return file;
  }

  private static List<String> drain(SampleStream in) throws Exception {
    List<String> out = new ArrayList<>();
    drainInto(in, out);
    return out;
  }

  private static void drainInto(SampleStream in, List<String> out) throws Exception {
    try (in) {
      while (in.next()) {
        out.add(in.time() + " " + in.path() + " " + in.value());
      }
    }
  }
}
