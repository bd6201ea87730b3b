package io.piccolo.adapters.docker;

import static io.piccolo.adapters.testing.ModelWork.exitsWhenTold;
import static io.piccolo.adapters.testing.ModelWork.model;
import static io.piccolo.adapters.testing.ModelWork.work;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.piccolo.adapters.ObservedState;
import io.piccolo.adapters.Work;
import io.piccolo.adapters.WorkResult;
import io.piccolo.adapters.testing.ExecutorOnRuntime;
import io.piccolo.adapters.testing.PodmanService;
import io.piccolo.adapters.testing.RuntimeUnderTest;
import io.piccolo.connectors.testing.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker executor against a real runtime speaking the Docker Engine API, checked with the real
 * containers through that runtime's command line: Podman's Docker-compatible API ({@code
 * /v1.41/...} on the socket of {@code podman system service}) and Debian's docker.io daemon, one
 * subclass each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DockerExecutorContract {
  private RuntimeUnderTest runtime;
  private ExecutorOnRuntime<DockerExecutor> on;
  private DockerExecutor executor;
  private List<ObservedState> observed;

  @TempDir Path temp;

  /** Starts the runtime the tests run against. */
  abstract RuntimeUnderTest startRuntime();

  @BeforeAll
  void startAll() throws Exception {
    runtime = startRuntime();
    on = ExecutorOnRuntime.start(runtime, DockerExecutor::new);
    executor = on.executor();
    observed = on.observed();
  }

  @AfterAll
  void stopRuntime() throws Exception {
    on.close();
  }

  @Test
  void launchCreatesTheModelsContainersAsWritten() throws Exception {
    Path data = Files.createDirectories(temp.resolve("data"));
    Files.writeString(data.resolve("greeting"), "hello from the host");
    JsonNode camera =
        model(
            "docker-camera",
            """
            containers:
              - name: app
                image: %s
                command: ["/bin/sh", "-c"]
                args: ["echo started; exec sleep 1000"]
                env:
                  - name: CAMERA
                    value: rear
                volumeMounts:
                  - name: data
                    mountPath: /data
                    readOnly: true
                resources:
                  limits:
                    cpu: "1"
                    memory: 48Mi
            volumes:
              - name: data
                hostPath:
                  path: %s
            hostNetwork: true
            restartPolicy: Never
            terminationGracePeriodSeconds: 0
            """
                .formatted(PodmanService.IMAGE, data));

    WorkResult result = run(work("launch", camera, 2));

    assertTrue(result.succeeded(), () -> "launch failed: " + result.reason());
    assertEquals("running", runtime.state("docker-camera_app"));
    JsonNode container = runtime.inspect("docker-camera_app");
    assertTrue(container.path("Config").path("Env").toString().contains("CAMERA=rear"));
    assertEquals(48L * 1024 * 1024, container.path("HostConfig").path("Memory").asLong());
    assertEquals(1_000_000_000L, container.path("HostConfig").path("NanoCpus").asLong());
    assertEquals("host", container.path("HostConfig").path("NetworkMode").asText());
    JsonNode labels = container.path("Config").path("Labels");
    assertEquals("reverse-gear", labels.path("io.piccolo.scenario").asText());
    assertEquals("rear-camera-package", labels.path("io.piccolo.package").asText());
    assertEquals("docker-camera", labels.path("io.piccolo.model").asText());
    assertEquals("2", labels.path("io.piccolo.model-version").asText());
    assertEquals(
        "hello from the host",
        runtime.cli("exec", "docker-camera_app", "cat", "/data/greeting").strip());
    assertEquals("started", runtime.cli("logs", "docker-camera_app").strip());

    WorkResult again = run(work("launch", camera, 2));

    assertEquals("already running", again.reason());
    assertEquals(List.of("docker-camera_app"), runtime.containers());
    run(work("terminate", camera, 2));
    assertFalse(runtime.exists("docker-camera_app"));
  }

  @Test
  void terminateKillsAContainerThatIgnoresSigtermAfterTheGracePeriod() throws Exception {
    JsonNode stubborn =
        model(
            "docker-stubborn",
            """
            containers:
              - name: app
                image: %s
                command: ["/bin/sh", "-c", "trap '' TERM; while :; do sleep 1; done"]
            restartPolicy: Never
            terminationGracePeriodSeconds: 2
            """
                .formatted(PodmanService.IMAGE));
    assertTrue(run(work("launch", stubborn, 1)).succeeded());

    long started = System.nanoTime();
    WorkResult result = run(work("terminate", stubborn, 1));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertTrue(result.succeeded(), result::reason);
    assertTrue(took.compareTo(Duration.ofSeconds(2)) >= 0, "terminate returned after " + took);
    assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "terminate took " + took);
    assertFalse(runtime.exists("docker-stubborn_app"));
    assertEquals("not present", run(work("terminate", stubborn, 1)).reason());
  }

  @Test
  void updateReplacesTheContainersAndRollbackRunsTheDocumentItIsGiven() throws Exception {
    assertTrue(run(work("launch", sleeper("docker-updated", "VERSION=1"), 1)).succeeded());

    assertTrue(run(work("update", sleeper("docker-updated", "VERSION=2"), 2)).succeeded());

    JsonNode container = runtime.inspect("docker-updated_app");
    assertTrue(container.path("Config").path("Env").toString().contains("VERSION=2"));
    assertEquals(
        "already running this document",
        run(work("update", sleeper("docker-updated", "VERSION=2"), 2)).reason());

    assertTrue(run(work("rollback", sleeper("docker-updated", "VERSION=1"), 1)).succeeded());

    container = runtime.inspect("docker-updated_app");
    assertTrue(container.path("Config").path("Env").toString().contains("VERSION=1"));
    assertEquals(
        "1", container.path("Config").path("Labels").path("io.piccolo.model-version").asText());
    assertEquals(List.of("docker-updated_app"), runtime.containers());
    WorkResult terminated = run(work("terminate", sleeper("docker-updated", "VERSION=1"), 1));
    assertTrue(terminated.succeeded(), () -> "terminate failed: " + terminated.reason());
    assertFalse(
        runtime.exists("docker-updated_app"),
        () -> "terminate said '" + terminated.reason() + "'; " + runtime.cli("ps", "-a"));
  }

  @Test
  void aContainerThatExitsByItselfIsObservedWithinOneSecondAndRestartedForAlways()
      throws Exception {
    Path control = Files.createDirectories(temp.resolve("control"));
    JsonNode quitter = exitsWhenTold("docker-quitter", control, 4, "Always");
    assertTrue(run(work("launch", quitter, 1)).succeeded());

    Files.writeString(control.resolve("exit"), "now");

    Waits.until(
        "the exit observed",
        Duration.ofSeconds(1),
        () -> !states("docker-quitter", "dead").isEmpty());
    assertTrue(
        states("docker-quitter", "dead")
            .get(0)
            .reason()
            .contains("exited with code 4; restarting in 300 ms"),
        observed::toString);
    Waits.until(
        "the restart", Duration.ofSeconds(5), () -> !states("docker-quitter", "running").isEmpty());
    Waits.until(
        "running again",
        Duration.ofSeconds(5),
        () -> runtime.state("docker-quitter_app").equals("running"));
    run(work("terminate", quitter, 1));
  }

  @Test
  void prepareCreatesContainersThatLaunchOnlyStarts() throws Exception {
    JsonNode warm = sleeper("docker-warm", "V=1");

    WorkResult prepared =
        executor.prepare(work("launch", warm, 1)).toCompletableFuture().get(60, TimeUnit.SECONDS);

    assertEquals("created", prepared.modelState());
    assertEquals("created", runtime.state("docker-warm_app"));
    String id = runtime.inspect("docker-warm_app").path("Id").asText();

    WorkResult launched = run(work("launch", warm, 1));

    assertNull(launched.reason());
    assertEquals("running", runtime.state("docker-warm_app"));
    assertEquals(id, runtime.inspect("docker-warm_app").path("Id").asText());
    run(work("terminate", warm, 1));
  }

  @Test
  void twoRacingLaunchesMakeOneContainerAndAMissingImageFails() throws Exception {
    JsonNode raced = sleeper("docker-raced", "V=1");

    CompletableFuture<WorkResult> first =
        executor.execute(work("launch", raced, 1)).toCompletableFuture();
    CompletableFuture<WorkResult> second =
        executor.execute(work("launch", raced, 1)).toCompletableFuture();

    assertTrue(first.get(60, TimeUnit.SECONDS).succeeded());
    assertTrue(second.get(60, TimeUnit.SECONDS).succeeded());
    assertEquals(
        List.of("docker-raced_app"),
        runtime.containers().stream().filter(c -> c.startsWith("docker-raced")).toList());
    WorkResult terminated = run(work("terminate", raced, 1));
    assertTrue(terminated.succeeded(), () -> "terminate failed: " + terminated.reason());
    assertFalse(
        runtime.exists("docker-raced_app"),
        () -> "terminate said '" + terminated.reason() + "'; " + runtime.cli("ps", "-a"));

    JsonNode missing =
        model(
            "docker-missing",
            "containers:\n  - name: app\n    image: localhost/piccolo/no-such-image:1\n");
    WorkResult failed = run(work("launch", missing, 1));
    assertFalse(failed.succeeded());
    assertTrue(failed.reason().contains("is not in the Docker API's local store"), failed.reason());
  }

  private WorkResult run(Work work) throws Exception {
    return on.run(work);
  }

  private static JsonNode sleeper(String name, String env) {
    String[] pair = env.split("=", 2);
    return model(
        name,
        """
        containers:
          - name: app
            image: %s
            command: ["/bin/sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done"]
            env:
              - name: %s
                value: "%s"
        restartPolicy: Never
        terminationGracePeriodSeconds: 0
        """
            .formatted(PodmanService.IMAGE, pair[0], pair[1]));
  }

  private List<ObservedState> states(String model, String state) {
    return on.states(model, state);
  }
}
