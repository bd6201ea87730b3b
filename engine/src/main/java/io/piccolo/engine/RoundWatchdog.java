package io.piccolo.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Watches evaluation rounds: a round still running after the timeout (a consequence that never
 * returns) is reported once, with the rule, the session time and the stack where it is stuck. Java
 * cannot stop a thread stuck in a loop safely, so the watchdog only reports; what follows is the
 * owner's choice (the CLI exits, a server marks itself not ready).
 *
 * <p>One daemon thread checks a few times per timeout; a round costs two volatile writes.
 */
public final class RoundWatchdog implements AutoCloseable {
  /** How long a round may run before it is reported. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** A round that has not returned: which rule was running, when, and where it is. */
  public record StuckRound(
      String rule, long sessionTimeMillis, Duration running, List<StackTraceElement> stack) {
    /** One line: the rule, how long, the frame it is at, and what to do; no stack. */
    public String summary() {
      return "rule '"
          + rule
          + "' has not returned after "
          + running.toMillis() / 1000.0
          + " s (session time "
          + sessionTimeMillis / 1000.0
          + " s)"
          + (stack.isEmpty() ? "" : ", at " + stack.get(0))
          + "; the log has its stack: make the rule return (no endless loop or blocking call)"
          + " and restart";
    }

    /** One line for the rule and time, then the stack, one frame a line. */
    public String describe() {
      StringBuilder text =
          new StringBuilder(
              "rule '"
                  + rule
                  + "' has not returned after "
                  + running.toMillis() / 1000.0
                  + " s (session time "
                  + sessionTimeMillis / 1000.0
                  + " s); it is stuck at:");
      stack.stream().limit(12).forEach(frame -> text.append("\n    at ").append(frame));
      return text.toString();
    }
  }

  private final long timeoutNanos;
  private final Consumer<StuckRound> onStuck;
  private final ScheduledExecutorService checker;
  private volatile Thread owner;
  private volatile Supplier<String> rule;
  private volatile long sessionTime;
  private volatile long startedNanos;
  private volatile long round;
  private long reportedRound = -1;

  public RoundWatchdog(Duration timeout, Consumer<StuckRound> onStuck) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("round timeout must be positive, got " + timeout);
    }
    this.timeoutNanos = timeout.toNanos();
    this.onStuck = onStuck;
    this.checker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "piccolo-round-watchdog");
              t.setDaemon(true);
              return t;
            });
    long period = Math.max(timeoutNanos / 5, TimeUnit.MILLISECONDS.toNanos(10));
    checker.scheduleWithFixedDelay(this::check, period, period, TimeUnit.NANOSECONDS);
  }

  void roundStarted(Supplier<String> currentRule, long sessionTimeMillis) {
    this.owner = Thread.currentThread();
    this.rule = currentRule;
    this.sessionTime = sessionTimeMillis;
    this.round++;
    this.startedNanos = System.nanoTime();
  }

  void roundEnded() {
    this.startedNanos = 0;
  }

  private void check() {
    long started = startedNanos;
    long thisRound = round;
    if (started == 0 || thisRound == reportedRound) {
      return;
    }
    long running = System.nanoTime() - started;
    if (running < timeoutNanos) {
      return;
    }
    reportedRound = thisRound;
    Thread thread = owner;
    onStuck.accept(
        new StuckRound(
            rule.get(), sessionTime, Duration.ofNanos(running), List.of(thread.getStackTrace())));
  }

  @Override
  public void close() {
    checker.shutdownNow();
  }
}
