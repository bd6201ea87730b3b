package io.piccolo.connectors.vss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.piccolo.connectors.artifact.ArtifactFile;
import io.piccolo.connectors.testing.SharedData;
import io.piccolo.engine.rulebase.Problem;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The constants of every leaf kind against the real VSS 6.0 catalogue. */
class ValueCheckTest {
  private static final String SOC = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current";
  private static final String GEAR = "Vehicle.Powertrain.Transmission.CurrentGear";
  private static final String MODE = "Vehicle.Powertrain.Transmission.GearChangeMode";

  private static VssCatalogue vss;

  @BeforeAll
  static void catalogue() throws IOException {
    vss = VssCatalogue.load(SharedData.require("vss/vss_release_6.0.json"));
  }

  private static List<String> check(String when, boolean strict) {
    String yaml =
        "kind: Scenario\nmetadata: {name: s}\nspec:\n  when:\n"
            + when
            + "  action: launch\n  target: t\n";
    ArtifactFile.Content content = ArtifactFile.read("s.yaml", yaml);
    assertEquals(List.of(), content.problemsForRules());
    return ValueCheck.check(content.scenarios(), vss, strict).stream()
        .map(Problem::toString)
        .toList();
  }

  @Test
  void betweenBoundsOutsideTheRangeWarnAtTheList() {
    assertEquals(
        List.of(
            "s.yaml:6:83: warning: scenario s: between high 150 (number) for '"
                + SOC
                + "': outside the signal's range 0 to 100 (float)"),
        check("    all:\n    - {signal: " + SOC + ", between: [20, 150]}\n", false));
    assertEquals(List.of(), check("    {signal: " + SOC + ", between: [20, 80]}\n", false));
  }

  @Test
  void inValuesMustBeAllowedOrInTheDatatype() {
    assertEquals(
        List.of(
            "s.yaml:6:68: warning: scenario s: in value 'SPORT' (text) for '"
                + MODE
                + "': not one of the signal's allowed values [MANUAL, AUTOMATIC]"),
        check("    not:\n    - {signal: " + MODE + ", in: [MANUAL, SPORT]}\n", false));
    assertEquals(
        List.of(
            "s.yaml:5:63: scenario s: in value 200 (number) for '"
                + GEAR
                + "': outside the signal's range -128 to 127 (int8)"),
        check("    {signal: " + GEAR + ", in: [1, 200]}\n", true));
  }

  @Test
  void rearmChecksItsValueAndItsLevelInsideCountsAndHeldGroups() {
    List<String> problems =
        check(
            "    count: 2\n    within: 1m\n    of: {signal: "
                + SOC
                + ", op: gt, value: 120, rearm: 90}\n",
            false);
    assertEquals(
        List.of(
            "s.yaml:7:18: warning: scenario s: value 120 (number) for '"
                + SOC
                + "': outside the signal's range 0 to 100 (float)"),
        problems);
    assertEquals(
        List.of(
            "s.yaml:6:16: scenario s: value -5 (number) for '"
                + SOC
                + "': outside the signal's range 0 to 100 (float)",
            "s.yaml:6:100: scenario s: rearm level 105 (number) for '"
                + SOC
                + "': outside the signal's range 0 to 100 (float)"),
        check(
            "    all:\n    - {signal: " + SOC + ", op: lt, value: -5, rearm: 105}\n    for: 5s\n",
            true));
    assertEquals(
        List.of(), check("    {signal: " + SOC + ", op: gt, value: 90, rearm: 85}\n", false));
  }
}
