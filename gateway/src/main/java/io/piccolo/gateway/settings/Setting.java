package io.piccolo.gateway.settings;

import io.piccolo.connectors.yaml.Node;
import io.piccolo.engine.scenario.Durations;
import io.piccolo.gateway.security.ApiKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One setting: its dotted name in the settings file, its type, its default and what it is for.
 * Values are read and checked here, so a bad one is refused at start with what to write instead.
 *
 * @param <T> the typed value the process uses
 */
public final class Setting<T> {
  /** Reads a value as written in the settings file or on the command line. */
  interface Reader<T> {
    T read(Node node) throws BadValue;
  }

  /**
   * What is wrong with a value, and what to write instead; the caller adds where it is. A value
   * with parts (a mapping) names the part: the node it is at and its path below the setting.
   */
  static final class BadValue extends Exception {
    private final Node at;
    private final String field;

    BadValue(String message) {
      this(message, null, "");
    }

    BadValue(String message, Node at, String field) {
      super(message);
      this.at = at;
      this.field = field;
    }

    /** Where the problem is, or null when it is the whole value. */
    Node at() {
      return at;
    }

    /** The path below the setting, e.g. {@code .alice.role}, or empty. */
    String field() {
      return field;
    }
  }

  private final String name;
  private final T defaultValue;
  private final String description;
  private final String form;
  private final Reader<T> reader;
  private final Function<T, String> format;
  private final String documentedDefault;

  private Setting(
      String name,
      T defaultValue,
      String description,
      String form,
      Reader<T> reader,
      Function<T, String> format) {
    this(name, defaultValue, description, form, reader, format, null);
  }

  private Setting(
      String name,
      T defaultValue,
      String description,
      String form,
      Reader<T> reader,
      Function<T, String> format,
      String documentedDefault) {
    this.name = name;
    this.defaultValue = defaultValue;
    this.description = description;
    this.form = form;
    this.reader = reader;
    this.format = format;
    this.documentedDefault = documentedDefault;
  }

  /** A whole number in {@code [min, max]}. */
  static Setting<Integer> integer(
      String name, int defaultValue, int min, int max, String description) {
    String form = "a whole number from " + min + " to " + max;
    return new Setting<>(
        name,
        defaultValue,
        description,
        form,
        node -> {
          String text = scalarText(node, form);
          try {
            long value = Long.parseLong(text.replace("_", ""));
            if (value < min || value > max) {
              throw new BadValue(text + " is out of range: write " + form);
            }
            return (int) value;
          } catch (NumberFormatException e) {
            throw new BadValue("'" + text + "' is not " + form);
          }
        },
        String::valueOf);
  }

  /**
   * A duration as rule authors write them ({@code 250ms}, {@code 10s}, {@code 2m}), at least min.
   */
  static Setting<Duration> duration(
      String name, Duration defaultValue, Duration min, String description) {
    String form = "a duration such as 250ms, 10s, 2m or 1h, at least " + show(min);
    return new Setting<>(
        name,
        defaultValue,
        description,
        form,
        node -> {
          String text = scalarText(node, form);
          Duration value;
          try {
            value = Duration.ofMillis(Durations.parseMillis(text));
          } catch (IllegalArgumentException e) {
            throw new BadValue(e.getMessage());
          }
          if (value.compareTo(min) < 0) {
            throw new BadValue(text + " is too short: write " + form);
          }
          return value;
        },
        Setting::show);
  }

  /** A byte count: a whole number with an optional unit (KiB, MiB, GiB), in {@code [min, max]}. */
  static Setting<Long> bytes(
      String name, long defaultValue, long min, long max, String description) {
    String form =
        "a size such as 65536, 512KiB, 64MiB or 2GiB, from " + size(min) + " to " + size(max);
    return new Setting<>(
        name,
        defaultValue,
        description,
        form,
        node -> {
          String text = scalarText(node, form);
          long value = parseSize(text, form);
          if (value < min || value > max) {
            throw new BadValue(text + " is out of range: write " + form);
          }
          return value;
        },
        Setting::size);
  }

  /**
   * A file. {@code documented} is the default as the documentation writes it, for a default that
   * depends on the environment (the user's data folder).
   */
  static Setting<Path> file(String name, Path defaultValue, String documented, String description) {
    return new Setting<>(
        name, defaultValue, description, "a file name", Setting::path, Path::toString, documented);
  }

  /** A file that may be left out: {@code ""} (the default) names none. */
  static Setting<Path> optionalFile(String name, String description) {
    return new Setting<>(
        name,
        null,
        description,
        "a file name, or \"\" for none",
        node ->
            node instanceof Node.Scalar s && (s.isNull() || s.text().isBlank()) ? null : path(node),
        p -> p == null ? "\"\"" : p.toString());
  }

  /**
   * A file or folder with a default that {@code ""} turns off; {@code documented} is the default as
   * the documentation writes it.
   */
  static Setting<Path> optionalFile(
      String name, Path defaultValue, String documented, String description) {
    return new Setting<>(
        name,
        defaultValue,
        description,
        "a folder name, or \"\" for none",
        node ->
            node instanceof Node.Scalar s && (s.isNull() || s.text().isBlank()) ? null : path(node),
        p -> p == null ? "\"\"" : p.toString(),
        documented);
  }

  private static Path path(Node node) throws BadValue {
    String text = scalarText(node, "a file name");
    if (text.isEmpty() || text.indexOf('\0') >= 0) {
      throw new BadValue("'" + text + "' is not a file name");
    }
    try {
      return Path.of(text);
    } catch (java.nio.file.InvalidPathException e) {
      throw new BadValue("'" + text + "' is not a file name: " + e.getReason());
    }
  }

  /** Nodes and their container runtimes: node name to {runtime, socket}. */
  static Setting<java.util.Map<String, NodeRuntime>> nodeRuntimes(String name, String description) {
    return new Setting<>(
        name,
        java.util.Map.of(),
        description,
        NodeRuntime.FORM,
        NodeRuntime::read,
        NodeRuntime::format);
  }

  /** The API keys: a mapping of key name to its role, hash and optional rate limit. */
  static Setting<ApiKeys> apiKeys(String name, String description) {
    return new Setting<>(
        name, ApiKeys.NONE, description, KeysSetting.FORM, KeysSetting::read, KeysSetting::format);
  }

  /** A word or address without spaces, e.g. a host name. */
  static Setting<String> text(String name, String defaultValue, String description) {
    String form = "a name without spaces";
    return new Setting<>(
        name,
        defaultValue,
        description,
        form,
        node -> {
          String text = scalarText(node, form);
          if (text.isEmpty() || text.chars().anyMatch(Character::isWhitespace)) {
            throw new BadValue("'" + text + "' is not " + form);
          }
          return text;
        },
        Function.identity());
  }

  /** One of a fixed set of words. */
  static Setting<String> choice(
      String name, String defaultValue, List<String> choices, String description) {
    String form = "one of " + String.join(", ", choices);
    return new Setting<>(
        name,
        defaultValue,
        description,
        form,
        node -> {
          String text = scalarText(node, form);
          if (!choices.contains(text)) {
            throw new BadValue("'" + text + "' is not " + form);
          }
          return text;
        },
        Function.identity());
  }

  /**
   * A list of words, e.g. names a deployment adds to an allow-list.
   *
   * @param check refuses a list it cannot use, with an IllegalArgumentException saying why
   */
  static Setting<List<String>> words(
      String name, String description, java.util.function.Consumer<List<String>> check) {
    String form = "a list of names, e.g. [java.util.UUID, com.example.Units]";
    Reader<List<String>> parse = wordList(form);
    return new Setting<>(
        name,
        List.of(),
        description,
        form,
        node -> {
          List<String> words = parse.read(node);
          try {
            check.accept(words);
          } catch (IllegalArgumentException e) {
            throw new BadValue(e.getMessage());
          }
          return words;
        },
        list -> list.isEmpty() ? "[]" : "[" + String.join(", ", list) + "]");
  }

  /**
   * Webhooks: a list of URLs, or of {@code {url: URL, kinds: [..], scenario: .., target: ..,
   * decision: ..}}.
   */
  static Setting<List<Webhook>> webhooks(String name, String description) {
    String form =
        "a list of http(s) URLs, or of {url: URL, kinds: [decision, state, reload, timpani], scenario:"
            + " NAME, target: NAME, decision: allowed|denied}";
    return new Setting<>(
        name,
        List.of(),
        description,
        form,
        node -> {
          if (!(node instanceof Node.ListNode list)) {
            if (node instanceof Node.Scalar s && s.isNull()) {
              return List.of();
            }
            throw new BadValue("expected " + form);
          }
          List<Webhook> hooks = new ArrayList<>();
          for (int i = 0; i < list.items().size(); i++) {
            hooks.add(webhook(list.items().get(i), "[" + i + "]", form));
          }
          return List.copyOf(hooks);
        },
        Setting::formatWebhooks);
  }

  private static Webhook webhook(Node node, String where, String form) throws BadValue {
    if (node instanceof Node.Scalar) {
      return new Webhook(url(scalarText(node, form), where), List.of(), java.util.Map.of());
    }
    if (!(node instanceof Node.MapNode map)) {
      throw new BadValue(where + ": expected " + form);
    }
    String url = null;
    List<String> kinds = List.of();
    java.util.Map<String, String> filter = new java.util.LinkedHashMap<>();
    for (java.util.Map.Entry<String, Node> e : map.entries().entrySet()) {
      String field = where + "." + e.getKey();
      switch (e.getKey()) {
        case "url" -> url = url(scalarText(e.getValue(), "a URL"), field);
        case "kinds" -> kinds = wordList("a list of event kinds").read(e.getValue());
        case "scenario", "target", "decision" ->
            filter.put(e.getKey(), scalarText(e.getValue(), "a name"));
        default ->
            throw new BadValue(
                field + ": unknown; a webhook has url, kinds, scenario, target and decision");
      }
    }
    if (url == null) {
      throw new BadValue(where + ".url: missing; name where events are POSTed");
    }
    return new Webhook(url, kinds, java.util.Map.copyOf(filter));
  }

  private static String url(String text, String where) throws BadValue {
    try {
      java.net.URI uri = new java.net.URI(text);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null
          && uri.getPort() <= 65535) {
        return text;
      }
    } catch (java.net.URISyntaxException e) {
      // refused below, with the same message
    }
    throw new BadValue(
        where + ": '" + text + "' is not an http(s) URL such as http://127.0.0.1:9000/events");
  }

  private static String formatWebhooks(List<Webhook> hooks) {
    List<String> out = new ArrayList<>();
    for (Webhook h : hooks) {
      if (h.kinds().isEmpty() && h.filter().isEmpty()) {
        out.add(h.url());
        continue;
      }
      StringBuilder entry = new StringBuilder("{url: ").append(h.url());
      if (!h.kinds().isEmpty()) {
        entry.append(", kinds: [").append(String.join(", ", h.kinds())).append("]");
      }
      h.filter().forEach((k, v) -> entry.append(", ").append(k).append(": ").append(v));
      out.add(entry.append("}").toString());
    }
    return "[" + String.join(", ", out) + "]";
  }

  private static Reader<List<String>> wordList(String form) {
    return node -> {
      if (node instanceof Node.ListNode list) {
        List<String> out = new ArrayList<>();
        for (Node item : list.items()) {
          String word = scalarText(item, form);
          if (word.isBlank() || word.chars().anyMatch(Character::isWhitespace)) {
            throw new BadValue("'" + word + "' is not a name: write " + form);
          }
          out.add(word);
        }
        return List.copyOf(out);
      }
      String text = scalarText(node, form);
      List<String> out = new ArrayList<>();
      for (String word : text.split(",")) {
        if (!word.isBlank()) {
          out.add(word.trim());
        }
      }
      return List.copyOf(out);
    };
  }

  public String name() {
    return name;
  }

  public T defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** The default as {@code docs/operations.md} writes it. */
  public String documentedDefault() {
    return documentedDefault != null ? documentedDefault : format(defaultValue);
  }

  /** What a valid value looks like, for messages and documentation. */
  public String form() {
    return form;
  }

  /** The value as a settings file would write it. */
  public String format(Object value) {
    @SuppressWarnings("unchecked")
    T typed = (T) value;
    return format.apply(typed);
  }

  T read(Node node) throws BadValue {
    return reader.read(node);
  }

  /** Reads a value given as text, e.g. on the command line. */
  T read(String text) throws BadValue {
    return reader.read(new Node.Scalar(text, 0, 0));
  }

  @Override
  public String toString() {
    return name;
  }

  static String scalarText(Node node, String form) throws BadValue {
    if (node instanceof Node.Scalar s && !s.isNull()) {
      if (s.value() instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
        return Long.toString(d.longValue());
      }
      return s.text().trim();
    }
    throw new BadValue("expected " + form);
  }

  private static long parseSize(String text, String form) throws BadValue {
    String t = text.replace("_", "").trim();
    int unitStart = t.length();
    while (unitStart > 0 && Character.isLetter(t.charAt(unitStart - 1))) {
      unitStart--;
    }
    String unit = t.substring(unitStart).toLowerCase(Locale.ROOT);
    long factor =
        switch (unit) {
          case "", "b" -> 1;
          case "kib", "k" -> 1L << 10;
          case "mib", "m" -> 1L << 20;
          case "gib", "g" -> 1L << 30;
          case "tib", "t" -> 1L << 40;
          default -> throw new BadValue("'" + text + "' has an unknown unit: write " + form);
        };
    try {
      return Math.multiplyExact(Long.parseLong(t.substring(0, unitStart).trim()), factor);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new BadValue("'" + text + "' is not " + form);
    }
  }

  static String size(long bytes) {
    String[] units = {"TiB", "GiB", "MiB", "KiB"};
    for (int i = 0; i < units.length; i++) {
      long unit = 1L << (10 * (units.length - i));
      if (bytes >= unit && bytes % unit == 0) {
        return bytes / unit + units[i];
      }
    }
    return Long.toString(bytes);
  }

  private static String show(Duration d) {
    return Durations.format(d.toMillis());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Setting<?> s && s.name.equals(name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name);
  }
}
