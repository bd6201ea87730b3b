package io.piccolo.gateway.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.piccolo.adapters.testing.PodmanService;
import io.piccolo.connectors.artifact.ArtifactFile;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.testing.Waits;
import io.piccolo.gateway.settings.Settings;
import io.piccolo.network.Kernel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * serve with {@code --runtime podman} and {@code network.executor: pharos} on a real Podman and the
 * real kernel: a Model that joins a bridge Network runs in a pod with network none, PHAROS finds
 * the pod's namespace by asking Podman and plumbs it, iperf3 run inside the container is held to
 * its class's ceiling, and terminating it leaves nothing in ip, tc or the BPF maps. A warm Package
 * stays warm: prepared without its network, it joins when launched.
 */
@Timeout(240)
class PharosOnPodmanTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOSTS_MAP = "/sys/fs/bpf/piccolo-pharos/maps/pharos_hosts";
  private static final String USAGE_MAP = "/sys/fs/bpf/piccolo-pharos/maps/pharos_usage";

  private static final String DRL =
      """
      package live;
      rule "launch on demand"
      when Signal(path == "Vehicle.Test.Launch", $t : text) then actions.launch($t); end
      rule "terminate on demand"
      when Signal(path == "Vehicle.Test.Terminate", $t : text) then actions.terminate($t); end
      """;

  private static final String NETWORK =
      """
      kind: Network
      metadata: {name: cabin}
      spec:
        mode: bridge
        subnet: 10.213.0.0/24
        link: 100mbit
        classes:
          - {name: camera, priority: 0, rate: 60mbit}
          - {name: media, priority: 5, rate: 10mbit, ceil: 10mbit}
      """;

  private static PodmanService podman;
  private final StateStore store = StateStores.inMemory();
  private LiveServer serve;

  @BeforeAll
  static void startPodman() {
    podman = PodmanService.start();
  }

  @AfterAll
  static void stopPodman() {
    if (podman != null) {
      podman.close();
    }
  }

  @AfterEach
  void stopServe() throws Exception {
    if (serve != null) {
      serve.close();
    }
    podman.podman("pod", "rm", "--all", "--force", "--time", "0");
  }

  private void start() throws Exception {
    start("podman");
  }

  private void start(String runtime) throws Exception {
    serve =
        new LiveServer(
            DRL,
            store,
            Settings.defaults()
                .with(Settings.RUNTIME, runtime, "test")
                .with(Settings.RUNTIME_SOCKET, Path.of(podman.socket()), "test")
                .with(Settings.ACTION_TIMEOUT, Duration.ofSeconds(20), "test")
                .with(Settings.NETWORK_EXECUTOR, "pharos", "test")
                .with(Settings.NETWORK_INTERVAL, Duration.ofMillis(200), "test"));
  }

  /**
   * A Package and its Model on network cabin in {@code trafficClass}; its container runs a shell
   * that waits, with the host's iperf3 and its libraries mounted read-only (the image is a bare
   * busybox).
   */
  private static String workload(String name, String trafficClass, boolean warm) {
    return workload(name, trafficClass, warm, "");
  }

  private static String workload(String name, String trafficClass, boolean warm, String specLine) {
    return String.join(
        "\n",
        "kind: Package",
        "metadata: {name: " + name + "}",
        "spec:",
        warm ? "  warm: true" : "  pattern: [{type: plain}]",
        "  models: [{name: " + name + ", node: HPC}]",
        "---",
        "kind: Model",
        "metadata:",
        "  name: " + name,
        "  annotations:",
        "    io.pullpiri.annotations.package-network: cabin",
        "    io.piccolo.network/class: " + trafficClass,
        "spec:",
        specLine.isEmpty() ? "  restartPolicy: Never" : "  " + specLine,
        "  terminationGracePeriodSeconds: 2",
        "  volumes:",
        "    - {name: iperf3, hostPath: {path: /usr/bin/iperf3}}",
        "    - {name: libs, hostPath: {path: /lib/x86_64-linux-gnu}}",
        "    - {name: loader, hostPath: {path: /lib64}}",
        "  containers:",
        "    - name: app",
        "      image: \"" + PodmanService.IMAGE + "\"",
        "      command: [\"/bin/sh\", \"-c\"]",
        "      args: [\"trap 'exit 0' TERM; sleep 2147483647 & wait\"]",
        "      ports: [{containerPort: 5201}]  # not published: PHAROS gives the address",
        "      volumeMounts:",
        "        - {name: iperf3, mountPath: /usr/bin/iperf3, readOnly: true}",
        "        - {name: libs, mountPath: /lib/x86_64-linux-gnu, readOnly: true}",
        "        - {name: loader, mountPath: /lib64, readOnly: true}",
        "");
  }

  private void apply(String yaml) throws Exception {
    assertEquals(200, serve.post("/api/artifact", yaml).statusCode());
  }

  private void signal(String path, String target) throws Exception {
    serve.post("/api/v1/signals", "[{\"path\":\"" + path + "\",\"value\":\"" + target + "\"}]");
  }

  private String containerState(String container) {
    try {
      return podman.state(container);
    } catch (AssertionError noSuchContainer) {
      return "missing";
    }
  }

  /** The container's address on cabin, as its own {@code ip} shows it, or null. */
  private static String addressInside(String container) {
    String out;
    try {
      out = podman.podman("exec", container, "ip", "-4", "-o", "addr", "show");
    } catch (AssertionError notRunning) {
      return null;
    }
    Matcher m = Pattern.compile("eth0\\s+inet (10\\.213\\.0\\.\\d+)/24").matcher(out);
    return m.find() ? m.group(1) : null;
  }

  private String infraNetworkMode(String pod) {
    String infra = podman.inspect("pod", pod).path("InfraContainerID").asText();
    return podman.inspect(infra).path("HostConfig").path("NetworkMode").asText();
  }

  private static JsonNode dump(String map) throws Exception {
    return JSON.readTree(Kernel.run("bpftool", "-j", "map", "dump", "pinned", map));
  }

  @Test
  void aModelOnPodmanJoinsItsNetworkInsideItsContainerIsShapedByItsClassAndLeavesNothing()
      throws Exception {
    start();
    apply(NETWORK);
    apply(workload("player", "media", false));
    signal("Vehicle.Test.Launch", "player");
    Waits.until(
        "the container has its address on cabin",
        WAIT,
        () -> "10.213.0.2".equals(addressInside("player_app")));
    assertEquals("none", infraNetworkMode("player"), "Podman gave the pod only loopback");
    assertEquals(
        "none",
        podman.inspect("pod", "player").path("Labels").path("io.piccolo.pod-network").asText());

    try (Kernel.IperfServer sink = new Kernel.IperfServer(null, "10.213.0.1", 5341)) {
      // the first 2 s (the bucket's burst) are left out; the rest is what the sink received
      JsonNode run =
          JSON.readTree(
              podman.podman(
                  "exec",
                  "player_app",
                  "/usr/bin/iperf3",
                  "-c",
                  "10.213.0.1",
                  "-p",
                  "5341",
                  "-t",
                  "8",
                  "-O",
                  "2",
                  "-J"));
      double received =
          run.path("end").path("sum_received").path("bits_per_second").asDouble() / 1e6;
      assertTrue(
          Math.abs(received - 10) <= 1,
          "iperf3 inside the container is held to media's 10mbit ceiling: "
              + received
              + " Mbit/s received, intervals "
              + Kernel.intervals(run));
    }
    assertEquals(1, dump(HOSTS_MAP).size(), "its address is in the classifier's map");

    signal("Vehicle.Test.Terminate", "player");
    Waits.until("the pod is removed", WAIT, () -> !podman.exists("pod", "player"));
    Waits.until(
        "its veth, bridge and uplink are gone",
        WAIT,
        () -> !Kernel.run("ip", "-o", "link", "show").contains("pha"));
    assertFalse(Kernel.run("tc", "qdisc", "show").contains("pha"), "no qdisc of PHAROS's left");
    assertFalse(Kernel.run("tc", "class", "show").contains("htb 1:"), "no HTB class left");
    assertEquals(0, dump(HOSTS_MAP).size(), "no address left in " + HOSTS_MAP);
    assertEquals(0, dump(USAGE_MAP).size(), "no counters left in " + USAGE_MAP);
  }

  @Test
  void aWarmPackageOnAPharosNetworkIsPreparedWithoutJoiningAndJoinsWhenLaunched() throws Exception {
    store.apply(ArtifactFile.read("cabin.yaml", NETWORK).artifacts());
    store.apply(ArtifactFile.read("rear.yaml", workload("rear", "camera", true)).artifacts());
    start();
    Waits.until("prepared at start", WAIT, () -> containerState("rear_app").equals("created"));
    assertEquals("none", infraNetworkMode("rear"), "prepared with the namespace PHAROS plumbs");
    Waits.holdsFor(
        "a prepared Model is on no network yet",
        Duration.ofMillis(500),
        () -> !Kernel.run("ip", "-o", "link", "show").contains("phaw"));
    String prepared = podman.inspect("rear_app").path("Id").asText();

    signal("Vehicle.Test.Launch", "rear");
    Waits.until(
        "launched, it has its address on cabin",
        WAIT,
        () -> "10.213.0.2".equals(addressInside("rear_app")));
    assertEquals(
        prepared, podman.inspect("rear_app").path("Id").asText(), "the prepared one, only started");
  }

  @Test
  void aModelOnTheHostsNetworkIsNotPlumbedAndItsLaunchSaysWhy() throws Exception {
    start();
    apply(NETWORK);
    apply(workload("hosted", "media", false, "hostNetwork: true"));
    signal("Vehicle.Test.Launch", "hosted");
    Waits.until(
        "the launch failed naming the host's namespace",
        WAIT,
        () ->
            serve
                .log
                .toString()
                .contains(
                    "its network could not be set up: Model/hosted runs in the host's network"
                        + " namespace (hostNetwork: true)"));
    assertEquals("running", containerState("hosted_app"), "the runtime's part succeeded");
    assertFalse(Kernel.run("ip", "-o", "link", "show").contains("phaw"), "no veth was made");
  }

  @Test
  void onTheDockerRuntimeAOneContainerModelJoinsItsNetworkInsideItsContainer() throws Exception {
    // Podman's Docker-compatible API on the same socket
    start("docker");
    apply(NETWORK);
    apply(workload("docked", "media", false));
    signal("Vehicle.Test.Launch", "docked");
    Waits.until(
        "the container has its address on cabin",
        WAIT,
        () -> "10.213.0.2".equals(addressInside("docked_app")));
    assertEquals(
        "none",
        podman.inspect("docked_app").path("HostConfig").path("NetworkMode").asText(),
        "started with network none");
    signal("Vehicle.Test.Terminate", "docked");
    Waits.until(
        "its network went with it",
        WAIT,
        () ->
            !podman.exists("docked_app")
                && !Kernel.run("ip", "-o", "link", "show").contains("pha"));
  }

  @Test
  void onTheDockerRuntimeAModelOfTwoContainersIsNotPlumbedAndItsLaunchSaysWhy() throws Exception {
    start("docker");
    apply(NETWORK);
    apply(
        String.join(
            "\n",
            "kind: Package",
            "metadata: {name: pair}",
            "spec: {models: [{name: pair, node: HPC}]}",
            "---",
            "kind: Model",
            "metadata:",
            "  name: pair",
            "  annotations: {io.pullpiri.annotations.package-network: cabin}",
            "spec:",
            "  terminationGracePeriodSeconds: 0",
            "  containers:",
            "    - {name: a, image: \"" + PodmanService.IMAGE + "\", command: [sleep, \"600\"]}",
            "    - {name: b, image: \"" + PodmanService.IMAGE + "\", command: [sleep, \"600\"]}",
            ""));
    signal("Vehicle.Test.Launch", "pair");
    Waits.until(
        "the launch failed saying why",
        WAIT,
        () ->
            serve
                .log
                .toString()
                .contains(
                    "its network could not be set up: Model 'pair' runs 2 containers on Docker,"
                        + " each in a network namespace of its own"));
    assertFalse(Kernel.run("ip", "-o", "link", "show").contains("phaw"), "no veth was made");
  }
}
