package io.piccolo.network;

import io.piccolo.adapters.Executor;
import io.piccolo.adapters.Targeting;
import io.piccolo.adapters.Work;
import io.piccolo.adapters.WorkResult;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Carries out {@code qos} on a Model that joined a PHAROS network: {@code actions.request("qos",
 * "rear-camera", Map.of("class", "camera"))} moves its traffic to another declared class, {@code
 * priority}/{@code bandwidth}/{@code ceil} give it a class of its own; the workload keeps running.
 * Starting and stopping it starts and stops {@link Pharos}.
 */
public final class PharosExecutor implements Executor {
  public static final String NAME = "pharos";
  public static final String QOS = "qos";

  private final Pharos pharos;

  public PharosExecutor(Pharos pharos) {
    this.pharos = pharos;
  }

  /** The network state it changes, for the runtimes whose Models join networks. */
  public Pharos pharos() {
    return pharos;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> actions() {
    return Set.of(QOS);
  }

  @Override
  public Targeting targeting() {
    return Targeting.MODEL;
  }

  @Override
  public CompletionStage<WorkResult> execute(Work work) {
    long start = System.nanoTime();
    if (!work.action().equals(QOS)) {
      return java.util.concurrent.CompletableFuture.completedFuture(
          WorkResult.failed("pharos carries out qos, not " + work.action(), Duration.ZERO));
    }
    return pharos
        .qos(work.target().modelName(), work.params())
        .handle((done, e) -> Outcomes.of(done, e, start, null));
  }

  @Override
  public CompletionStage<Void> start() {
    return pharos.start();
  }

  @Override
  public CompletionStage<Void> stop() {
    return pharos.stop();
  }
}
