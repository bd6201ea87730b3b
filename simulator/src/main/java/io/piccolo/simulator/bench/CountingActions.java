package io.piccolo.simulator.bench;

/** The {@code actions} global of the plain Drools baseline: it counts, and decides nothing. */
public final class CountingActions {
  private long requests;

  public void update(String target) {
    requests++;
  }

  long requests() {
    return requests;
  }
}
