package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code @trigger(edge)} on DRL rules, and {@code bench drl}, as a user meets them. */
class EdgeTriggerCommandTest {
  @TempDir Path dir;

  private static final String TRACE =
      """
      time,path,value
      0,Vehicle.Speed,140
      1,Vehicle.Speed,150
      2,Vehicle.Speed,160
      3,Vehicle.Speed,90
      4,Vehicle.Speed,135
      5,Vehicle.Speed,137
      """;

  private Path rule(String attribute) throws Exception {
    Path drl = dir.resolve("overspeed.drl");
    Files.writeString(
        drl,
        """
        package rules.driving;

        rule "overspeed warning" %s
        when
            $speed : Signal(path == "Vehicle.Speed", number > 130)
        then
            actions.launch("overspeed-warning");
        end
        """
            .formatted(attribute));
    return drl;
  }

  private List<Double> firingTimes(Cli cli) throws Exception {
    List<Double> times = new ArrayList<>();
    for (String line : cli.outLines()) {
      times.add(new ObjectMapper().readTree(line).get("time").asDouble());
    }
    return times;
  }

  @Test
  void simulateFiresAnEdgeTriggeredRuleOncePerEpisode() throws Exception {
    Path trace = Files.writeString(dir.resolve("drive.csv"), TRACE);
    Cli cli =
        Cli.run(
            "simulate", "--rules", rule("@trigger(edge)").toString(), "--trace", trace.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
    assertEquals(List.of(0.0, 4.0), firingTimes(cli));
    assertTrue(cli.err().contains("rules fired 2 time(s); 2 action(s)"), cli.err());
  }

  @Test
  void simulateFiresAPlainRuleOnEveryUpdateWhileTrue() throws Exception {
    Path trace = Files.writeString(dir.resolve("drive.csv"), TRACE);
    Cli cli = Cli.run("simulate", "--rules", rule("").toString(), "--trace", trace.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
    assertEquals(List.of(0.0, 1.0, 2.0, 4.0, 5.0), firingTimes(cli));
  }

  @Test
  void rulesCheckNamesTheLineOfAnUnknownTrigger() throws Exception {
    Cli cli = Cli.run("rules", "check", rule("@trigger(once)").toString());
    assertEquals(1, cli.exitCode(), cli::toString);
    String printed = cli.out() + cli.err();
    assertTrue(
        printed.contains(
            dir.resolve("overspeed.drl")
                + ":3:26: rule 'overspeed warning': unknown trigger 'once' (use @trigger(edge)"),
        cli::toString);
    assertTrue(!printed.contains("Exception"), cli::toString);
  }

  @Test
  void theDrlBenchFiresEdgeRulesAsYamlAndPlainRulesAsOftenAsDrools() throws Exception {
    Cli cli = Cli.run("bench", "drl", "--rules", "20", "--signals", "4000");
    assertEquals(0, cli.exitCode(), cli::toString);
    String[] lines = cli.outLines();
    JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertEquals(20, json.get("rules").asInt());
    assertTrue(json.get("agree").asBoolean());
    long edges = json.get("yaml").get("firings").asLong();
    assertTrue(edges > 0, cli.out());
    assertEquals(edges, json.get("drl_edge").get("firings").asLong());
    assertEquals(edges, json.get("drl_edge_session").get("firings").asLong());
    long plain = json.get("plain_drools").get("firings").asLong();
    assertEquals(plain, json.get("drl_plain").get("firings").asLong());
    assertTrue(plain > edges, "plain rules fire on every update while true: " + cli.out());
    for (String form :
        new String[] {"yaml", "drl_edge", "drl_edge_session", "drl_plain", "plain_drools"}) {
      assertTrue(json.get(form).get("samples_per_s").asDouble() > 0, cli.out());
    }
  }

  @Test
  void theDrlBenchRefusesZeroRules() {
    Cli cli = Cli.run("bench", "drl", "--rules", "0");
    assertEquals(2, cli.exitCode());
    assertEquals("piccolo: --rules and --signals must be at least 1\n", cli.err());
  }

  @Test
  void rulesCheckExplainsWhereAnEdgeRuleRuns() throws Exception {
    Path drl = rule("@trigger(edge)");
    Files.writeString(
        dir.resolve("braking.drl"),
        """
        package rules.braking;

        rule "hard braking while fast" @trigger(edge)
        when
            Signal(path == "Vehicle.Speed", number > 100)
            not Signal(path == "Vehicle.Chassis.Brake.IsPressed", number == 0)
        then
            actions.launch("brake-assist");
        end
        """);
    Cli cli = Cli.run("rules", "check", "--explain", dir.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
    assertTrue(
        cli.out()
            .contains(
                "rule overspeed warning  ("
                    + drl
                    + ":3)\n  compiled into: the condition index in front of the session"),
        cli.out());
    assertTrue(
        cli.out()
            .contains(
                "rule hard braking while fast  ("
                    + dir.resolve("braking.drl")
                    + ":3)\n  compiled into: a DRL rule in the Drools session, edge-triggered"),
        cli.out());
  }
}
