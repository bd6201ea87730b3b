package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.adapters.testing.PodmanService;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code piccolo bench camera} through the CLI, on a real Podman. */
class BenchCameraCommandTest {

  @Test
  @Timeout(180)
  void benchCameraMeasuresColdAndWarmLaunchesThroughServeOnPodman() {
    try (PodmanService podman = PodmanService.start()) {
      Cli cli = Cli.run("bench", "camera", "--runs", "2", "--runtime-socket", podman.socket());
      assertEquals(0, cli.exitCode(), cli::toString);
      String json = cli.out().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
      JsonObject figures = new JsonObject(json);
      for (String kind : new String[] {"cold", "warm"}) {
        JsonObject f = figures.getJsonObject(kind);
        assertTrue(f.getDouble("piccolo_p50_ms") > 0, json);
        assertTrue(f.getDouble("runtime_p50_ms") > 0, json);
        assertTrue(f.getDouble("piccolo_p99_ms") < f.getDouble("total_p99_ms"), json);
      }
      assertTrue(
          cli.out().contains("cold ") && cli.out().contains("warm "), "both rows: " + cli.out());
      assertEquals(
          java.util.List.of(), podman.pods(), "the bench removes the camera's pod when it ends");
    }
  }

  @Test
  void benchCameraWithoutAPodmanSaysHowToStartOneExitTwo() {
    Cli cli = Cli.run("bench", "camera", "--runtime-socket", "/nonexistent/podman.sock");
    assertEquals(2, cli.exitCode(), cli::toString);
    assertTrue(
        cli.err()
            .startsWith("piccolo: bench camera: no Podman API answers on /nonexistent/podman.sock"),
        cli.err());
    assertTrue(cli.err().contains("podman system service --time=0"), cli.err());
    assertEquals("", cli.out());
  }
}
