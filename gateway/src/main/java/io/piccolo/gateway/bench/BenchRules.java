package io.piccolo.gateway.bench;

import io.piccolo.connectors.files.RuleSet;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.rulebase.RuleBaseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The benchmark's rules and signals: scenario {@code bench-i} launches {@code bench-i} when {@code
 * Vehicle.Bench.Si} rises above 0.5, with the value that set it off as its {@code rise} param, so
 * every decision can be matched to the sample that caused it.
 */
final class BenchRules {
  static final String PATH_PREFIX = "Vehicle.Bench.S";
  static final String SCENARIO_PREFIX = "bench-";
  static final String FILE = "bench.yaml";

  /** The decision's param that carries the value which set it off: a rise's number. */
  static final String RISE_PARAM = "rise";

  /** Updates of one path from one rise to the next in the latency samples. */
  static final int PULSE_PERIOD = 100;

  private final int scenarios;
  private final String[] paths;

  BenchRules(int scenarios) {
    this.scenarios = scenarios;
    this.paths = new String[scenarios];
    for (int i = 0; i < scenarios; i++) {
      paths[i] = PATH_PREFIX + i;
    }
  }

  int scenarios() {
    return scenarios;
  }

  /** Writes the scenarios as one YAML file in {@code folder}; the folder. */
  Path write(Path folder) throws IOException {
    Files.createDirectories(folder);
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < scenarios; i++) {
      yaml.append("---\napiVersion: v1\nkind: Scenario\nmetadata:\n  name: ")
          .append(SCENARIO_PREFIX)
          .append(i)
          .append("\nspec:\n  when:\n    signal: ")
          .append(paths[i])
          .append("\n    op: gt\n    value: 0.5\n  action: launch\n  target: ")
          .append(SCENARIO_PREFIX)
          .append(i)
          .append("\n  params:\n    ")
          .append(RISE_PARAM)
          .append(": \"${")
          .append(paths[i])
          .append("}\"\n");
    }
    Files.writeString(folder.resolve(FILE), yaml);
    return folder;
  }

  /** The same rules built in this process, for the engine's own figures. */
  static RuleBase build(Path folder) throws RuleBaseException {
    RuleSet set = RuleSet.load(List.of(folder));
    if (set.hasErrors()) {
      throw new IllegalStateException("the benchmark's rules have errors: " + set.problems());
    }
    return set.builder().build();
  }

  /** Which signal sample {@code k} updates: round robin, so one path repeats every N samples. */
  int scenarioOf(long k) {
    return (int) (k % scenarios);
  }

  String path(int scenario) {
    return paths[scenario];
  }

  /**
   * Throughput samples: each path counts 0..99, so it rises once per 100 of its updates (about 1 %
   * of samples decide something).
   */
  int floodValue(long k) {
    return (int) ((k / scenarios) % 100);
  }

  /** Samples {@code [from, to)} of a pattern as a {@code signal.publish} params object. */
  String publishParams(long from, long to, java.util.function.LongToIntFunction value) {
    StringBuilder json = new StringBuilder(48 * (int) (to - from) + 16).append("{\"samples\":[");
    for (long k = from; k < to; k++) {
      if (k > from) {
        json.append(',');
      }
      json.append("{\"path\":\"")
          .append(paths[scenarioOf(k)])
          .append("\",\"value\":")
          .append(value.applyAsInt(k))
          .append('}');
    }
    return json.append("]}").toString();
  }

  /** Every path set to 0, so the next 1 of each is a rise. */
  String resetParams() {
    StringBuilder json = new StringBuilder("{\"samples\":[");
    for (int i = 0; i < scenarios; i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"path\":\"")
          .append(paths[i])
          .append("\",\"value\":0}");
    }
    return json.append("]}").toString();
  }
}
