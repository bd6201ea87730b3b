package io.piccolo.simulator.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceReaderTest {

  @Test
  void csvValuesAreNumbersBooleansOrText() throws Exception {
    Trace t =
        TraceReader.readCsv(
            "t.csv",
            "time,path,value\n0,Vehicle.Speed,42.5\n0.25,Vehicle.IsMoving,true\n1.001,Vehicle.Cabin.Infotainment.Media.Action,PLAY\n2,X,\"a, b\"\n");
    assertEquals(4, t.size());
    assertEquals(42.5, t.value(0));
    assertEquals(Boolean.TRUE, t.value(1));
    assertEquals(250, t.time(1));
    assertEquals("PLAY", t.value(2));
    assertEquals(1001, t.time(2));
    assertEquals("a, b", t.value(3));
  }

  @Test
  void jsonLinesCarryTheSameSamples() throws Exception {
    Trace t =
        TraceReader.readJsonLines(
            "t.jsonl",
            "{\"time\": 12.5, \"path\": \"Vehicle.Speed\", \"value\": 42.0}\n\n{\"time\": 13, \"path\": \"Vehicle.IsMoving\", \"value\": false}\n");
    assertEquals(2, t.size());
    assertEquals(12_500, t.time(0));
    assertEquals(Boolean.FALSE, t.value(1));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "time,path,value\\n0,Vehicle.Speed,1\\nabc,Vehicle.Speed,2 | t.csv:3: time 'abc' is not a number of seconds",
        "time,path,value\\n5,Vehicle.Speed,1\\n4,Vehicle.Speed,2 | t.csv:3: time 4 s is before the previous sample's 5 s; samples must be in time order",
        "time,path,value\\n0,Vehicle.Speed | t.csv:2: expected three fields time,path,value, found 2 in '0,Vehicle.Speed' (quote a value that holds a comma)",
        "time,path,value\\n0,A,1,2 | t.csv:2: expected three fields time,path,value, found 4 in '0,A,1,2' (quote a value that holds a comma)",
        "time,path,value\\n2,C,\"open | t.csv:2: a quoted field is not closed, or text follows its closing quote: 2,C,\"open",
        "time,path,value\\n2,C,\"a\"b | t.csv:2: a quoted field is not closed, or text follows its closing quote: 2,C,\"a\"b",
        "time,path,value\\n0.0001,Vehicle.Speed,1 | t.csv:2: time 0.0001 is finer than a millisecond",
        "time,path,value\\n-1,Vehicle.Speed,1 | t.csv:2: time -1 is negative",
        "time,path,value\\n1,Vehicle.Speed, | t.csv:2: missing value for Vehicle.Speed",
        "t,p,v\\n1,Vehicle.Speed,1 | t.csv:1: expected the header time,path,value, found 't,p,v'"
      })
  void malformedCsvLinesAreNamed(String text, String message) {
    TraceFormatException e =
        assertThrows(
            TraceFormatException.class,
            () -> TraceReader.readCsv("t.csv", text.replace("\\n", "\n")));
    assertEquals(message, e.getMessage());
  }

  @Test
  void malformedJsonLinesAreNamed() {
    TraceFormatException e =
        assertThrows(
            TraceFormatException.class,
            () ->
                TraceReader.readJsonLines(
                    "t.jsonl",
                    "{\"time\": 1, \"path\": \"A\", \"value\": 1}\n{\"time\": \"x\", \"path\": \"A\", \"value\": 1}\n"));
    assertEquals("t.jsonl:2: \"time\" must be a number of seconds", e.getMessage());
  }

  @Test
  void quotedPathsAndAByteOrderMarkAreRead() throws Exception {
    Trace t = TraceReader.readCsv("t.csv", "\uFEFFtime,path,value\n\"0.5\",\"Vehicle.Speed\",12\n");
    assertEquals("Vehicle.Speed", t.path(0));
    assertEquals(500, t.time(0));
  }

  @Test
  void trailingGarbageAfterAJsonObjectIsAnError() {
    TraceFormatException e =
        assertThrows(
            TraceFormatException.class,
            () ->
                TraceReader.readJsonLines(
                    "t.jsonl", "{\"time\": 1, \"path\": \"A\", \"value\": 1} x\n"));
    assertTrue(
        e.getMessage().startsWith("t.jsonl:1: column 38: 'x' is not a JSON value"), e.getMessage());
  }

  @Test
  void readsTheWltcReferenceDrive() throws Exception {
    Trace t = TraceReader.read(SharedData.require("drive-cycles/wltc-class3b.csv"));
    assertEquals(1801, t.size());
    assertEquals(1_800_000, t.lastTime());
    assertEquals("Vehicle.Speed", t.path(0));
  }

  @Test
  void aDuplicateJsonKeyIsAnError() {
    TraceFormatException e =
        assertThrows(
            TraceFormatException.class,
            () ->
                TraceReader.readJsonLines(
                    "t.jsonl", "{\"time\": 1, \"path\": \"A\", \"value\": 130, \"value\": 1}\n"));
    assertTrue(
        e.getMessage()
            .startsWith(
                "t.jsonl:1: column 47: \"value\" is given twice; give each of time, path and value"
                    + " once"),
        e.getMessage());
  }

  @Test
  void aJsonValueBeyondWhatANumberHoldsIsRefusedNotReadAsInfinity() {
    TraceFormatException e =
        assertThrows(
            TraceFormatException.class,
            () ->
                TraceReader.readJsonLines(
                    "t.jsonl", "{\"time\": 0, \"path\": \"Vehicle.Speed\", \"value\": 1e400}\n"));
    assertTrue(e.getMessage().startsWith("t.jsonl:1: \"value\""), e.getMessage());
  }
}
