package io.piccolo.gateway.serve;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which events a subscriber wants: some kinds (all when none is named), and values of fields. An
 * event passes when it is of a wanted kind and carries every filtered field with the wanted value;
 * a reload passes the field filters whatever they are: every subscriber learns the rules changed.
 */
record EventFilter(Set<EventKind> kinds, Map<String, String> fields) {
  static final Set<String> FIELDS = Set.of("scenario", "target", "decision");
  static final EventFilter ALL = new EventFilter(EnumSet.allOf(EventKind.class), Map.of());

  /** A filter field or value that is not one; {@code field} names it as the caller wrote it. */
  static final class Invalid extends Exception {
    private final String field;

    Invalid(String field, String message) {
      super(message, null, false, false);
      this.field = field;
    }

    String field() {
      return field;
    }
  }

  boolean wants(HubEvent event) {
    if (!kinds.contains(event.kind())) {
      return false;
    }
    if (event.kind() == EventKind.RELOAD) {
      return true;
    }
    for (Map.Entry<String, String> f : fields.entrySet()) {
      if (!f.getValue().equals(event.fields().get(f.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * A filter from kind names and field values, each checked.
   *
   * @param kindsField how the caller names the kinds field ({@code kind} in a query, {@code kinds}
   *     in JSON), for messages
   */
  static EventFilter of(String kindsField, Collection<String> kindNames, Map<String, String> values)
      throws Invalid {
    Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
    for (String name : kindNames) {
      EventKind kind = EventKind.named(name);
      if (kind == null) {
        throw new Invalid(
            kindsField,
            "'" + name + "' is not an event kind; use decision, state, reload or timpani");
      }
      kinds.add(kind);
    }
    for (Map.Entry<String, String> v : values.entrySet()) {
      if (!FIELDS.contains(v.getKey())) {
        throw new Invalid(
            v.getKey(),
            "'"
                + v.getKey()
                + "' is not a filter; use "
                + kindsField
                + ", scenario, target or decision");
      }
      if (v.getKey().equals("decision") && !List.of("allowed", "denied").contains(v.getValue())) {
        throw new Invalid(
            "decision", "'" + v.getValue() + "' is not a decision; use allowed or denied");
      }
      if (v.getValue().isEmpty()) {
        throw new Invalid(v.getKey(), "an empty " + v.getKey() + " matches nothing; name one");
      }
    }
    return new EventFilter(
        kinds.isEmpty() ? EnumSet.allOf(EventKind.class) : kinds, Map.copyOf(values));
  }
}
