package io.piccolo.gateway.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The rule base built beside the server's start, and its failure handed back as thrown. */
final class RuleBuild {
  private RuleBuild() {}

  /** An executor of one task: the build, on a thread of its own. */
  static void onItsOwnThread(Runnable build) {
    Thread thread = new Thread(build, "piccolo-rule-build");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Throws what the build threw (a {@link UserError} for rules with errors, a JVM limit for one
   * that ran out of heap or stack), so the command reports it as a build on its own thread would;
   * returns when the build succeeded or has not ended.
   */
  static void rethrowFailure(CompletableFuture<?> building) {
    if (!building.isCompletedExceptionally()) {
      return;
    }
    try {
      building.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    } catch (java.util.concurrent.CancellationException e) {
      throw e;
    }
  }
}
