package io.piccolo.adapters.podman;

import static io.piccolo.adapters.testing.ModelWork.model;
import static io.piccolo.adapters.testing.ModelWork.work;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.piccolo.adapters.ObservedState;
import io.piccolo.adapters.TransientFailure;
import io.piccolo.adapters.WorkResult;
import io.piccolo.adapters.container.RestartBackoff;
import io.piccolo.adapters.container.RuntimeOptions;
import io.piccolo.adapters.testing.PodmanService;
import io.piccolo.connectors.testing.Waits;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Podman API service stopped and started again under a running executor. */
class PodmanOutageTest {
  private PodmanService podman;
  private Vertx vertx;
  private PodmanExecutor executor;
  private final List<ObservedState> observed = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startPodman() throws Exception {
    podman = PodmanService.start();
    vertx = Vertx.vertx();
    executor =
        new PodmanExecutor(
            vertx,
            RuntimeOptions.of(podman.socket())
                .withCallTimeout(Duration.ofSeconds(5))
                .withRestartBackoff(
                    new RestartBackoff(Duration.ofMillis(200), Duration.ofMillis(800))));
    executor.observe(observed::add);
    executor.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stopPodman() throws Exception {
    executor.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().await();
    podman.close();
  }

  @Test
  void workWhileTheServiceIsAwayFailsTransientlyAndSucceedsOnceItIsBackWithoutDuplicates()
      throws Exception {
    JsonNode camera = camera();
    assertTrue(run(work("launch", camera, 1)).succeeded());
    String id = podman.inspect("container", "camera_app").path("Id").asText();

    podman.stop();

    ExecutionException away =
        assertThrows(
            ExecutionException.class,
            () ->
                executor
                    .execute(work("launch", camera, 1))
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS));
    TransientFailure failure = assertInstanceOf(TransientFailure.class, away.getCause());
    assertTrue(failure.getMessage().contains(podman.socket()), failure.getMessage());

    podman.restart();

    WorkResult back = run(work("launch", camera, 1));
    assertTrue(back.succeeded(), back::reason);
    assertEquals("already running", back.reason());
    assertEquals(List.of("camera_app"), podman.containers());
    assertEquals(List.of("camera"), podman.pods());
    assertEquals(id, podman.inspect("container", "camera_app").path("Id").asText());
  }

  @Test
  void aContainerThatDiesWhileTheServiceIsAwayIsObservedAndRestartedOnceItIsBack()
      throws Exception {
    assertTrue(run(work("launch", camera(), 1)).succeeded());

    podman.stop();
    // The command works without the service; the container's death is written to the events file.
    podman.podman("kill", "camera_app");
    podman.restart();

    Waits.until(
        "the death seen after the service is back",
        Duration.ofSeconds(10),
        () -> observed.stream().anyMatch(s -> s.state().equals("dead")));
    Waits.until(
        "the restart PICCOLO makes for restartPolicy Always",
        Duration.ofSeconds(10),
        () -> observed.stream().anyMatch(s -> s.state().equals("running")));
    Waits.until(
        "the container running again",
        Duration.ofSeconds(5),
        () -> podman.state("camera_app").equals("running"));
    assertTrue(
        observed.get(0).reason().contains("camera_app exited with code 137"), observed.toString());
    assertEquals(List.of("camera_app"), podman.containers());
  }

  @Test
  void aContainerThatDiesAfterTheServiceRestartedIsObservedWithinOneSecond() throws Exception {
    assertTrue(run(work("launch", camera(), 1)).succeeded());

    podman.restart();
    // The event stream reconnects with backoff: let a launch prove the service is reachable.
    assertTrue(run(work("launch", camera(), 1)).succeeded());
    Waits.until("the event stream back", Duration.ofSeconds(5), executor::followingEvents);
    observed.clear();

    podman.podman("kill", "camera_app");

    Waits.until(
        "the death observed",
        Duration.ofSeconds(1),
        () -> observed.stream().anyMatch(s -> s.state().equals("dead")));
  }

  private WorkResult run(io.piccolo.adapters.Work work) throws Exception {
    return executor.execute(work).toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static JsonNode camera() {
    return model(
        "camera",
        """
        containers:
          - name: app
            image: %s
            command: ["/bin/sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done"]
        restartPolicy: Always
        terminationGracePeriodSeconds: 0
        """
            .formatted(PodmanService.IMAGE));
  }
}
