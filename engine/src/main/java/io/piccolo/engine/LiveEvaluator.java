package io.piccolo.engine;

import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.scenario.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * An evaluator on the real-time clock, owned by its own thread. Samples from any thread are queued;
 * the first sample of a batch waits at most the batch latency for others to join it, then the batch
 * is applied and evaluated in one round. Timers ({@code for} conditions, DRL timers, event expiry)
 * run at their due time even when no sample arrives.
 */
public final class LiveEvaluator implements AutoCloseable {
  /** The default bound on how long a sample waits for its batch to be evaluated. */
  public static final Duration DEFAULT_BATCH_LATENCY = Duration.ofMillis(1);

  private static final int MAX_BATCH = 10_000;
  private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private record Sample(String path, Object value) {}

  /** Wakes the loop to take new scenarios. */
  private static final Sample WAKE_UP = new Sample(null, null);

  private final AtomicReference<List<Scenario>> newScenarios = new AtomicReference<>();
  private final Map<String, Map<String, ?>> newFacts = new ConcurrentHashMap<>();

  private final Evaluator evaluator;
  private final long batchLatencyNanos;
  private final Consumer<List<DecidedAction>> decisions;
  private final BlockingQueue<Sample> queue;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean started;
  private final LongAdder dropped = new LongAdder();

  /**
   * @param decisions receives each round's decided requests, on the evaluator's thread
   * @param capacity samples that may wait; beyond it {@link #offer} refuses them
   */
  public LiveEvaluator(
      RuleBase ruleBase,
      EvaluatorOptions options,
      Duration batchLatency,
      int capacity,
      Consumer<List<DecidedAction>> decisions) {
    if (options.pseudoClock()) {
      throw new IllegalArgumentException("a live evaluator runs on the real-time clock");
    }
    if (batchLatency.isNegative()) {
      throw new IllegalArgumentException("batch latency must not be negative: " + batchLatency);
    }
    this.evaluator = new Evaluator(ruleBase, options);
    this.batchLatencyNanos = batchLatency.toNanos();
    this.decisions = decisions;
    this.queue = new LinkedBlockingQueue<>(capacity);
    this.thread = new Thread(this::loop, "piccolo-evaluator");
  }

  public LiveEvaluator start() {
    started = true;
    thread.start();
    return this;
  }

  /** Queues a sample from any thread; false (and counted) when the queue is full. */
  public boolean offer(String path, Object value) {
    boolean queued = queue.offer(new Sample(path, value));
    if (!queued) {
      dropped.increment();
    }
    return queued;
  }

  /**
   * Takes effect at the evaluator's next round, from any thread; see {@link
   * Evaluator#replaceScenarios}.
   */
  public void replaceScenarios(List<Scenario> definitions) {
    newScenarios.set(List.copyOf(definitions));
    queue.offer(WAKE_UP);
  }

  /** Takes effect at the next round, from any thread; see {@link Evaluator#replaceFacts}. */
  public void replaceFacts(String group, Map<String, ?> facts) {
    newFacts.put(group, Map.copyOf(facts));
    queue.offer(WAKE_UP);
  }

  public long dropped() {
    return dropped.sum();
  }

  private void loop() {
    SampleBatch batch = new SampleBatch();
    try {
      evaluator.advanceTo(0);
      emit(evaluator.evaluate()); // the start: scenarios without condition fire now
      while (running) {
        Sample first = queue.poll(waitNanos(), TimeUnit.NANOSECONDS);
        takeChanges();
        if (first != null && first != WAKE_UP) {
          collect(first, batch);
        }
        emit(evaluator.step(evaluator.clock(), batch));
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      evaluator.close();
    }
  }

  /** Applies scenarios and facts handed over by other threads; the next step evaluates them. */
  private void takeChanges() {
    List<Scenario> replaced = newScenarios.getAndSet(null);
    if (replaced != null) {
      evaluator.replaceScenarios(replaced);
    }
    for (String group : List.copyOf(newFacts.keySet())) {
      Map<String, ?> facts = newFacts.remove(group);
      if (facts != null) {
        evaluator.replaceFacts(group, facts);
      }
    }
  }

  /** Until the next timer is due, or a while when none is. */
  private long waitNanos() {
    long due = evaluator.nextDue();
    if (due == Long.MAX_VALUE) {
      return IDLE_WAIT_NANOS;
    }
    long untilDue = TimeUnit.MILLISECONDS.toNanos(due - evaluator.clock());
    return Math.max(0, Math.min(untilDue, IDLE_WAIT_NANOS));
  }

  /** The first sample and those that join it within the batch latency; wake-ups are skipped. */
  private void collect(Sample first, SampleBatch batch) throws InterruptedException {
    List<Sample> taken = new ArrayList<>();
    taken.add(first);
    long deadline = System.nanoTime() + batchLatencyNanos;
    while (taken.size() < MAX_BATCH) {
      queue.drainTo(taken, MAX_BATCH - taken.size());
      long left = deadline - System.nanoTime();
      if (left <= 0 || taken.size() >= MAX_BATCH) {
        break;
      }
      Sample next = queue.poll(left, TimeUnit.NANOSECONDS);
      if (next == null) {
        break;
      }
      taken.add(next);
    }
    for (Sample s : taken) {
      if (s != WAKE_UP) {
        batch.add(s.path(), s.value());
      }
    }
  }

  private void emit(List<DecidedAction> decided) {
    if (!decided.isEmpty()) {
      decisions.accept(decided);
    }
  }

  public EngineStats stats() {
    return evaluator.stats();
  }

  /** Stops the thread after its current round and releases the session. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    if (!started) {
      evaluator.close();
      return;
    }
    thread.interrupt();
    thread.join();
  }
}
