package io.piccolo.gateway.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.files.RuleSet;
import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.testing.Waits;
import io.piccolo.engine.DecidedAction;
import io.piccolo.gateway.settings.Settings;
import io.piccolo.network.Kernel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * serve with {@code network.executor: pharos} on the real kernel: a Package whose Models name
 * networks is launched (on the dry run; namespaces stand in for its containers), its traffic is
 * shaped and isolated as declared, NetworkUsage facts reach the rules, and a rule's {@code qos}
 * changes a running flow.
 */
@Timeout(180)
class PharosServeTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String GEAR = "Vehicle.Powertrain.Transmission.CurrentGear";

  private static final String SCENARIO =
      """
      kind: Scenario
      metadata: {name: cockpit-on-start}
      spec:
        when: {signal: Vehicle.Test.Start, op: eq, value: 1}
        action: launch
        target: cockpit
      """;

  private static final String DRL =
      """
      package live;
      rule "media is busy"
      when
          NetworkUsage(workload == "media", rate > 30000000)
      then
          actions.request("notify", "media-busy", null);
      end
      rule "media yields in reverse"
      when
          Signal(path == "Vehicle.Powertrain.Transmission.CurrentGear", number < 0)
      then
          actions.request("qos", "media", Map.of("ceil", "10mbit"));
      end
      """;

  private static final String ARTIFACTS =
      """
      kind: Network
      metadata: {name: cabin}
      spec:
        mode: bridge
        subnet: 10.211.0.0/24
        link: 100mbit
        classes:
          - {name: camera, priority: 0, rate: 60mbit}
          - {name: media, priority: 5, rate: 20mbit}
      ---
      kind: Network
      metadata: {name: safety}
      spec: {mode: bridge, subnet: 10.212.0.0/24, link: 100mbit, isolated: true}
      ---
      kind: Package
      metadata: {name: cockpit}
      spec:
        models:
          - {name: rear-camera, node: HPC}
          - {name: media, node: HPC}
          - {name: brake, node: HPC}
      ---
      kind: Model
      metadata:
        name: rear-camera
        annotations:
          io.pullpiri.annotations.package-network: cabin
          io.piccolo.network/class: camera
      spec:
        containers: [{name: camera, image: localhost/piccolo/busybox:1}]
      ---
      kind: Model
      metadata:
        name: media
        annotations:
          io.pullpiri.annotations.package-network: cabin
          io.piccolo.network/class: media
      spec:
        containers: [{name: player, image: localhost/piccolo/busybox:1}]
      ---
      kind: Model
      metadata:
        name: brake
        annotations:
          io.pullpiri.annotations.package-network: safety
      spec:
        containers: [{name: brake, image: localhost/piccolo/busybox:1}]
      """;

  @TempDir Path dir;
  private final StringWriter log = new StringWriter();
  private final List<DecidedAction> decided = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> post(int port, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String metrics(int port) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static String address(String netns) {
    String out = Kernel.run("ip", "-n", netns, "-4", "-o", "addr", "show");
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("inet (10\\.21[12]\\.0\\.\\d+)/").matcher(out);
    return m.find() ? m.group(1) : null;
  }

  private double mediaBytes(int port) throws Exception {
    return metrics(port)
        .lines()
        .filter(l -> l.startsWith("piccolo_pharos_bytes_total{class=\"media\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private boolean decidedBy(String rule) {
    return decided.stream().anyMatch(d -> d.rule().equals(rule));
  }

  @Test
  void aPackagesNetworksAreShapedAndIsolatedAndARuleChangesARunningFlow() throws Exception {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(rules.resolve("scenarios.yaml"), SCENARIO);
    Files.writeString(rules.resolve("network.drl"), DRL);
    PiccoloServer server =
        new PiccoloServer(
            RuleSet.load(List.of(rules)).builder().build(),
            StateStores.file(dir.resolve("store.json")),
            Settings.defaults()
                .with(Settings.SERVE_PORT, 0, "test")
                .with(Settings.NETWORK_EXECUTOR, "pharos", "test")
                .with(Settings.NETWORK_INTERVAL, Duration.ofMillis(200), "test"),
            decided::addAll,
            new PrintWriter(log, true));
    try (Kernel.Netns camera = new Kernel.Netns("rear-camera");
        Kernel.Netns media = new Kernel.Netns("media");
        Kernel.Netns brake = new Kernel.Netns("brake")) {
      server.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      int port = server.port();
      try {
        assertEquals(200, post(port, "/api/artifact", ARTIFACTS).statusCode());
        post(port, "/api/v1/signals", "[{\"path\":\"Vehicle.Test.Start\",\"value\":1}]");
        // its meters are made once the veth, the route and the classifier's entry are all in
        // place: an address alone comes first, before the route a connection needs
        Waits.until(
            "every Model of the Package joined its network",
            WAIT,
            () -> {
              String text = metrics(port);
              return Stream.of("rear-camera", "media", "brake")
                  .allMatch(
                      w ->
                          text.lines()
                              .anyMatch(
                                  l ->
                                      l.startsWith("piccolo_pharos_drops_total{")
                                          && l.contains("workload=\"" + w + "\"")));
            });
        assertEquals("10.212.0.2", address("brake"));
        assertFalse(
            Kernel.succeeds(
                "ip",
                "netns",
                "exec",
                "media",
                "timeout",
                "2",
                "bash",
                "-c",
                "exec 3<>/dev/tcp/10.212.0.2/5399"),
            "the isolated safety network takes nothing from cabin");
        try (Kernel.IperfServer sink = new Kernel.IperfServer(null, "10.211.0.1", 5331)) {
          Kernel.IperfClient flow = new Kernel.IperfClient("media", sink, 10);
          Waits.until(
              "a rule saw media's NetworkUsage above 30mbit",
              WAIT,
              () -> decidedBy("media is busy"));
          Waits.until(
              "media has sent 20 MB, at the link's rate", WAIT, () -> mediaBytes(port) > 20e6);
          post(port, "/api/v1/signals", "[{\"path\":\"" + GEAR + "\",\"value\":-1}]");
          Waits.until(
              "the qos decision was carried out",
              WAIT,
              () ->
                  metrics(port)
                      .contains(
                          "piccolo_action_duration_seconds_count{action=\"qos\","
                              + "executor=\"pharos\",outcome=\"succeeded\"} 1"));
          List<Double> intervals = Kernel.intervals(flow.result());
          assertTrue(intervals.get(0) > 50e6, "media alone takes the link first: " + intervals);
          double last =
              intervals.subList(intervals.size() - 4, intervals.size()).stream()
                      .mapToDouble(Double::doubleValue)
                      .average()
                      .orElseThrow()
                  / 1e6;
          assertTrue(Math.abs(last - 10) <= 1, "then its 10mbit ceiling holds: " + intervals);
        }
        String text = metrics(port);
        assertTrue(
            text.lines()
                .anyMatch(
                    l ->
                        l.startsWith(
                                "piccolo_pharos_bytes_total{class=\"media\",network=\"cabin\","
                                    + "workload=\"media\"}")
                            && !l.endsWith(" 0.0")),
            text);
        assertTrue(
            text.lines()
                .anyMatch(
                    l ->
                        l.startsWith(
                                "piccolo_pharos_drops_total{network=\"cabin\",workload=\"media\"}")
                            && !l.endsWith(" 0.0")),
            "the refused connection was counted: " + text);
      } finally {
        server.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      }
    }
    assertFalse(Kernel.run("ip", "-o", "link").contains("pha"), "stopping serve removed it all");
  }
}
