package io.piccolo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A rebuild keeps the packages that did not change, and compiles again those that depend. */
class RuleBaseRebuildTest {
  private static final String SPEED = "Vehicle.Speed";

  static String threshold(String pkg, int limit) {
    return "package "
        + pkg
        + ";\nrule \""
        + pkg
        + " fast\" when Signal(path == \"Vehicle.Speed\", number > "
        + limit
        + ") then actions.launch(\""
        + pkg
        + "\"); end\n";
  }

  private static RuleBase build(RuleBase earlier, String... files) throws Exception {
    RuleBaseBuilder builder = new RuleBaseBuilder().rebuildOf(earlier);
    for (int i = 0; i < files.length; i++) {
      builder.addDrl(new RuleSource("f" + i + ".drl", files[i]));
    }
    return builder.build();
  }

  static List<String> targets(RuleBase rules, Object speed) {
    try (Evaluator e = new Evaluator(rules, EvaluatorOptions.simulation())) {
      SampleBatch batch = new SampleBatch();
      batch.add(SPEED, speed);
      return e.step(0, batch).stream().map(DecidedAction::target).sorted().toList();
    }
  }

  @Test
  void unchangedPackagesAreTakenAsCompiledAndStillDecide() throws Exception {
    RuleBase first = build(null, threshold("a", 100), threshold("b", 100), threshold("c", 100));
    RuleBase second = build(first, threshold("a", 100), threshold("b", 50), threshold("c", 100));
    assertEquals(2, second.reusedPackages());
    assertEquals(List.of("a", "b", "c"), targets(second, 120.0));
    assertEquals(List.of("b"), targets(second, 70.0), "the changed package is the new one");
    assertEquals(List.of("a", "b", "c"), targets(first, 120.0), "the earlier rules still run");
  }

  @Test
  void aPackageUsingATypeOfAChangedPackageIsCompiledAgain() throws Exception {
    String declares =
        "package a;\ndeclare Fast level : int end\n"
            + "rule \"mark\" when Signal(path == \"Vehicle.Speed\", number > 100) then insert(new"
            + " Fast(1)); end\n";
    String uses =
        "package b;\nimport a.Fast;\nrule \"use\" when Fast(level == 1) then"
            + " actions.launch(\"fast\"); end\n";
    String other = threshold("c", 100);
    RuleBase first = build(null, declares, uses, other);
    String changed =
        declares
            .replace("level : int", "level : int since : long")
            .replace("Fast(1)", "Fast(1, 0L)");
    RuleBase second = build(first, changed, uses, other);
    assertEquals(1, second.reusedPackages(), "only c is taken as compiled");
    assertEquals(List.of("c", "fast"), targets(second, 120.0));
  }

  @Test
  void aChangedPackageUsingAnUnchangedOnesTypeCompilesThemTogether() throws Exception {
    String declares = "package a;\ndeclare Fast level : int end\n";
    String uses =
        "package b;\nimport a.Fast;\nrule \"mark\" when Signal(path == \"Vehicle.Speed\", number >"
            + " 100) then insert(new Fast(1)); end\nrule \"use\" when Fast() then"
            + " actions.launch(\"fast\"); end\n";
    RuleBase first = build(null, declares, uses);
    RuleBase second = build(first, declares, uses.replace("number > 100", "number > 110"));
    assertEquals(0, second.reusedPackages());
    assertEquals(List.of("fast"), targets(second, 120.0));
  }
}
