package io.piccolo.adapters;

import java.util.concurrent.CompletionStage;

/**
 * An executor that can make a Model ready ahead of its launch (a warm start): what takes time is
 * done before anyone asks, so a later {@code launch} only starts it. The dispatcher prepares the
 * Models of Packages marked warm ({@code spec.warm: true}) when it starts, when they are applied,
 * and again after each {@code terminate}.
 */
public interface WarmStart {
  /**
   * Makes the Model ready without starting it; leaves one that runs as it is. Completes as {@link
   * Executor#execute} does; the Model's state is then {@code created} (or {@code running}).
   */
  CompletionStage<WorkResult> prepare(Work work);
}
