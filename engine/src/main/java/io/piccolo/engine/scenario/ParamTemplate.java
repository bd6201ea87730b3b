package io.piccolo.engine.scenario;

import io.piccolo.engine.fact.SignalValues;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A text parameter with {@code ${path}} references to signals, filled at the firing instant. A
 * value that is exactly one reference becomes the signal's value as it is (a number stays a
 * number); references inside other text are written as text. {@code $${} writes a literal {@code
 * ${}.
 */
public final class ParamTemplate {
  /** A literal piece of text, or a signal path to fill in. */
  private record Part(String text, boolean reference) {}

  private final List<Part> parts;

  private ParamTemplate(List<Part> parts) {
    this.parts = parts;
  }

  /** Whether a parameter value needs filling at all: a text with a {@code $} in it. */
  public static boolean mayHold(Object value) {
    return value instanceof String s && s.indexOf('$') >= 0;
  }

  /**
   * Reads {@code text}.
   *
   * @throws IllegalArgumentException naming the offset of a reference left open or empty
   */
  public static ParamTemplate parse(String text) {
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        literal.append("${");
        i += 3;
      } else if (text.startsWith("${", i)) {
        int end = text.indexOf('}', i + 2);
        if (end < 0) {
          throw new IllegalArgumentException(
              "'${' at character " + (i + 1) + " has no closing '}' (write $${ for a literal ${)");
        }
        String path = text.substring(i + 2, end).trim();
        if (path.isEmpty() || path.contains("${")) {
          throw new IllegalArgumentException(
              "'${' at character " + (i + 1) + " names no signal path, e.g. ${Vehicle.Speed}");
        }
        if (literal.length() > 0) {
          parts.add(new Part(literal.toString(), false));
          literal.setLength(0);
        }
        parts.add(new Part(path, true));
        i = end + 1;
      } else {
        literal.append(text.charAt(i++));
      }
    }
    if (literal.length() > 0 || parts.isEmpty()) {
      parts.add(new Part(literal.toString(), false));
    }
    return new ParamTemplate(List.copyOf(parts));
  }

  /** The signal paths referenced, in order. */
  public List<String> paths() {
    return parts.stream().filter(Part::reference).map(Part::text).toList();
  }

  /**
   * The parameter's value with each reference replaced by {@code latest.apply(path)}; null when a
   * referenced signal has no value (null from {@code latest}).
   */
  public Object fill(Function<String, Object> latest) {
    if (parts.size() == 1) {
      Part only = parts.get(0);
      return only.reference ? latest.apply(only.text) : only.text;
    }
    StringBuilder out = new StringBuilder();
    for (Part p : parts) {
      if (!p.reference) {
        out.append(p.text);
        continue;
      }
      Object value = latest.apply(p.text);
      if (value == null) {
        return null;
      }
      out.append(SignalValues.text(value));
    }
    return out.toString();
  }
}
