package io.piccolo.engine.fact;

/**
 * The engine's running result of one {@code accumulate} of {@code average}, {@code sum} or {@code
 * count} over {@code SignalEvent(path == "...") over window:time(...)}: such an accumulate is
 * matched against this fact, which the engine keeps as samples enter and leave the window, instead
 * of an event per sample in the session (docs/rule-authoring.md, "Windows the engine keeps"). The
 * values are those Drools' accumulate functions give: the average is null over an empty window, the
 * sum 0.0, the count 0.
 */
public final class WindowValue {
  private final String path;
  private final String function;
  private final long sizeMillis;
  private final String key;
  private Double number;
  private Long count;

  public WindowValue(String path, String function, long sizeMillis) {
    this.path = path;
    this.function = function;
    this.sizeMillis = sizeMillis;
    this.key = key(path, function, sizeMillis);
    this.count = 0L;
    this.number = function.equals("sum") ? 0.0 : null;
  }

  /** The key a rewritten pattern matches on, e.g. {@code Vehicle.Speed average 60000}. */
  public static String key(String path, String function, long sizeMillis) {
    return path + " " + function + " " + sizeMillis;
  }

  public String getKey() {
    return key;
  }

  public String getPath() {
    return path;
  }

  /** {@code average}, {@code sum} or {@code count}. */
  public String getFunction() {
    return function;
  }

  public long getSizeMillis() {
    return sizeMillis;
  }

  /** The average or the sum; null for an average over an empty window. */
  public Double getNumber() {
    return number;
  }

  /** The events in the window. */
  public Long getCount() {
    return count;
  }

  /** The engine's: the window's new result. */
  public void set(Double number, long count) {
    this.number = number;
    this.count = count;
  }

  @Override
  public String toString() {
    return "WindowValue["
        + function
        + " of "
        + path
        + " over "
        + sizeMillis
        + " ms = "
        + (function.equals("count") ? count : number)
        + "]";
  }
}
