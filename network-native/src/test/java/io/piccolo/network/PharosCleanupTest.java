package io.piccolo.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.testing.Waits;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What PHAROS leaves behind: after removal, nothing in ip, tc or bpftool's output. */
@Timeout(120)
class PharosCleanupTest {
  private static final String NETWORKS =
      """
      kind: Network
      metadata: {name: tidy}
      spec:
        mode: bridge
        subnet: 10.205.0.0/24
        link: 50mbit
        classes:
          - {name: bulk, rate: 10mbit}
      """;

  @Test
  void removingWorkloadsAndStoppingLeavesNothingInIpTcOrBpftool() throws Exception {
    Fixtures f = new Fixtures(Duration.ofSeconds(1));
    f.start();
    f.apply(NETWORKS);
    try (Kernel.Netns a = new Kernel.Netns("tidy-a");
        Kernel.Netns b = new Kernel.Netns("tidy-b")) {
      f.join(Fixtures.model("tidy-a", "tidy", "bulk"));
      f.join(Fixtures.model("tidy-b", "tidy", null));
      f.qos("tidy-b", java.util.Map.of("bandwidth", "2mbit"));
      String uplink = f.uplink("tidy");
      assertTrue(Kernel.run("tc", "class", "show", "dev", uplink).contains("1:102"));
      assertEquals(2, Classifier.hosts().size());

      assertEquals("left tidy", f.leave("tidy-b"));
      assertFalse(
          Kernel.run("tc", "class", "show", "dev", uplink).contains("1:102"),
          "its own class went with it");
      assertEquals(List.of(Subnet.address("10.205.0.2")), Classifier.hosts());
      assertEquals("not on a network", f.leave("tidy-b"), "leaving twice is no change");

      f.leave("tidy-a");
      assertEquals(List.of(), Classifier.hosts());
      assertEquals(
          "[]",
          Kernel.run(
                  "bpftool",
                  "-j",
                  "map",
                  "dump",
                  "pinned",
                  Classifier.PIN.resolve("maps/pharos_usage").toString())
              .trim());
      assertEquals(List.of(), Plumbing.leftovers(), "no bridge, uplink or port is left");
      assertFalse(Kernel.run("ip", "-o", "link").contains("pha"), "no link named pha*");
      assertTrue(
          Kernel.run("ip", "-n", "tidy-a", "-o", "link").trim().split("\n").length == 1,
          "only lo is left in the namespace");
    } finally {
      f.stop();
    }
    assertFalse(Files.exists(Classifier.PIN), "programs and maps are unpinned");
    Waits.until(
        "the kernel frees PHAROS's maps and programs",
        Duration.ofSeconds(20),
        () ->
            !Kernel.run("bpftool", "map", "show").contains("pharos_")
                && !Kernel.run("bpftool", "prog", "show").contains("pharos_"));
    assertFalse(
        Kernel.run("tc", "-s", "qdisc", "show").contains("htb 1: root"),
        "no HTB hierarchy is left");
  }
}
