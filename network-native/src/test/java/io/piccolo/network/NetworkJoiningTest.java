package io.piccolo.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.adapters.ModelTarget;
import io.piccolo.adapters.Work;
import io.piccolo.adapters.WorkResult;
import io.piccolo.adapters.dryrun.DryRunExecutor;
import io.piccolo.adapters.dryrun.Failing;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A runtime's Models join their networks after it launched them and leave before it stops them. */
@Timeout(120)
class NetworkJoiningTest {
  private static Fixtures f;

  @BeforeAll
  static void start() throws Exception {
    f = new Fixtures(Duration.ofSeconds(1));
    f.start();
    f.apply(
        "kind: Network\nmetadata: {name: joined}\nspec: {mode: bridge, subnet: 10.209.0.0/24,"
            + " link: 100mbit, classes: [{name: video, rate: 10mbit}]}\n");
  }

  @AfterAll
  static void stop() throws Exception {
    f.stop();
  }

  private static WorkResult run(NetworkJoining runtime, String action, ModelTarget target)
      throws Exception {
    return runtime
        .execute(new Work("r", action, "network", target, Map.of()))
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
  }

  @Test
  void aLaunchedModelJoinsItsNetworkAndATerminatedOneLeavesIt() throws Exception {
    NetworkJoining runtime = NetworkJoining.around(new DryRunExecutor(), f.pharos);
    ModelTarget player = Fixtures.model("player", "joined", "video");
    try (Kernel.Netns ns = new Kernel.Netns("player")) {
      WorkResult launched = run(runtime, "launch", player);
      assertTrue(launched.succeeded(), launched.toString());
      assertEquals("10.209.0.2", f.address("player"));
      assertTrue(Kernel.run("ip", "-n", "player", "-o", "addr").contains("10.209.0.2/24"));
      WorkResult terminated = run(runtime, "terminate", player);
      assertTrue(terminated.succeeded(), terminated.toString());
      assertEquals(null, f.address("player"));
      assertEquals(List.of(), Plumbing.leftovers(), "its network went with its last workload");
    }
  }

  @Test
  void aModelWhoseNamespaceWasMadeAgainIsPlumbedAfreshOnItsNextLaunch() throws Exception {
    NetworkJoining runtime = NetworkJoining.around(new DryRunExecutor(), f.pharos);
    ModelTarget player = Fixtures.model("restarted", "joined", "video");
    try {
      String port;
      try (Kernel.Netns first = new Kernel.Netns("restarted")) {
        assertTrue(run(runtime, "launch", player).succeeded());
        port = f.port("restarted");
      }
      // the kernel destroys a deleted namespace, and the veth in it, a moment later
      io.piccolo.connectors.testing.Waits.until(
          "the old namespace's veth is gone",
          Duration.ofSeconds(10),
          () -> !java.nio.file.Files.exists(java.nio.file.Path.of("/sys/class/net", port)));
      try (Kernel.Netns second = new Kernel.Netns("restarted")) {
        WorkResult again = run(runtime, "update", player);
        assertTrue(again.succeeded(), again.toString());
        assertTrue(
            Kernel.run("ip", "-n", "restarted", "-o", "addr").contains("10.209.0.2/24"),
            "the new namespace has its address");
        assertEquals(1, Plumbing.leftovers().stream().filter(l -> l.contains("w")).count());
      }
    } finally {
      f.leave("restarted");
    }
  }

  @Test
  void aLaunchTheRuntimeFailsJoinsNothing() throws Exception {
    NetworkJoining runtime =
        NetworkJoining.around(
            new DryRunExecutor(List.of(new Failing("launch", null, "no such image")), l -> {}),
            f.pharos);
    try (Kernel.Netns ns = new Kernel.Netns("broken")) {
      WorkResult launched = run(runtime, "launch", Fixtures.model("broken", "joined", null));
      assertFalse(launched.succeeded());
      assertEquals("no such image", launched.reason());
      assertEquals(null, f.address("broken"));
    }
  }

  @Test
  void aModelWhoseNetworkCannotBeSetUpIsRunningButItsResultFailsSayingWhy() throws Exception {
    NetworkJoining runtime = NetworkJoining.around(new DryRunExecutor(), f.pharos);
    WorkResult launched = run(runtime, "launch", Fixtures.model("nowhere", "joined", "video"));
    assertFalse(launched.succeeded());
    assertEquals("running", launched.modelState());
    assertTrue(
        launched
            .reason()
            .startsWith(
                "its network could not be set up: Model/nowhere has no network namespace"
                    + " /run/netns/nowhere"),
        launched.reason());
  }
}
