package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.piccolo.connectors.testing.EtcdServer;
import io.piccolo.connectors.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoreCommandsTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  @TempDir Path dir;

  private String[] local(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--store", dir.resolve("store.json").toString()));
    return all.toArray(String[]::new);
  }

  /** Every document of a file, as YAML reads it. */
  private static List<JsonNode> documents(String yaml) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    try (var it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (it.hasNext()) {
        JsonNode doc = (JsonNode) it.next();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          out.add(doc);
        }
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "helloworld.yaml",
        "helloworld_no_condition.yaml",
        "helloworld_policy.yaml",
        "parameter-test.yaml",
        "schedule-test.yaml"
      })
  void everyPullpiriExampleAppliesAndRoundTripsWithoutLosingAField(String example)
      throws Exception {
    Path file = SharedData.require("pullpiri-examples/" + example);
    Cli apply = Cli.run(local("apply", "-f", file.toString()));
    assertEquals(0, apply.exitCode(), apply::toString);
    for (JsonNode original : documents(Files.readString(file))) {
      String kind = original.get("kind").asText();
      String name = original.at("/metadata/name").asText();
      Cli get = Cli.run(local("get", kind, name, "-o", "yaml"));
      assertEquals(0, get.exitCode(), get::toString);
      assertEquals(original, YAML.readTree(get.out()), kind + "/" + name);
    }
  }

  @Test
  void anApplyWithOneBadDocumentStoresNothing() throws Exception {
    Path file = dir.resolve("mixed.yaml");
    Files.writeString(
        file,
        "kind: Model\nmetadata: {name: good}\nspec:\n  containers: [{name: c, image: i}]\n---\n"
            + "kind: Package\nmetadata: {name: broken}\nspec:\n  models:\n    - name: good\n");
    Cli apply = Cli.run(local("apply", "-f", file.toString()));
    assertEquals(1, apply.exitCode());
    assertEquals(
        file
            + ":10:7: document 2 (Package broken): spec.models[0].node: required\n"
            + "piccolo: nothing was applied or deleted: fix the errors above\n",
        apply.err());
    Cli get = Cli.run(local("get", "model"));
    assertEquals("VERSION  NAME                             KIND\n", get.out());
  }

  @Test
  void aTargetThatIsNeitherAppliedNorStoredIsAnError() throws Exception {
    Path scenario = dir.resolve("s.yaml");
    Files.writeString(
        scenario, "kind: Scenario\nmetadata: {name: s}\nspec:\n  action: launch\n  target: app\n");
    Cli apply = Cli.run(local("apply", "-f", scenario.toString()));
    assertEquals(1, apply.exitCode());
    assertTrue(
        apply
            .err()
            .startsWith(
                scenario
                    + ":5:11: Scenario s: spec.target: names Package 'app', which is neither in this apply nor stored\n"),
        apply.err());
    Path pkg = dir.resolve("p.yaml");
    Files.writeString(
        pkg,
        "kind: Package\nmetadata: {name: app}\nspec:\n  models: [{name: app, node: HPC}]\n---\n"
            + "kind: Model\nmetadata: {name: app}\nspec:\n  containers: [{name: c, image: i}]\n");
    assertEquals(0, Cli.run(local("apply", "-f", pkg.toString())).exitCode());
    Cli again = Cli.run(local("apply", "-f", scenario.toString()));
    assertEquals(0, again.exitCode(), again::toString);
    assertEquals("applied Scenario/s (version 1)\n", again.out());
  }

  @Test
  void historyListsVersionsNewestFirst() throws Exception {
    Path file = dir.resolve("m.yaml");
    for (String image : List.of("v1", "v2", "v3")) {
      Files.writeString(
          file,
          "kind: Model\nmetadata: {name: m}\nspec:\n  containers: [{name: c, image: "
              + image
              + "}]\n");
      assertEquals(0, Cli.run(local("apply", "-f", file.toString())).exitCode());
    }
    Cli history = Cli.run(local("history", "model", "m"));
    assertEquals(
        "VERSION  NAME                             KIND\n"
            + "3        m                                Model\n"
            + "2        m                                Model\n"
            + "1        m                                Model\n",
        history.out());
    Cli docs = Cli.run(local("history", "Model", "m", "-o", "yaml"));
    List<JsonNode> versions = documents(docs.out());
    assertEquals(
        List.of("v3", "v2", "v1"),
        versions.stream().map(d -> d.at("/spec/containers/0/image").asText()).toList());
  }

  @Test
  void anUnknownKindIsNamed() {
    Cli get = Cli.run(local("get", "Pods"));
    assertEquals(2, get.exitCode());
    assertEquals(
        "piccolo: unknown kind 'Pods' (one of Model, Network, Node, Package, Policy, Scenario, Schedule, Volume)\n",
        get.err());
  }

  @Test
  @Timeout(60)
  void theSameCommandsWorkAgainstEtcd() throws Exception {
    Path file = SharedData.require("pullpiri-examples/helloworld.yaml");
    try (EtcdServer etcd = EtcdServer.start()) {
      Cli apply = Cli.run("apply", "-f", file.toString(), "--etcd", etcd.endpoint());
      assertEquals(0, apply.exitCode(), apply::toString);
      Cli get = Cli.run("get", "Scenario", "helloworld", "-o", "json", "--etcd", etcd.endpoint());
      assertEquals(0, get.exitCode(), get::toString);
      assertEquals(
          "ADASObstacleDetectionIsWarning",
          YAML.readTree(get.out()).at("/spec/condition/operands/value").asText());
      Cli delete = Cli.run("delete", "-f", file.toString(), "--etcd", etcd.endpoint());
      assertEquals(
          "deleted Scenario/helloworld\ndeleted Package/helloworld\ndeleted Model/helloworld\n",
          delete.out());
    }
  }

  @Test
  @Timeout(60)
  void anAllowedRollbackRestoresThePackagesPreviousVersion() throws Exception {
    try (EtcdServer etcd = EtcdServer.start()) {
      Path pkg = dir.resolve("pkg.yaml");
      for (String node : List.of("HPC", "cloud")) {
        Files.writeString(
            pkg,
            "kind: Package\nmetadata: {name: nav}\nspec:\n  models: [{name: nav, node: "
                + node
                + "}]\n---\n"
                + "kind: Model\nmetadata: {name: nav}\nspec:\n  containers: [{name: nav, image: nav:1}]\n");
        assertEquals(
            0, Cli.run("apply", "-f", pkg.toString(), "--etcd", etcd.endpoint()).exitCode());
      }
      Path rules = Files.createDirectories(dir.resolve("rules"));
      Files.writeString(
          rules.resolve("undo.yaml"),
          "kind: Scenario\nmetadata: {name: undo}\nspec:\n  when: {signal: Vehicle.Speed, op: gt, value: 100}\n  action: rollback\n  target: nav\n");
      Path trace = dir.resolve("t.csv");
      Files.writeString(trace, "time,path,value\n0,Vehicle.Speed,0\n4,Vehicle.Speed,120\n");
      Cli sim =
          Cli.run(
              "simulate",
              "--rules",
              rules.toString(),
              "--trace",
              trace.toString(),
              "--etcd",
              etcd.endpoint());
      assertEquals(0, sim.exitCode(), sim::toString);
      assertTrue(
          sim.err()
              .contains(
                  "at 4.0 s: rolled Package/nav back to its previous version (now version 3)"),
          sim.err());
      Cli get = Cli.run("get", "Package", "nav", "-o", "json", "--etcd", etcd.endpoint());
      assertEquals("HPC", YAML.readTree(get.out()).at("/spec/models/0/node").asText());
    }
  }
}
