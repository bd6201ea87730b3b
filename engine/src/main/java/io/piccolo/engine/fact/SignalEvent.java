package io.piccolo.engine.fact;

import org.kie.api.definition.type.Role;
import org.kie.api.definition.type.Timestamp;

/**
 * One sample as a stream event, for windows and temporal operators. The engine inserts events only
 * for paths some rule matches as events, and they expire once no window can see them.
 */
@Role(Role.Type.EVENT)
@Timestamp("time")
public final class SignalEvent {
  private final String path;
  private final Object value;
  private final double number;
  private final long time;

  public SignalEvent(String path, Object value, long time) {
    this.path = path;
    this.value = value;
    this.number = SignalValues.number(value);
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
    return SignalValues.text(value);
  }

  public long getTime() {
    return time;
  }

  @Override
  public String toString() {
    return "SignalEvent[" + path + "=" + getText() + " @" + time + "ms]";
  }
}
