package io.piccolo.gateway.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.piccolo.engine.SampleBatch;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads and checks samples as {@code POST /api/v1/signals} and the stream's {@code signal.publish}
 * take them: {@code {"path": "Vehicle.Speed", "value": 42.0, "time": EPOCH_MS}}, the time optional.
 * A list is checked whole, so nothing is queued when any sample is wrong.
 */
final class SampleReader {
  private final int pathLimit;
  private final int textLimit;
  private final UnknownSignals catalogue;

  /**
   * @param pathLimit the longest signal path, in characters ({@code serve.signal-path-limit})
   * @param textLimit the longest string value, in characters ({@code serve.signal-text-limit})
   * @param catalogue checks each sample against the VSS catalogue (refusing, when strict)
   */
  SampleReader(int pathLimit, int textLimit, UnknownSignals catalogue) {
    this.pathLimit = pathLimit;
    this.textLimit = textLimit;
    this.catalogue = catalogue;
  }

  /** Samples checked and ready to queue, in order. */
  record Samples(String[] paths, Object[] values, long[] times) {
    int size() {
      return paths.length;
    }
  }

  /**
   * What is wrong with one sample: where ({@code [1].value}, or {@code [1]} for the sample itself)
   * and what to write instead.
   */
  static final class BadSample extends Exception {
    private final String field;
    private final String problem;
    private final boolean unprocessable;

    BadSample(String field, String problem) {
      this(field, problem, false);
    }

    private BadSample(String field, String problem, boolean unprocessable) {
      super(field + ": " + problem, null, false, false);
      this.field = field;
      this.problem = problem;
      this.unprocessable = unprocessable;
    }

    /** A well-formed sample the VSS catalogue refuses: HTTP answers 422 rather than 400. */
    static BadSample unprocessable(String field, String problem) {
      return new BadSample(field, problem, true);
    }

    boolean isUnprocessable() {
      return unprocessable;
    }

    String field() {
      return field;
    }

    String problem() {
      return problem;
    }

    /** The same problem, with {@code prefix} before its place. */
    BadSample under(String prefix) {
      return new BadSample(prefix + field, problem, unprocessable);
    }

    /** The same problem with its place without the leading dot ({@code value}). */
    BadSample unprefixed() {
      return new BadSample(field.substring(1), problem, unprocessable);
    }
  }

  /** Each element of {@code list}, named {@code [i]} in problems. */
  Samples list(JsonNode list) throws BadSample {
    int n = list.size();
    Samples samples = new Samples(new String[n], new Object[n], new long[n]);
    for (int i = 0; i < n; i++) {
      try {
        read(list.get(i), i, samples);
      } catch (BadSample e) {
        throw e.under("[" + i + "]");
      }
    }
    return samples;
  }

  /** One sample; problems name its fields without an index ({@code value}). */
  Samples one(JsonNode sample) throws BadSample {
    Samples samples = new Samples(new String[1], new Object[1], new long[1]);
    try {
      read(sample, 0, samples);
    } catch (BadSample e) {
      throw e.field().isEmpty() ? e.under("params") : e.unprefixed();
    }
    return samples;
  }

  /**
   * Whether a sample read without a tree ({@link PublishReader}) passes every check {@link #read}
   * makes of its path and value; when not, the general reader reads it again and says why.
   */
  boolean passes(String path, Object value) {
    if (path.isBlank() || SignalPaths.problem(path, pathLimit) != null) {
      return false;
    }
    if (value instanceof String text && text.length() > textLimit
        || value instanceof Double number && !Double.isFinite(number)) {
      return false;
    }
    try {
      catalogue.check(path, value);
      return true;
    } catch (BadSample refused) {
      return false;
    }
  }

  /** Reads sample {@code i} into its place; a problem names the field as {@code .field}. */
  private void read(JsonNode sample, int i, Samples into) throws BadSample {
    if (sample == null || !sample.isObject()) {
      throw new BadSample("", "must be an object {\"path\": ..., \"value\": ...}");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = sample.fields(); it.hasNext(); ) {
      String field = it.next().getKey();
      if (!field.equals("path") && !field.equals("value") && !field.equals("time")) {
        throw new BadSample(
            "." + field, "unknown field (a sample has path, value and an optional time)");
      }
    }
    JsonNode path = sample.get("path");
    if (path == null || !path.isTextual() || path.textValue().isBlank()) {
      throw new BadSample(".path", "must be a signal path such as \"Vehicle.Speed\"");
    }
    String wrongPath = SignalPaths.problem(path.textValue(), pathLimit);
    if (wrongPath != null) {
      throw new BadSample(".path", wrongPath);
    }
    JsonNode value = sample.get("value");
    if (value == null || value.isNull() || value.isContainerNode()) {
      throw new BadSample(".value", "must be a number, true/false or a string");
    }
    if (value.isTextual() && value.textValue().length() > textLimit) {
      throw new BadSample(
          ".value",
          "a string of "
              + value.textValue().length()
              + " characters is longer than serve.signal-text-limit ("
              + textLimit
              + ")");
    }
    JsonNode time = sample.get("time");
    if (time == null) {
      into.times()[i] = SampleBatch.NOW;
    } else if (time.canConvertToExactIntegral() && time.canConvertToLong() && time.asLong() >= 0) {
      into.times()[i] = time.asLong();
    } else {
      throw new BadSample(
          ".time", "must be the sample's own time in whole milliseconds since the epoch");
    }
    if (value.isNumber() && !Double.isFinite(value.doubleValue())) {
      throw new BadSample(".value", value.asText() + " is beyond what a number can hold");
    }
    Object read =
        value.isBoolean()
            ? (Object) value.booleanValue()
            : value.isNumber() ? (Object) value.doubleValue() : value.textValue();
    catalogue.check(path.textValue(), read);
    into.paths()[i] = path.textValue();
    into.values()[i] = read;
  }
}
