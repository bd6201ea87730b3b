package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.piccolo.connectors.artifact.ArtifactNames;
import io.piccolo.connectors.testing.EtcdServer;
import io.piccolo.connectors.testing.SharedData;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
  void deleteRefusesToLeaveAStoredScenarioWithoutItsPackage() throws Exception {
    Path pkg = dir.resolve("p.yaml");
    Files.writeString(
        pkg,
        "kind: Package\nmetadata: {name: app}\nspec:\n  models: [{name: app, node: HPC}]\n---\n"
            + "kind: Model\nmetadata: {name: app}\nspec:\n  containers: [{name: c, image: i}]\n");
    Path scenario = dir.resolve("s.yaml");
    Files.writeString(
        scenario, "kind: Scenario\nmetadata: {name: s}\nspec:\n  action: launch\n  target: app\n");
    assertEquals(0, Cli.run(local("apply", "-f", pkg.toString())).exitCode());
    assertEquals(0, Cli.run(local("apply", "-f", scenario.toString())).exitCode());
    Cli delete = Cli.run(local("delete", "-f", pkg.toString()));
    assertEquals(1, delete.exitCode(), delete::toString);
    assertEquals(
        "piccolo: nothing was deleted: Package app is named by Scenario s (spec.target); delete or"
            + " change those first, or delete them together\n",
        delete.err());
    assertEquals(0, Cli.run(local("get", "Package", "app")).exitCode(), "the package stays");
    Cli together = Cli.run(local("delete", "-f", pkg.toString(), "-f", scenario.toString()));
    assertEquals(0, together.exitCode(), together::toString);
    assertTrue(together.out().contains("deleted Package/app"), together.out());
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

  private Path model(String file, String name) throws Exception {
    return Files.writeString(
        dir.resolve(file),
        "kind: Model\nmetadata:\n  name: "
            + name
            + "\nspec:\n  containers: [{name: c, image: i}]\n");
  }

  @Test
  void aSlashInANameIsRefusedSoOneArtifactsKeysNeverFallUnderAnothers() throws Exception {
    assertEquals(0, Cli.run(local("apply", "-f", model("m.yaml", "m").toString())).exitCode());
    Path nested = model("mx.yaml", "m/x");
    Cli apply = Cli.run(local("apply", "-f", nested.toString()));
    assertEquals(1, apply.exitCode());
    assertEquals(
        nested
            + ":3:9: document 1 (Model 'm/x'): metadata.name: 'm/x' holds '/'; use "
            + ArtifactNames.RULE
            + "\npiccolo: nothing was applied or deleted: fix the errors above\n",
        apply.err());
    Cli history = Cli.run(local("history", "Model", "m"));
    assertEquals(0, history.exitCode(), history::toString);
    assertEquals(2, history.outLines().length, history.out());
    Cli asked = Cli.run(local("history", "Model", "m/x"));
    assertEquals(2, asked.exitCode());
    assertEquals("piccolo: NAME: 'm/x' holds '/'; use " + ArtifactNames.RULE + "\n", asked.err());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "''",
        "' '",
        "'a b'",
        "\"a\\tb\"",
        "\"a\\u0007\"",
        ".",
        "..",
        "-x",
        "_x",
        "a:b",
        "ü"
      })
  void aNameThatCannotBeAStoreKeyIsRefusedWithItsFieldAndLine(String yamlName) throws Exception {
    Path file = model("bad.yaml", yamlName);
    Cli apply = Cli.run(local("apply", "-f", file.toString()));
    assertEquals(1, apply.exitCode(), apply::toString);
    assertTrue(apply.err().startsWith(file + ":3:9: document 1 (Model"), apply.err());
    assertTrue(apply.err().contains("): metadata.name: "), apply.err());
    assertTrue(
        apply.err().contains(ArtifactNames.RULE) || apply.err().contains("at most"), apply.err());
    assertEquals(
        "VERSION  NAME                             KIND\n", Cli.run(local("get", "Model")).out());
  }

  @Test
  void aNameOf253CharactersIsStoredAndOneMoreIsRefused() throws Exception {
    String longest = "a".repeat(253);
    assertEquals(0, Cli.run(local("apply", "-f", model("ok.yaml", longest).toString())).exitCode());
    Cli tooLong = Cli.run(local("apply", "-f", model("long.yaml", longest + "b").toString()));
    assertEquals(1, tooLong.exitCode());
    assertTrue(
        tooLong.err().contains("metadata.name: is 254 characters long; at most 253 are allowed"),
        tooLong.err());
  }

  @Test
  void everyNameInThePullpiriExamplesIsAValidName() throws Exception {
    Path examples = SharedData.require("pullpiri-examples");
    List<Path> files;
    try (var listing = Files.list(examples)) {
      files = listing.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    assertEquals(6, files.size(), files::toString);
    for (Path file : files) {
      Cli apply = Cli.run(local("apply", "-f", file.toString()));
      if (file.getFileName().toString().equals("node_configurations.yaml")) {
        assertTrue(apply.err().contains("holds no artifact to store"), apply::toString);
      } else {
        assertEquals(0, apply.exitCode(), () -> file + "\n" + apply);
      }
      assertTrue(!apply.err().contains("metadata.name"), apply::toString);
    }
  }

  @Test
  void anApplyThatWouldStoreNothingIsAnError() throws Exception {
    Path timpani = SharedData.require("pullpiri-examples/node_configurations.yaml");
    Cli nodes = Cli.run(local("apply", "-f", timpani.toString()));
    assertEquals(1, nodes.exitCode());
    assertEquals(
        timpani
            + ":1:1: holds no artifact to store: each document needs a kind, one of Model, Network,"
            + " Node, Package, Policy, Scenario, Schedule, Volume (a TIMPANI node configuration, not"
            + " an artifact; skipped)\n"
            + "piccolo: nothing was applied or deleted: fix the errors above\n",
        nodes.err());
    Path lower = dir.resolve("lower.yaml");
    Files.writeString(
        lower, "kind: scenario\nmetadata: {name: s}\nspec: {action: launch, target: app}\n");
    Cli miscased = Cli.run(local("apply", "-f", lower.toString()));
    assertEquals(1, miscased.exitCode());
    assertEquals(
        lower
            + ":1:7: document 1 (scenario s): kind: 'scenario' is not a kind; did you mean"
            + " 'Scenario'?\n"
            + "piccolo: nothing was applied or deleted: fix the errors above\n",
        miscased.err());
    Path pods = dir.resolve("pod.yaml");
    Files.writeString(pods, "kind: Pod\nmetadata: {name: p}\n");
    Cli unknown = Cli.run(local("apply", "-f", pods.toString()));
    assertEquals(1, unknown.exitCode());
    assertTrue(unknown.err().contains(pods + ":1:1: holds no artifact to store"), unknown.err());
    assertEquals("", Cli.run(local("get", "Scenario")).out().replaceFirst("VERSION.*\n", ""));
  }

  @Test
  void historyKeepsTheCurrentVersionAndTheTenBeforeItAsHelpAndReadmeSay() throws Exception {
    for (int i = 1; i <= 13; i++) {
      Files.writeString(
          dir.resolve("m.yaml"),
          "kind: Model\nmetadata: {name: m}\nspec:\n  containers: [{name: c, image: v"
              + i
              + "}]\n");
      assertEquals(0, Cli.run(local("apply", "-f", dir.resolve("m.yaml").toString())).exitCode());
    }
    Cli history = Cli.run(local("history", "Model", "m"));
    List<String> versions =
        List.of(history.outLines()).subList(1, history.outLines().length).stream()
            .map(l -> l.split(" +")[0])
            .toList();
    assertEquals(List.of("13", "12", "11", "10", "9", "8", "7", "6", "5", "4", "3"), versions);
    String help = Cli.run("history", "--help").out().replaceAll("\\s+", " ");
    assertTrue(help.contains("the current one and up to 10 before it"), help);
    String readme = Files.readString(Cli.REPO.resolve("README.md")).replaceAll("\\s+", " ");
    assertTrue(readme.contains("the current one and the 10 before it"), "README says so");
  }

  @Test
  @Timeout(120)
  void concurrentAppliesToEtcdEachPrintTheVersionTheyStored() throws Exception {
    try (EtcdServer etcd = EtcdServer.start()) {
      Path file = model("shared.yaml", "shared");
      int writers = 4;
      int applies = 8;
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      List<Future<List<String>>> printed = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        printed.add(
            pool.submit(
                () -> {
                  List<String> lines = new ArrayList<>();
                  for (int i = 0; i < applies; i++) {
                    Cli apply = Cli.run("apply", "-f", file.toString(), "--etcd", etcd.endpoint());
                    assertEquals(0, apply.exitCode(), apply::toString);
                    lines.add(apply.out());
                  }
                  return lines;
                }));
      }
      Set<String> seen = new TreeSet<>();
      for (Future<List<String>> f : printed) {
        seen.addAll(f.get(100, TimeUnit.SECONDS));
      }
      pool.shutdown();
      Set<String> expected = new TreeSet<>();
      for (int v = 1; v <= writers * applies; v++) {
        expected.add("applied Model/shared (version " + v + ")\n");
      }
      assertEquals(expected, seen, "every version printed once, by the apply that stored it");
    }
  }

  @Test
  void aRefusedEtcdPortAnswersAtOnceNamingTheEndpoint() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String endpoint = "http://127.0.0.1:" + port;
    long start = System.nanoTime();
    Cli get = Cli.run("get", "Scenario", "--etcd", endpoint);
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(1, get.exitCode());
    assertEquals(
        "piccolo: "
            + endpoint
            + ": connection refused: nothing listens on port "
            + port
            + "; is etcd running?\n",
        get.err());
    assertTrue(tookMillis < 1_000, "answered in " + tookMillis + " ms");
  }

  @Test
  @Timeout(60)
  void aNestedNameStoredBeforeNamesWereCheckedLeavesHistoryAndDeleteOfItsParentAlone()
      throws Exception {
    try (EtcdServer etcd = EtcdServer.start()) {
      Path m = model("m.yaml", "m");
      for (int i = 0; i < 2; i++) {
        assertEquals(0, Cli.run("apply", "-f", m.toString(), "--etcd", etcd.endpoint()).exitCode());
      }
      String legacyHistory = "/piccolo/history/Model/m/x/" + "0".repeat(19) + "1";
      try (Client client = Client.builder().endpoints(etcd.endpoint()).build()) {
        for (String key : List.of("Model/m/x", legacyHistory, "/piccolo/version/Model/m/x")) {
          client
              .getKVClient()
              .put(
                  ByteSequence.from(key, StandardCharsets.UTF_8),
                  ByteSequence.from(
                      key.startsWith("/piccolo/version") ? "1" : "kind: Model\n",
                      StandardCharsets.UTF_8))
              .get(10, TimeUnit.SECONDS);
        }
      }
      Cli history = Cli.run("history", "Model", "m", "--etcd", etcd.endpoint());
      assertEquals(0, history.exitCode(), history::toString);
      assertEquals(3, history.outLines().length, history.out());
      Cli delete = Cli.run("delete", "-f", m.toString(), "--etcd", etcd.endpoint());
      assertEquals("deleted Model/m\n", delete.out(), delete::toString);
      assertEquals("kind: Model\n", etcd.value(legacyHistory), "m/x keeps its history");
    }
  }
}
