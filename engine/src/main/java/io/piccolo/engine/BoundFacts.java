package io.piccolo.engine;

import io.piccolo.engine.fact.ActionRequest;
import io.piccolo.engine.fact.ActionResult;
import io.piccolo.engine.fact.DeadlineMiss;
import io.piccolo.engine.fact.EdgeFired;
import io.piccolo.engine.fact.ModelSpec;
import io.piccolo.engine.fact.NetworkUsage;
import io.piccolo.engine.fact.PackageSpec;
import io.piccolo.engine.fact.PolicySpec;
import io.piccolo.engine.fact.ResourceState;
import io.piccolo.engine.fact.Signal;
import io.piccolo.engine.fact.SignalEvent;
import io.piccolo.engine.fact.WindowValue;
import io.piccolo.engine.index.FiringListener.BoundFact;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kie.api.KieBase;
import org.kie.api.definition.type.FactField;
import org.kie.api.definition.type.FactType;

/**
 * A fact as a firing's explanation names it: a signal by its path, value and time, any other fact
 * by its type and the fields that tell it from others of its type.
 */
final class BoundFacts {
  private final KieBase kieBase;

  /** Per DRL-declared class, its fields marked {@code @key}, or failing that one named name. */
  private final Map<Class<?>, List<FactField>> keyFields = new HashMap<>();

  BoundFacts(KieBase kieBase) {
    this.kieBase = kieBase;
  }

  BoundFact of(Object fact) {
    if (fact instanceof Signal s) {
      return new BoundFact("Signal", s.getPath(), s.getValue(), s.getTime(), Map.of());
    }
    if (fact instanceof SignalEvent e) {
      return new BoundFact("SignalEvent", e.getPath(), e.getValue(), e.getTime(), Map.of());
    }
    if (fact instanceof WindowValue w) {
      Object result = w.getFunction().equals("count") ? w.getCount() : w.getNumber();
      return new BoundFact(
          "WindowValue",
          null,
          null,
          0,
          fields(
              "path",
              w.getPath(),
              "function",
              w.getFunction(),
              "window ms",
              w.getSizeMillis(),
              "value",
              result == null ? "none" : result));
    }
    return new BoundFact(fact.getClass().getSimpleName(), null, null, 0, keys(fact));
  }

  private Map<String, Object> keys(Object fact) {
    if (fact instanceof ActionRequest r) {
      return fields("action", r.getAction(), "target", r.getTarget(), "scenario", r.getScenario());
    }
    if (fact instanceof ActionResult r) {
      return fields("action", r.getAction(), "target", r.getTarget(), "outcome", r.getOutcome());
    }
    if (fact instanceof ResourceState s) {
      return fields("name", s.getName(), "state", s.getState());
    }
    if (fact instanceof DeadlineMiss m) {
      return fields("workload", m.getWorkload(), "task", m.getTask());
    }
    if (fact instanceof NetworkUsage u) {
      return fields("workload", u.getWorkload(), "network", u.getNetwork());
    }
    if (fact instanceof PackageSpec p) {
      return fields("name", p.getName());
    }
    if (fact instanceof ModelSpec m) {
      return fields("name", m.getName());
    }
    if (fact instanceof PolicySpec p) {
      return fields("name", p.getName());
    }
    if (fact instanceof EdgeFired f) {
      return fields("rule", f.getRuleName());
    }
    return declaredKeys(fact);
  }

  private static Map<String, Object> fields(Object... namesAndValues) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] != null) {
        out.put((String) namesAndValues[i], namesAndValues[i + 1]);
      }
    }
    return out;
  }

  private Map<String, Object> declaredKeys(Object fact) {
    FactType type;
    try {
      type = kieBase.getFactType(fact.getClass().getPackageName(), fact.getClass().getSimpleName());
    } catch (UnsupportedOperationException notDeclared) {
      return Map.of(); // a class of the classpath a rule inserted, not one the DRL declares
    }
    if (type == null) {
      return Map.of();
    }
    List<FactField> keys = keyFields.computeIfAbsent(fact.getClass(), c -> keyFields(type));
    Map<String, Object> out = new LinkedHashMap<>();
    for (FactField f : keys) {
      out.put(f.getName(), type.get(fact, f.getName()));
    }
    return out;
  }

  private static List<FactField> keyFields(FactType type) {
    List<FactField> marked = type.getFields().stream().filter(FactField::isKey).toList();
    if (!marked.isEmpty()) {
      return marked;
    }
    FactField named = type.getField("name");
    return named == null ? List.of() : List.of(named);
  }

  List<BoundFact> ofAll(List<?> facts) {
    BoundFact[] out = new BoundFact[facts.size()];
    int n = 0;
    for (Object fact : facts) {
      if (fact != null) {
        out[n++] = of(fact);
      }
    }
    return List.of(Arrays.copyOf(out, n));
  }
}
