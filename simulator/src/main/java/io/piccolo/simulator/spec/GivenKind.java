package io.piccolo.simulator.spec;

import io.piccolo.engine.fact.ActionResult;
import io.piccolo.engine.fact.DeadlineMiss;
import io.piccolo.engine.fact.ModelSpec;
import io.piccolo.engine.fact.ModelState;
import io.piccolo.engine.fact.NetworkUsage;
import io.piccolo.engine.fact.PackageSpec;
import io.piccolo.engine.fact.PackageState;
import io.piccolo.engine.fact.PolicySpec;
import io.piccolo.engine.fact.ScenarioState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A fact type a spec's {@code given} can seed: its fields as the spec writes them, and how they
 * become the engine's fact. State and artifact facts are kept one per key, so a later given of the
 * same name replaces the earlier one, as a store change would; results and misses are events.
 */
enum GivenKind {
  SCENARIO_STATE(
      "ScenarioState",
      Keeping.BY_NAME,
      states(),
      v -> new ScenarioState(v.text("name"), v.text("state"))),
  PACKAGE_STATE(
      "PackageState",
      Keeping.BY_NAME,
      states(),
      v -> new PackageState(v.text("name"), v.text("state"))),
  MODEL_STATE(
      "ModelState",
      Keeping.BY_NAME,
      states(),
      v -> new ModelState(v.text("name"), v.text("state"))),
  PACKAGE_SPEC(
      "PackageSpec",
      Keeping.BY_NAME,
      List.of(
          Field.required("name", Type.TEXT),
          Field.optional("models", Type.TEXTS),
          Field.optional("nodes", Type.TEXTS),
          Field.optional("policy", Type.TEXT),
          Field.optional("schedule", Type.TEXT)),
      v -> {
        List<String> models = v.texts("models");
        List<String> nodes =
            v.has("nodes") ? v.texts("nodes") : Collections.nCopies(models.size(), "");
        return new PackageSpec(v.text("name"), models, nodes, v.text("policy"), v.text("schedule"));
      }),
  MODEL_SPEC(
      "ModelSpec",
      Keeping.BY_NAME,
      List.of(
          Field.required("name", Type.TEXT),
          Field.optional("images", Type.TEXTS),
          Field.optional("hostNetwork", Type.FLAG),
          Field.optional("restartPolicy", Type.TEXT)),
      v ->
          new ModelSpec(
              v.text("name"), v.texts("images"), v.flag("hostNetwork"), v.text("restartPolicy"))),
  POLICY_SPEC(
      "PolicySpec",
      Keeping.BY_NAME,
      List.of(
          Field.required("name", Type.TEXT),
          Field.optional("availableNodes", Type.TEXTS),
          Field.optional("procedureType", Type.TEXT),
          Field.optional("strategy", Type.TEXT),
          Field.optional("cpuThreshold", Type.NUMBER),
          Field.optional("memoryThreshold", Type.NUMBER)),
      v ->
          new PolicySpec(
              v.text("name"),
              v.texts("availableNodes"),
              v.text("procedureType"),
              v.text("strategy"),
              v.number("cpuThreshold"),
              v.number("memoryThreshold"))),
  NETWORK_USAGE(
      "NetworkUsage",
      Keeping.BY_WORKLOAD,
      List.of(
          Field.required("workload", Type.TEXT),
          Field.required("network", Type.TEXT),
          Field.optional("trafficClass", Type.TEXT),
          Field.optional("rate", Type.WHOLE),
          Field.optional("bytes", Type.WHOLE),
          Field.optional("drops", Type.WHOLE)),
      v ->
          new NetworkUsage(
              v.text("workload"),
              v.text("network"),
              v.has("trafficClass") ? v.text("trafficClass") : "default",
              v.whole("rate"),
              v.whole("bytes"),
              v.whole("drops"))),
  ACTION_RESULT(
      "ActionResult",
      Keeping.AS_RESULT,
      List.of(
          Field.required("action", Type.TEXT),
          Field.required("target", Type.TEXT),
          Field.required("outcome", Type.OUTCOME),
          Field.optional("scenario", Type.TEXT),
          Field.optional("model", Type.TEXT),
          Field.optional("node", Type.TEXT),
          Field.optional("reason", Type.TEXT),
          Field.optional("requestId", Type.TEXT),
          Field.optional("durationMillis", Type.WHOLE)),
      v ->
          new ActionResult(
              v.has("requestId") ? v.text("requestId") : "given-" + v.line(),
              v.text("scenario"),
              v.text("action"),
              v.text("target"),
              v.text("model"),
              v.text("node"),
              v.text("outcome"),
              v.text("reason"),
              v.whole("durationMillis"),
              v.at())),
  DEADLINE_MISS(
      "DeadlineMiss",
      Keeping.AS_MISS,
      List.of(
          Field.required("workload", Type.TEXT),
          Field.required("schedule", Type.TEXT),
          Field.required("task", Type.TEXT),
          Field.optional("node", Type.TEXT),
          Field.optional("pid", Type.WHOLE),
          Field.optional("latenessMicros", Type.WHOLE),
          Field.optional("count", Type.WHOLE)),
      v ->
          new DeadlineMiss(
              v.text("workload"),
              v.text("schedule"),
              v.text("task"),
              v.text("node"),
              v.whole("pid"),
              v.at() * 1_000_000,
              v.whole("latenessMicros"),
              v.has("count") ? v.whole("count") : 1));

  /** How the replay keeps a seeded fact. */
  enum Keeping {
    /** one fact per {@code name}: a later given of the same name replaces it */
    BY_NAME,
    /** one fact per {@code workload}, as PHAROS keeps them */
    BY_WORKLOAD,
    /** an {@code ActionResult} event at the given's time, kept for the result retention */
    AS_RESULT,
    /** a {@code DeadlineMiss} event at the given's time, kept like results */
    AS_MISS
  }

  enum Type {
    TEXT("a value"),
    TEXTS("a list of values"),
    NUMBER("a number"),
    WHOLE("a whole number, at least 0"),
    FLAG("true or false"),
    OUTCOME("succeeded or failed");

    final String expected;

    Type(String expected) {
      this.expected = expected;
    }
  }

  record Field(String name, Type type, boolean required) {
    static Field required(String name, Type type) {
      return new Field(name, type, true);
    }

    static Field optional(String name, Type type) {
      return new Field(name, type, false);
    }
  }

  /** A given's fields read into their types, with its line and time for defaults. */
  record Values(Map<String, Object> fields, int line, long at) {
    boolean has(String name) {
      return fields.containsKey(name);
    }

    String text(String name) {
      return (String) fields.get(name);
    }

    @SuppressWarnings("unchecked")
    List<String> texts(String name) {
      Object v = fields.get(name);
      return v == null ? List.of() : (List<String>) v;
    }

    double number(String name) {
      Object v = fields.get(name);
      return v == null ? Double.NaN : (Double) v;
    }

    long whole(String name) {
      Object v = fields.get(name);
      return v == null ? 0 : (Long) v;
    }

    boolean flag(String name) {
      return Boolean.TRUE.equals(fields.get(name));
    }
  }

  final String factType;
  final Keeping keeping;
  final Map<String, Field> fields = new LinkedHashMap<>();
  private final Function<Values, Object> build;

  GivenKind(String factType, Keeping keeping, List<Field> fields, Function<Values, Object> build) {
    this.factType = factType;
    this.keeping = keeping;
    fields.forEach(f -> this.fields.put(f.name(), f));
    this.build = build;
  }

  private static List<Field> states() {
    return List.of(Field.required("name", Type.TEXT), Field.required("state", Type.TEXT));
  }

  Object fact(Values values) {
    return build.apply(values);
  }

  /** The key a kept fact replaces its predecessor by; null for events. */
  String key(Values values) {
    return switch (keeping) {
      case BY_NAME -> values.text("name");
      case BY_WORKLOAD -> values.text("workload");
      case AS_RESULT, AS_MISS -> null;
    };
  }

  /** The group its facts are kept in, named as {@code serve} names them. */
  String group() {
    return switch (this) {
      case SCENARIO_STATE -> "SCENARIO states";
      case PACKAGE_STATE -> "PACKAGE states";
      case MODEL_STATE -> "MODEL states";
      case PACKAGE_SPEC -> "Package";
      case MODEL_SPEC -> "Model";
      case POLICY_SPEC -> "Policy";
      case NETWORK_USAGE -> "network-usage";
      case ACTION_RESULT, DEADLINE_MISS -> null;
    };
  }

  static GivenKind named(String factType) {
    for (GivenKind k : values()) {
      if (k.factType.equals(factType)) {
        return k;
      }
    }
    return null;
  }

  static List<String> factTypes() {
    List<String> names = new ArrayList<>();
    for (GivenKind k : values()) {
      names.add(k.factType);
    }
    return names;
  }
}
