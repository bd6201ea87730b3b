package io.piccolo.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.testing.Waits;
import io.piccolo.engine.fact.NetworkUsage;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Isolation on the bridge ports: an isolated network takes traffic only from itself and the
 * networks it allows; what it refuses is dropped in the kernel and counted.
 */
@Timeout(120)
class PharosIsolationTest {
  private static final String NETWORKS =
      """
      kind: Network
      metadata: {name: safety}
      spec:
        mode: bridge
        subnet: 10.206.0.0/24
        link: 100mbit
        isolated: true
        allowFrom: [diagnostics]
      ---
      kind: Network
      metadata: {name: diagnostics}
      spec: {mode: bridge, subnet: 10.207.0.0/24, link: 100mbit}
      ---
      kind: Network
      metadata: {name: infotainment}
      spec: {mode: bridge, subnet: 10.208.0.0/24, link: 100mbit}
      """;

  /** A TCP connection attempt from a namespace, bounded to two seconds. */
  private static boolean connects(String netns, String address, int port) {
    return Kernel.succeeds(
        "ip",
        "netns",
        "exec",
        netns,
        "timeout",
        "2",
        "bash",
        "-c",
        "exec 3<>/dev/tcp/" + address + "/" + port);
  }

  @Test
  void isolatedNetworksCannotBeReachedWhileAllowedOnesCanAndDropsAreCounted() throws Exception {
    Fixtures f = new Fixtures(Duration.ofMillis(200));
    f.start();
    f.apply(NETWORKS);
    try (Kernel.Netns brake = new Kernel.Netns("brake");
        Kernel.Netns tester = new Kernel.Netns("tester");
        Kernel.Netns radio = new Kernel.Netns("radio")) {
      f.join(Fixtures.model("brake", "safety", null));
      f.join(Fixtures.model("tester", "diagnostics", null));
      f.join(Fixtures.model("radio", "infotainment", null));
      String brakeAddress = f.address("brake");
      String radioAddress = f.address("radio");
      try (Kernel.IperfServer inSafety = new Kernel.IperfServer("brake", brakeAddress, 5321);
          Kernel.IperfServer inInfotainment = new Kernel.IperfServer("radio", radioAddress, 5322)) {
        assertTrue(connects("tester", brakeAddress, 5321), "diagnostics is allowed into safety");
        assertFalse(connects("radio", brakeAddress, 5321), "infotainment is not");
        assertFalse(
            connects("brake", radioAddress, 5322), "nor does safety reach out to infotainment");
        assertTrue(
            connects("tester", radioAddress, 5322),
            "networks that are not isolated reach each other");
      }
      Waits.until(
          "radio's dropped packets are counted",
          Duration.ofSeconds(5),
          () -> {
            NetworkUsage u = f.usage.get().get("radio");
            return u != null && u.getDrops() > 0;
          });
      assertEquals(0, f.usage.get().get("tester").getDrops());
      assertTrue(
          f.meters.get(UsageReader.DROPS).tag("workload", "radio").counter().count() > 0,
          "piccolo.pharos.drops counts them too");
    } finally {
      f.stop();
    }
  }
}
