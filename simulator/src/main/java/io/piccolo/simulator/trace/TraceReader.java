package io.piccolo.simulator.trace;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.piccolo.engine.fact.SignalValues;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a trace: CSV with header {@code time,path,value}, or JSON lines {@code {"time": 12.5,
 * "path": "Vehicle.Speed", "value": 42.0}}. Times are seconds from the start, kept to the
 * millisecond; samples must be in time order. The whole file is checked before anything runs.
 */
public final class TraceReader {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private TraceReader() {}

  public static Trace read(Path file) throws IOException, TraceFormatException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(file.toString(), in, isJsonLines(file), 1);
    }
  }

  public static Trace readCsv(String name, String text) throws TraceFormatException {
    return readCsv(name, text, 1);
  }

  /** CSV embedded in another file: line numbers in errors count from {@code firstLine}. */
  public static Trace readCsv(String name, String text, int firstLine) throws TraceFormatException {
    try {
      return read(name, new StringReader(text), false, firstLine);
    } catch (IOException e) {
      throw new IllegalStateException("reading a string cannot fail", e);
    }
  }

  public static Trace readJsonLines(String name, String text) throws TraceFormatException {
    return parse(name, text, true);
  }

  private static Trace parse(String name, String text, boolean json) throws TraceFormatException {
    try {
      return read(name, new StringReader(text), json, 1);
    } catch (IOException e) {
      throw new IllegalStateException("reading a string cannot fail", e);
    }
  }

  private static boolean isJsonLines(Path file) throws IOException {
    String name = file.getFileName().toString();
    if (name.endsWith(".csv")) {
      return false;
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
      return true;
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (!line.isBlank()) {
          return line.trim().startsWith("{");
        }
      }
    }
    return false;
  }

  private static Trace read(String name, Reader reader, boolean json, int firstLine)
      throws IOException, TraceFormatException {
    BufferedReader in = new BufferedReader(reader);
    List<Trace.Sample> samples = new ArrayList<>();
    Map<String, String> interned = new HashMap<>();
    int lineNo = firstLine - 1;
    boolean headerSeen = json;
    long previous = 0;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      lineNo++;
      if (lineNo == firstLine && !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK) {
        line = line.substring(1);
      }
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (!headerSeen) {
        checkHeader(name, lineNo, line);
        headerSeen = true;
        continue;
      }
      Trace.Sample s = json ? jsonSample(name, lineNo, line) : csvSample(name, lineNo, line);
      if (s.timeMillis() < previous) {
        throw new TraceFormatException(
            name,
            lineNo,
            "time "
                + seconds(s.timeMillis())
                + " s is before the previous sample's "
                + seconds(previous)
                + " s; samples must be in time order");
      }
      previous = s.timeMillis();
      samples.add(
          new Trace.Sample(s.timeMillis(), interned.computeIfAbsent(s.path(), p -> p), s.value()));
    }
    if (!headerSeen) {
      throw new TraceFormatException(
          name, Math.max(lineNo, 1), "empty trace: expected the header time,path,value");
    }
    return Trace.of(name, samples);
  }

  private static void checkHeader(String name, int lineNo, String line)
      throws TraceFormatException {
    String[] cols = line.split(",", -1);
    if (cols.length != 3
        || !cols[0].trim().equals("time")
        || !cols[1].trim().equals("path")
        || !cols[2].trim().equals("value")) {
      throw new TraceFormatException(
          name, lineNo, "expected the header time,path,value, found '" + line.trim() + "'");
    }
  }

  private static Trace.Sample csvSample(String name, int lineNo, String line)
      throws TraceFormatException {
    List<String> fields = CsvFields.split(line);
    if (fields == null) {
      throw new TraceFormatException(
          name,
          lineNo,
          "a quoted field is not closed, or text follows its closing quote: " + line.trim());
    }
    if (fields.size() != 3) {
      throw new TraceFormatException(
          name,
          lineNo,
          "expected three fields time,path,value, found "
              + fields.size()
              + " in '"
              + line.trim()
              + "' (quote a value that holds a comma)");
    }
    long time = millis(name, lineNo, unquote(fields.get(0).trim()));
    String path = path(name, lineNo, unquote(fields.get(1).trim()));
    String raw = fields.get(2).trim();
    if (raw.isEmpty()) {
      throw new TraceFormatException(name, lineNo, "missing value for " + path);
    }
    return new Trace.Sample(time, path, csvValue(raw));
  }

  private static String unquote(String field) {
    return field.length() >= 2 && field.startsWith("\"") && field.endsWith("\"")
        ? field.substring(1, field.length() - 1).replace("\"\"", "\"")
        : field;
  }

  /** A number, true/false, or a string (quotes, if any, removed). */
  static Object csvValue(String raw) {
    if (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) {
      return raw.substring(1, raw.length() - 1).replace("\"\"", "\"");
    }
    if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(raw);
    }
    double number = SignalValues.parseNumber(raw);
    return Double.isNaN(number) ? raw : (Object) number;
  }

  private static Trace.Sample jsonSample(String name, int lineNo, String line)
      throws TraceFormatException {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new TraceFormatException(name, lineNo, "not a JSON object: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new TraceFormatException(
          name, lineNo, "expected a JSON object with time, path and value");
    }
    JsonNode time = node.get("time");
    if (time == null || !time.isNumber()) {
      throw new TraceFormatException(name, lineNo, "\"time\" must be a number of seconds");
    }
    JsonNode path = node.get("path");
    if (path == null || !path.isTextual()) {
      throw new TraceFormatException(
          name, lineNo, "\"path\" must be a string such as \"Vehicle.Speed\"");
    }
    JsonNode value = node.get("value");
    Object v;
    if (value == null || value.isNull() || value.isContainerNode()) {
      throw new TraceFormatException(
          name, lineNo, "\"value\" must be a number, true/false or a string");
    } else if (value.isBoolean()) {
      v = value.booleanValue();
    } else if (value.isNumber()) {
      v = value.doubleValue();
    } else {
      v = value.textValue();
    }
    return new Trace.Sample(
        millis(name, lineNo, time.asText()), path(name, lineNo, path.textValue()), v);
  }

  private static long millis(String name, int lineNo, String seconds) throws TraceFormatException {
    try {
      BigDecimal ms = new BigDecimal(seconds).movePointRight(3);
      if (ms.signum() < 0) {
        throw new TraceFormatException(name, lineNo, "time " + seconds + " is negative");
      }
      if (ms.stripTrailingZeros().scale() > 0) {
        throw new TraceFormatException(
            name, lineNo, "time " + seconds + " is finer than a millisecond");
      }
      return ms.longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw new TraceFormatException(
          name, lineNo, "time '" + seconds + "' is not a number of seconds");
    }
  }

  private static String path(String name, int lineNo, String path) throws TraceFormatException {
    if (path.isEmpty() || path.contains(" ")) {
      throw new TraceFormatException(
          name, lineNo, "path '" + path + "' must be a signal path such as Vehicle.Speed");
    }
    return path;
  }

  private static String seconds(long millis) {
    return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
  }
}
