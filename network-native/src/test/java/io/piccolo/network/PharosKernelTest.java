package io.piccolo.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.adapters.WorkResult;
import io.piccolo.connectors.testing.Waits;
import io.piccolo.engine.fact.NetworkUsage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PHAROS on the real kernel: namespaces stand in for containers started with network none, iperf3
 * measures what HTB and the classifier let through.
 */
@Timeout(180)
class PharosKernelTest {
  /** Of the bytes HTB counts on the wire, the share iperf3 sees as payload (Ethernet, IP, TCP). */
  private static final double TCP_PAYLOAD_SHARE = 1448.0 / 1514;

  private static final String CABIN =
      """
      kind: Network
      metadata: {name: cabin}
      spec:
        mode: bridge
        subnet: 10.201.0.0/24
        link: 100mbit
        classes:
          - {name: camera, priority: 0, rate: 60mbit, ceil: 100mbit}
          - {name: media, priority: 5, rate: 10mbit, ceil: 100mbit}
          - {name: capped, priority: 3, rate: 5mbit, ceil: 20mbit}
      """;

  private static Fixtures f;

  @BeforeAll
  static void start() throws Exception {
    f = new Fixtures(Duration.ofMillis(200));
    f.start();
    f.apply(CABIN);
  }

  @AfterAll
  static void stop() throws Exception {
    f.stop();
  }

  private static double mbit(double bits) {
    return bits / 1e6;
  }

  @Test
  void tcShowsTheDeclaredHierarchyAndTheClassifier() throws Exception {
    try (Kernel.Netns ns = new Kernel.Netns("cam")) {
      assertTrue(f.join(Fixtures.model("cam", "cabin", "camera")).startsWith("joined cabin at"));
      String uplink = f.uplink("cabin");
      String classes = Kernel.run("tc", "-s", "class", "show", "dev", uplink);
      assertTrue(classes.contains("class htb 1:1 root rate 100Mbit ceil 100Mbit"), classes);
      assertTrue(
          classes.contains("class htb 1:10 parent 1:1 prio 0 rate 60Mbit ceil 100Mbit"), classes);
      assertTrue(
          classes.contains("class htb 1:11 parent 1:1 prio 5 rate 10Mbit ceil 100Mbit"), classes);
      assertTrue(
          classes.contains("class htb 1:12 parent 1:1 prio 3 rate 5Mbit ceil 20Mbit"), classes);
      assertTrue(classes.contains("class htb 1:fff parent 1:1 prio 7"), classes);
      String filters = Kernel.run("tc", "filter", "show", "dev", uplink);
      assertTrue(filters.contains("pharos_classify") && filters.contains("direct-action"), filters);
      String port = Kernel.run("tc", "filter", "show", "dev", f.port("cam"), "ingress");
      assertTrue(port.contains("pharos_port"), port);
      assertEquals("10.201.0.2", f.address("cam"));
      assertTrue(f.join(Fixtures.model("cam", "cabin", "camera")).startsWith("already on cabin"));
    } finally {
      f.leave("cam");
    }
  }

  @Test
  void aCeilingHoldsWithinTenPercent() throws Exception {
    try (Kernel.Netns ns = new Kernel.Netns("capped");
        Kernel.IperfServer server = new Kernel.IperfServer(null, gatewayOf("capped"), 5311)) {
      double rate = new Kernel.IperfClient("capped", server, 4).received();
      assertTrue(Math.abs(mbit(rate) - 20) <= 2, "ceil 20mbit, measured " + mbit(rate));
    } finally {
      f.leave("capped");
    }
  }

  @Test
  void thePriorityClassKeepsItsGuaranteedRateWhileALowOneSaturatesTheLink() throws Exception {
    try (Kernel.Netns cam = new Kernel.Netns("cam");
        Kernel.Netns media = new Kernel.Netns("media")) {
      f.join(Fixtures.model("cam", "cabin", "camera"));
      f.join(Fixtures.model("media", "cabin", "media"));
      String gw = f.gateway("cabin");
      try (Kernel.IperfServer s1 = new Kernel.IperfServer(null, gw, 5312);
          Kernel.IperfServer s2 = new Kernel.IperfServer(null, gw, 5313)) {
        Kernel.IperfClient camera = new Kernel.IperfClient("cam", s1, 5, "60M");
        Kernel.IperfClient bulk = new Kernel.IperfClient("media", s2, 5);
        double c = mbit(camera.received());
        double m = mbit(bulk.received());
        assertTrue(c >= 54, "camera keeps 60mbit within 10 %: " + c + " (media " + m + ")");
        assertTrue(m >= 9, "media has at least its 10mbit: " + m);
        assertTrue(c + m <= 110, "the link's 100mbit holds: " + (c + m));
      }
    } finally {
      f.leave("cam");
      f.leave("media");
    }
  }

  @Test
  void aQosRequestChangesTheRateOfARunningFlow() throws Exception {
    try (Kernel.Netns media = new Kernel.Netns("media")) {
      f.join(Fixtures.model("media", "cabin", "media"));
      String port = f.port("media");
      try (Kernel.IperfServer s = new Kernel.IperfServer(null, f.gateway("cabin"), 5314)) {
        Kernel.IperfClient flow = new Kernel.IperfClient("media", s, 9);
        Waits.until(
            "media's flow runs at full rate for a while",
            Duration.ofSeconds(10),
            () -> Kernel.rxBytes(port) > 20_000_000);
        WorkResult r = f.qos("media", Map.of("bandwidth", "10mbit"));
        assertTrue(r.succeeded(), r.toString());
        assertEquals("in a class of its own: rate 10mbit, ceil 10mbit, priority 5", r.reason());
        List<Double> intervals = Kernel.receivedIntervals(flow.result());
        assertTrue(mbit(intervals.get(0)) > 50, "before: " + intervals);
        // TCP's sawtooth through the class's queue spans two seconds: average the last four
        double last =
            intervals.subList(intervals.size() - 4, intervals.size()).stream()
                    .mapToDouble(Double::doubleValue)
                    .average()
                    .orElseThrow()
                / 1e6;
        // iperf3 counts TCP payload, HTB whole frames: 1448 of every 1514 bytes at MTU 1500
        double payload = 10 * TCP_PAYLOAD_SHARE;
        assertTrue(
            Math.abs(last - payload) <= payload / 10,
            "after qos, 10mbit ("
                + payload
                + " Mbit/s of payload) within 10 %: "
                + intervals
                + "\n"
                + Kernel.run("tc", "-s", "class", "show", "dev", f.uplink("cabin")));
      }
      WorkResult again = f.qos("media", Map.of("bandwidth", "10mbit"));
      assertTrue(again.reason().startsWith("unchanged"), again.toString());
      String classes = Kernel.run("tc", "class", "show", "dev", f.uplink("cabin"));
      assertTrue(classes.contains("rate 10Mbit ceil 10Mbit"), classes);
      WorkResult back = f.qos("media", Map.of("class", "media"));
      assertEquals("in class media", back.reason());
      assertFalse(
          Kernel.run("tc", "class", "show", "dev", f.uplink("cabin"))
              .contains("rate 10Mbit ceil 10Mbit"),
          "its own class is gone");
    } finally {
      f.leave("media");
    }
  }

  @Test
  void theClassifiersCountersMatchTheInterfacesOwnWithinOnePercent() throws Exception {
    try (Kernel.Netns cam = new Kernel.Netns("cam")) {
      f.join(Fixtures.model("cam", "cabin", "camera"));
      try (Kernel.IperfServer s = new Kernel.IperfServer(null, f.gateway("cabin"), 5315)) {
        new Kernel.IperfClient("cam", s, 2).received();
      }
      int address = Subnet.address(f.address("cam"));
      long counted = Classifier.usage().get(address).bytes();
      long interface_ = Kernel.rxBytes(f.port("cam"));
      assertTrue(counted > 5_000_000, "a flow was counted: " + counted);
      assertTrue(
          Math.abs(counted - interface_) <= interface_ / 100,
          "BPF map " + counted + " bytes, ip -s link " + interface_);
      Waits.until(
          "a NetworkUsage fact shows the bytes",
          Duration.ofSeconds(5),
          () -> {
            NetworkUsage u = f.usage.get().get("cam");
            return u != null && u.getBytes() >= counted && u.getTrafficClass().equals("camera");
          });
      double metered =
          f.meters
              .get(UsageReader.BYTES)
              .tag("workload", "cam")
              .tag("class", "camera")
              .counter()
              .count();
      assertTrue(metered >= counted, "piccolo.pharos.bytes " + metered + " of " + counted);
    } finally {
      f.leave("cam");
    }
  }

  @Test
  void aQosRequestForAnUnknownClassOrParameterFailsAndChangesNothing() throws Exception {
    try (Kernel.Netns cam = new Kernel.Netns("cam")) {
      f.join(Fixtures.model("cam", "cabin", "camera"));
      WorkResult unknown = f.qos("cam", Map.of("class", "video"));
      assertFalse(unknown.succeeded());
      assertEquals(
          "qos: Network/cabin declares no class 'video' (classes: camera, media, capped)",
          unknown.reason());
      WorkResult typo = f.qos("cam", Map.of("bandwith", "1mbit"));
      assertEquals(
          "qos has no parameter 'bandwith' (it takes class, priority, bandwidth, ceil)",
          typo.reason());
      WorkResult bad = f.qos("cam", Map.of("priority", 9));
      assertEquals("qos: priority 9 is outside 0 (first) to 7", bad.reason());
      WorkResult stranger = f.qos("nobody", Map.of("class", "camera"));
      assertEquals(
          "Model/nobody is on no PHAROS network: launch it with"
              + " io.pullpiri.annotations.package-network naming a Network in bridge mode",
          stranger.reason());
      assertEquals("unchanged: in class camera", f.qos("cam", Map.of("class", "camera")).reason());
    } finally {
      f.leave("cam");
    }
  }

  @Test
  void aModelWithoutItsNamespaceFailsNamingIt() throws Exception {
    Exception e =
        org.junit.jupiter.api.Assertions.assertThrows(
            Exception.class, () -> f.join(Fixtures.model("ghost", "cabin", null)));
    assertTrue(
        e.getCause()
            .getMessage()
            .startsWith("Model/ghost has no network namespace /run/netns/ghost"),
        e.getCause().getMessage());
    assertEquals(List.of(), Plumbing.leftovers().stream().filter(l -> l.contains("w")).toList());
  }

  @Test
  void pullpirisDefaultNetworkIsLeftAlone() throws Exception {
    assertEquals(
        "network 'default' is not a stored Network; nothing to set up",
        f.join(Fixtures.model("helloworld", "default", null)));
  }

  private static String gatewayOf(String model) throws Exception {
    f.join(Fixtures.model(model, "cabin", model));
    return f.gateway("cabin");
  }
}
