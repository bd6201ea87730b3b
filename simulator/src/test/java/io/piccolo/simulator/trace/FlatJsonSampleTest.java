package io.piccolo.simulator.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JSON-lines samples read without a JSON tree give what the JSON reader gives; every other form is
 * left to it, with its messages.
 */
class FlatJsonSampleTest {

  @Test
  void aFlatSampleIsReadInAnyKeyOrder() {
    FlatJsonSample flat = new FlatJsonSample();
    String line = " { \"value\" : -12.375 , \"path\":\"Vehicle.Speed\",\"time\": 12.5 } ";
    assertTrue(flat.read(line));
    assertEquals("12.5", flat.time);
    assertEquals("Vehicle.Speed", line.substring(flat.pathStart, flat.pathEnd));
    assertEquals(-12.375, flat.value);
    assertTrue(flat.read("{\"time\":0,\"path\":\"A\",\"value\":\"PLAY\"}"));
    assertEquals("PLAY", flat.value);
    assertTrue(flat.read("{\"time\":0,\"path\":\"A\",\"value\":false}"));
    assertEquals(Boolean.FALSE, flat.value);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"time\":1,\"path\":\"A\",\"value\":-0}", // JSON's integer -0 is 0, not -0.0
        "{\"time\":1e3,\"path\":\"A\",\"value\":2}",
        "{\"time\":-1,\"path\":\"A\",\"value\":2}",
        "{\"time\":1.2345,\"path\":\"A\",\"value\":2}",
        "{\"time\":01,\"path\":\"A\",\"value\":2}",
        "{\"time\":1,\"path\":\"A\",\"value\":\"x\\\"y\"}",
        "{\"time\":1,\"path\":\"A\",\"value\":1,\"unit\":\"km/h\"}",
        "{\"time\":1,\"time\":2,\"path\":\"A\",\"value\":1}",
        "{\"time\":1,\"path\":\"A\",\"value\":null}",
        "{\"time\":1,\"path\":\"A\",\"value\":1e400}",
        "{\"time\":1,\"path\":\"A\",\"value\":[1]}",
        "{\"time\":1,\"path\":\"A\",\"value\":1} trailing",
        "{\"time\":1,\"path\":\"A\"}"
      })
  void otherFormsAreLeftToTheJsonReader(String line) {
    assertFalse(new FlatJsonSample().read(line));
  }

  @Test
  void theTraceReaderGivesWhatTheJsonReaderGave() throws Exception {
    Trace t =
        TraceReader.readJsonLines(
            "t.jsonl",
            "{\"time\":1,\"path\":\"A\",\"value\":-0}\n"
                + "{\"time\":1e3,\"path\":\"A\",\"value\":2}\n"
                + "{\"time\":1000.5,\"path\":\"A\",\"value\":\"x\\\"y\",\"unit\":\"-\"}\n");
    assertEquals(0.0, t.value(0));
    assertEquals(1_000_000, t.time(1));
    assertEquals("x\"y", t.value(2));
    assertEquals(1_000_500, t.time(2));
    TraceFormatException late =
        assertThrows(
            TraceFormatException.class,
            () ->
                TraceReader.readJsonLines(
                    "t.jsonl", "{\"time\":99999999999.5,\"path\":\"A\",\"value\":1}\n"));
    assertEquals(
        "t.jsonl:1: time 9.99999999995E10 is beyond the latest time a run can reach, 1000000000 s",
        late.getMessage());
  }
}
