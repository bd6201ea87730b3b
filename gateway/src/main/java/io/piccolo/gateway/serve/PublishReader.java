package io.piccolo.gateway.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.piccolo.engine.SampleBatch;
import java.io.IOException;

/**
 * Reads the stream's commonest message, a well-formed {@code signal.publish} of valid samples,
 * straight off the parser: no JSON tree, no map per sample, each path the same string as last time.
 * At 20,000 samples/s the tree was most of what the server allocated, and its collections the
 * pauses that set the latency's tail. Anything else (another method, an extra member, a sample the
 * checks refuse, a duplicate key) gives null, and the general reader reads the message again and
 * says what is wrong, in the same words as always.
 */
final class PublishReader {
  /** The request's id (null: a notification) and its samples, checked. */
  record Publish(JsonNode id, SampleReader.Samples samples) {}

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final JsonFactory json = SignalIntake.JSON.getFactory();
  private final SampleReader checks;
  private final KnownPaths paths = new KnownPaths();

  PublishReader(SampleReader checks) {
    this.checks = checks;
  }

  /** The request, or null when it is not the plain form of a valid {@code signal.publish}. */
  Publish read(String text) {
    try (JsonParser parser = json.createParser(text)) {
      return whole(parser);
    } catch (IOException | RuntimeException notPlain) {
      return null;
    }
  }

  /** The same from the message's UTF-8 bytes, read where they lie: no string of the message. */
  Publish read(byte[] utf8, int offset, int length) {
    try (JsonParser parser = json.createParser(utf8, offset, length)) {
      return whole(parser);
    } catch (IOException | RuntimeException notPlain) {
      return null;
    }
  }

  private Publish whole(JsonParser parser) throws IOException {
    Publish publish = request(parser);
    return publish != null && parser.nextToken() == null ? publish : null;
  }

  private Publish request(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    boolean versioned = false;
    boolean publish = false;
    JsonNode id = null;
    SampleBatch samples = null;
    for (String member = p.nextFieldName(); member != null; member = p.nextFieldName()) {
      JsonToken value = p.nextToken();
      switch (member) {
        case "jsonrpc" -> {
          if (value != JsonToken.VALUE_STRING || !"2.0".equals(p.getText())) {
            return null;
          }
          versioned = true;
        }
        case "method" -> {
          if (value != JsonToken.VALUE_STRING || !"signal.publish".equals(p.getText())) {
            return null;
          }
          publish = true;
        }
        case "id" -> {
          id = id(p, value);
          if (id == null) {
            return null;
          }
        }
        case "params" -> {
          samples = value == JsonToken.START_OBJECT ? params(p) : null;
          if (samples == null) {
            return null;
          }
        }
        default -> {
          return null;
        }
      }
    }
    if (!versioned || !publish || samples == null || p.currentToken() != JsonToken.END_OBJECT) {
      return null;
    }
    return new Publish(id, checked(samples));
  }

  /** {@code {"samples": [...]}} or one sample's own fields. */
  private SampleBatch params(JsonParser p) throws IOException {
    String first = p.nextFieldName();
    if (!"samples".equals(first)) {
      SampleBatch one = new SampleBatch();
      return first != null && sampleFields(p, first, one) ? one : null;
    }
    if (p.nextToken() != JsonToken.START_ARRAY) {
      return null;
    }
    SampleBatch list = new SampleBatch();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t != JsonToken.START_OBJECT || !sampleFields(p, p.nextFieldName(), list)) {
        return null;
      }
    }
    boolean alone = p.nextToken() == JsonToken.END_OBJECT;
    return alone && !list.isEmpty() ? list : null;
  }

  /** One sample's fields, from {@code first} to the end of its object, added to {@code into}. */
  private boolean sampleFields(JsonParser p, String first, SampleBatch into) throws IOException {
    String path = null;
    Object value = null;
    long time = SampleBatch.NOW;
    for (String field = first; field != null; field = p.nextFieldName()) {
      JsonToken t = p.nextToken();
      switch (field) {
        case "path" -> {
          if (t != JsonToken.VALUE_STRING) {
            return false;
          }
          path = paths.of(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        }
        case "value" -> {
          value = value(p, t);
          if (value == null) {
            return false;
          }
        }
        case "time" -> {
          boolean whole =
              t == JsonToken.VALUE_NUMBER_INT
                  && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                  && p.getLongValue() >= 0;
          if (!whole) {
            return false;
          }
          time = p.getLongValue();
        }
        default -> {
          return false;
        }
      }
    }
    if (path == null || value == null || !checks.passes(path, value)) {
      return false;
    }
    into.add(path, value, time);
    return true;
  }

  /** The id as the general reader's tree holds it, so the answer echoes it the same way. */
  private static JsonNode id(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case VALUE_STRING -> NODES.textNode(p.getText());
      case VALUE_NULL -> NODES.nullNode();
      case VALUE_NUMBER_INT ->
          switch (p.getNumberType()) {
            case INT -> NODES.numberNode(p.getIntValue());
            case LONG -> NODES.numberNode(p.getLongValue());
            default -> NODES.numberNode(p.getBigIntegerValue());
          };
      case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDoubleValue());
      default -> null;
    };
  }

  private static Object value(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_STRING -> p.getText();
      default -> null;
    };
  }

  /** The batch's samples in arrays of their count, as the general reader gives them. */
  private static SampleReader.Samples checked(SampleBatch batch) {
    int n = batch.size();
    SampleReader.Samples samples =
        new SampleReader.Samples(new String[n], new Object[n], new long[n]);
    for (int i = 0; i < n; i++) {
      samples.paths()[i] = batch.path(i);
      samples.values()[i] = batch.value(i);
      samples.times()[i] = batch.time(i);
    }
    return samples;
  }

  /**
   * Paths publishers repeat in every message, found again from the parser's characters. Shared by
   * the event loops: a slot read while another loop replaces it holds one of two whole strings, and
   * a path whose slot another took is only read again.
   */
  private static final class KnownPaths {
    private static final int SLOTS = 1 << 12;
    private final String[] slots = new String[SLOTS];

    String of(char[] chars, int offset, int length) {
      int hash = 0;
      for (int i = offset; i < offset + length; i++) {
        hash = 31 * hash + chars[i];
      }
      int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
      String known = slots[slot];
      if (known != null && known.length() == length && sameChars(known, chars, offset)) {
        return known;
      }
      String path = new String(chars, offset, length);
      slots[slot] = path;
      return path;
    }

    private static boolean sameChars(String known, char[] chars, int offset) {
      for (int i = 0; i < known.length(); i++) {
        if (known.charAt(i) != chars[offset + i]) {
          return false;
        }
      }
      return true;
    }
  }
}
