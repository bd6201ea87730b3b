package io.piccolo.adapters.dispatch;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Work serialised per lane ({@code Package/NAME}, {@code Model/NAME}): each piece runs once
 * everything queued on its lane before it has ended, so a Package's work runs in decision order;
 * different lanes run side by side. Called from the dispatcher's intake thread only, which is what
 * keeps the order.
 */
final class Lanes {
  private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

  /** Queues the work behind its lane; the future ends when the work has. */
  CompletableFuture<Void> run(String lane, Supplier<CompletableFuture<Void>> work) {
    CompletableFuture<Void> before =
        tails.getOrDefault(lane, CompletableFuture.completedFuture(null));
    CompletableFuture<Void> mine = before.thenCompose(ignored -> work.get());
    tails.put(lane, mine);
    mine.whenComplete((ok, e) -> tails.remove(lane, mine));
    return mine;
  }
}
