package io.piccolo.simulator.trace;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.piccolo.engine.fact.SignalValues;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
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
 * millisecond; samples must be in time order. Files stream: a malformed line is reported when the
 * replay reaches it, naming its line.
 */
public final class TraceReader {
  /** The longest line a trace may have; longer means binary data or a file without line breaks. */
  public static final int MAX_LINE_BYTES = 1 << 20;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** Paths shared between samples; a trace with more distinct paths than this is not a drive. */
  private static final int MAX_INTERNED = 1 << 16;

  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private TraceReader() {}

  /** A stream over a trace file; CSV or JSON lines by its name, else by its first line. */
  public static SampleStream open(Path file) throws IOException {
    long size = Files.isRegularFile(file) ? Files.size(file) : -1;
    return new Lines(file.toString(), Files.newInputStream(file), format(file), 1, size);
  }

  /** The whole trace in memory, for tests and tools that need random access. */
  public static Trace read(Path file) throws IOException, TraceFormatException {
    try (SampleStream in = open(file)) {
      return collect(file.toString(), in);
    }
  }

  public static Trace readCsv(String name, String text) throws TraceFormatException {
    return readCsv(name, text, 1);
  }

  /** CSV embedded in another file: line numbers in errors count from {@code firstLine}. */
  public static Trace readCsv(String name, String text, int firstLine) throws TraceFormatException {
    return fromText(name, text, false, firstLine);
  }

  public static Trace readJsonLines(String name, String text) throws TraceFormatException {
    return fromText(name, text, true, 1);
  }

  private static Trace fromText(String name, String text, boolean json, int firstLine)
      throws TraceFormatException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    try (SampleStream in =
        new Lines(name, new ByteArrayInputStream(bytes), json, firstLine, bytes.length)) {
      return collect(name, in);
    } catch (IOException e) {
      throw new IllegalStateException("reading a string cannot fail", e);
    }
  }

  private static Trace collect(String name, SampleStream in)
      throws IOException, TraceFormatException {
    List<Trace.Sample> samples = new ArrayList<>();
    while (in.next()) {
      samples.add(new Trace.Sample(in.time(), in.path(), in.value()));
    }
    return Trace.of(name, samples);
  }

  /**
   * JSON lines (true) or CSV (false) by the file's name; null when the name does not tell, and the
   * first line decides (read once, so a pipe such as {@code /dev/stdin} works).
   */
  private static Boolean format(Path file) {
    Path leaf = file.getFileName();
    String name = leaf == null ? "" : leaf.toString();
    if (name.endsWith(".csv")) {
      return false;
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
      return true;
    }
    return null;
  }

  /** A trace read line by line. */
  private static final class Lines implements SampleStream {
    private final String name;
    private final InputStream input;
    private final ByteLines lines;
    private Boolean json;
    private final int firstLine;
    private final long size;
    private final Map<String, String> interned = new HashMap<>();
    private final FlatJsonSample flat = new FlatJsonSample();
    private final PathCache paths = new PathCache();
    private boolean headerSeen;
    private long time;
    private String path;
    private Object value;

    Lines(String name, InputStream input, Boolean json, int firstLine, long size) {
      this.name = name;
      this.input = input;
      this.lines = new ByteLines(name, input, firstLine, MAX_LINE_BYTES);
      this.json = json;
      this.firstLine = firstLine;
      this.size = size;
      this.headerSeen = Boolean.TRUE.equals(json);
    }

    @Override
    public boolean next() throws IOException, TraceFormatException {
      long previous = time;
      for (String line = lines.next(); line != null; line = lines.next()) {
        int lineNo = lines.lineNumber();
        if (lineNo == firstLine && !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK) {
          line = line.substring(1);
        }
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        if (json == null) {
          json = line.trim().startsWith("{");
          headerSeen = json;
        }
        if (!headerSeen) {
          checkHeader(lineNo, line);
          headerSeen = true;
          continue;
        }
        time = -1;
        try {
          if (json) {
            jsonSample(lineNo, line);
          } else {
            csvSample(lineNo, line);
          }
        } catch (TraceFormatException e) {
          throw time >= previous ? e.at(time) : e;
        }
        if (time < previous) {
          throw new TraceFormatException(
              name,
              lineNo,
              "time "
                  + TraceTimes.seconds(time)
                  + " s is before the previous sample's "
                  + TraceTimes.seconds(previous)
                  + " s; samples must be in time order");
        }
        return true;
      }
      if (!headerSeen) {
        throw new TraceFormatException(
            name,
            Math.max(lines.lineNumber(), firstLine),
            "empty trace: expected the header time,path,value");
      }
      return false;
    }

    @Override
    public long time() {
      return time;
    }

    @Override
    public String path() {
      return path;
    }

    @Override
    public Object value() {
      return value;
    }

    @Override
    public double progress() {
      return size <= 0 ? Double.NaN : Math.min(1, lines.consumed() / (double) size);
    }

    @Override
    public void close() throws IOException {
      input.close();
    }

    private void checkHeader(int lineNo, String line) throws TraceFormatException {
      String[] cols = line.split(",", -1);
      if (cols.length != 3
          || !cols[0].trim().equals("time")
          || !cols[1].trim().equals("path")
          || !cols[2].trim().equals("value")) {
        throw new TraceFormatException(
            name, lineNo, "expected the header time,path,value, found '" + line.trim() + "'");
      }
    }

    private void csvSample(int lineNo, String line) throws TraceFormatException {
      String timeField;
      String pathField;
      String raw;
      int first = line.indexOf(',');
      int second = first < 0 ? -1 : line.indexOf(',', first + 1);
      if (line.indexOf('"') < 0) {
        if (second < 0 || line.indexOf(',', second + 1) >= 0) {
          if (first > 0) {
            time = timeOrUnknown(line.substring(0, first).trim());
          }
          throw fieldCount(lineNo, line, line.split(",", -1).length);
        }
        plainCsvSample(lineNo, line, first, second);
        return;
      } else {
        List<String> fields = CsvFields.split(line);
        if (fields == null && first > 0) {
          time = timeOrUnknown(unquote(line.substring(0, first).trim()));
        }
        if (fields == null) {
          throw new TraceFormatException(
              name,
              lineNo,
              "a quoted field is not closed, or text follows its closing quote: " + line.trim());
        }
        if (fields.size() != 3) {
          throw fieldCount(lineNo, line, fields.size());
        }
        timeField = unquote(fields.get(0).trim());
        pathField = unquote(fields.get(1).trim());
        raw = fields.get(2).trim();
      }
      time = millis(lineNo, timeField);
      path = path(lineNo, pathField);
      if (raw.isEmpty()) {
        throw new TraceFormatException(name, lineNo, "missing value for " + path);
      }
      value = csvValue(raw);
    }

    /** A line without quotes, read from its characters: one string for the value alone. */
    private void plainCsvSample(int lineNo, String line, int first, int second)
        throws TraceFormatException {
      int timeStart = trimStart(line, 0, first);
      int timeEnd = trimEnd(line, timeStart, first);
      long fast = TraceTimes.plainMillis(line, timeStart, timeEnd);
      time = fast >= 0 ? fast : millis(lineNo, line.substring(timeStart, timeEnd));
      int pathStart = trimStart(line, first + 1, second);
      path = path(lineNo, line, pathStart, trimEnd(line, pathStart, second));
      String raw = line.substring(second + 1).trim();
      if (raw.isEmpty()) {
        throw new TraceFormatException(name, lineNo, "missing value for " + path);
      }
      value = csvValue(raw);
    }

    /** Where {@link String#trim} would start the text between {@code start} and {@code end}. */
    private static int trimStart(String line, int start, int end) {
      while (start < end && line.charAt(start) <= ' ') {
        start++;
      }
      return start;
    }

    private static int trimEnd(String line, int start, int end) {
      while (end > start && line.charAt(end - 1) <= ' ') {
        end--;
      }
      return end;
    }

    private TraceFormatException fieldCount(int lineNo, String line, int count) {
      return new TraceFormatException(
          name,
          lineNo,
          "expected three fields time,path,value, found "
              + count
              + " in '"
              + line.trim()
              + "' (quote a value that holds a comma)");
    }

    private void jsonSample(int lineNo, String line) throws TraceFormatException {
      if (flat.read(line)) {
        long fast = timeOrUnknown(flat.time);
        if (fast >= 0) { // a bad time is worded by the full reader, as JSON wrote it
          time = fast;
          value = flat.value;
          path = path(lineNo, line, flat.pathStart, flat.pathEnd);
          return;
        }
      }
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new TraceFormatException(name, lineNo, JsonLineProblem.describe(e));
      }
      if (node == null || !node.isObject()) {
        throw new TraceFormatException(
            name, lineNo, "expected a JSON object with time, path and value");
      }
      JsonNode t = node.get("time");
      if (t == null || !t.isNumber()) {
        throw new TraceFormatException(name, lineNo, "\"time\" must be a number of seconds");
      }
      time = millis(lineNo, t.asText());
      JsonNode p = node.get("path");
      if (p == null || !p.isTextual()) {
        throw new TraceFormatException(
            name, lineNo, "\"path\" must be a string such as \"Vehicle.Speed\"");
      }
      JsonNode v = node.get("value");
      if (v == null || v.isNull() || v.isContainerNode()) {
        throw new TraceFormatException(
            name, lineNo, "\"value\" must be a number, true/false or a string");
      } else if (v.isBoolean()) {
        value = v.booleanValue();
      } else if (v.isNumber()) {
        if (!Double.isFinite(v.doubleValue())) {
          throw new TraceFormatException(
              name, lineNo, "\"value\" " + v.asText() + " is beyond what a number can hold");
        }
        value = v.doubleValue();
      } else {
        value = v.textValue();
      }
      path = path(lineNo, p.textValue());
    }

    /** The time of a line that is malformed elsewhere, or -1 when the time is malformed too. */
    private static long timeOrUnknown(String seconds) {
      try {
        return TraceTimes.millis(seconds);
      } catch (TraceTimes.BadTime e) {
        return -1;
      }
    }

    private long millis(int lineNo, String seconds) throws TraceFormatException {
      try {
        return TraceTimes.millis(seconds);
      } catch (TraceTimes.BadTime e) {
        throw new TraceFormatException(name, lineNo, e.getMessage());
      }
    }

    /** {@link #path(int, String)} of the characters of {@code line} from start to end. */
    private String path(int lineNo, String line, int start, int end) throws TraceFormatException {
      if (start == end || line.indexOf(' ', start) >= 0 && line.indexOf(' ', start) < end) {
        return path(lineNo, line.substring(start, end)); // worded there
      }
      return paths.get(line, start, end);
    }

    private String path(int lineNo, String text) throws TraceFormatException {
      if (text.isEmpty() || text.contains(" ")) {
        throw new TraceFormatException(
            name, lineNo, "path '" + text + "' must be a signal path such as Vehicle.Speed");
      }
      String known = interned.get(text);
      if (known != null) {
        return known;
      }
      if (interned.size() < MAX_INTERNED) {
        interned.put(text, text);
      }
      return text;
    }
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
}
