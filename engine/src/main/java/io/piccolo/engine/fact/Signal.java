package io.piccolo.engine.fact;

/**
 * The latest value of one vehicle signal: one fact per VSS path, updated in place as samples
 * arrive.
 */
public final class Signal {
  private final String path;
  private Object value;
  private double number;
  private String text;
  private long time;

  public Signal(String path, Object value, long time) {
    this.path = path;
    set(value, time);
  }

  /** Replaces the value; the engine calls this, then updates the fact in the session. */
  public void set(Object value, long time) {
    this.value = value;
    this.number = SignalValues.number(value);
    this.text = null;
    this.time = time;
  }

  public String getPath() {
    return path;
  }

  public Object getValue() {
    return value;
  }

  public double getNumber() {
    return number;
  }

  public boolean isFlag() {
    return SignalValues.flag(value);
  }

  public String getText() {
    if (text == null) {
      text = SignalValues.text(value);
    }
    return text;
  }

  /** Session clock at the sample, epoch ms (ms since the trace's start in a simulation). */
  public long getTime() {
    return time;
  }

  @Override
  public String toString() {
    return "Signal[" + path + "=" + getText() + " @" + time + "ms]";
  }
}
