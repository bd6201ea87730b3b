package io.piccolo.engine;

import io.piccolo.engine.fact.ActionResult;
import io.piccolo.engine.fact.DeadlineMiss;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.scenario.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * An evaluator on the real-time clock, owned by its own thread. Samples from any thread are queued;
 * the first sample of a batch waits at most the batch latency for others to join it, then the batch
 * is applied and evaluated in one round, or in several when a path comes twice with values a rule
 * or scenario tells apart: a new round starts at its second sample, so every value is seen. Timers
 * ({@code for} conditions, DRL timers, event expiry) run at their due time even when no sample
 * arrives.
 *
 * <p>It runs for months: a round that fails (a rule that throws) or a listener that throws is
 * reported and counted, and the next batch is evaluated as usual. Nothing but its thread touches
 * the session; statistics are handed over through {@link #snapshot()}.
 */
public final class LiveEvaluator implements Lifecycle, AutoCloseable {
  /** The default bound on how long a sample waits for its batch to be evaluated. */
  public static final Duration DEFAULT_BATCH_LATENCY = Duration.ofMillis(1);

  private static final System.Logger LOG = System.getLogger(LiveEvaluator.class.getName());
  private static final int MAX_BATCH = 10_000;
  private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long MIN_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

  /** Told what the evaluator decides, and what went wrong, on the evaluator's thread. */
  @FunctionalInterface
  public interface Listener {
    void decided(List<DecidedAction> round);

    /** A round that failed (the batch's samples stay applied) or a listener that threw. */
    default void failed(RuntimeException failure) {
      LOG.log(System.Logger.Level.WARNING, failure.getMessage(), failure);
    }
  }

  private record Sample(String path, Object value, long time) {}

  /** Wakes the loop to take new scenarios, facts or tasks. */
  private static final Sample WAKE_UP = new Sample(null, null, SampleBatch.NOW);

  /** Scenarios handed over, with the order they came in among rule replacements. */
  private record NewScenarios(List<Scenario> definitions, long sequence) {}

  /** A rule base that built, waiting for the end of the current round. */
  private record NewRules(
      RuleBase ruleBase,
      List<Scenario> definitions,
      long sequence,
      CompletableFuture<CarryOver> done) {}

  private final AtomicLong handovers = new AtomicLong();
  private final AtomicReference<NewScenarios> newScenarios = new AtomicReference<>();
  private final Queue<NewRules> newRules = new ConcurrentLinkedQueue<>();
  private final Map<String, Map<String, ?>> newFacts = new ConcurrentHashMap<>();
  private final Queue<Consumer<Evaluator>> tasks = new ConcurrentLinkedQueue<>();
  private final Queue<ActionResult> newResults = new ConcurrentLinkedQueue<>();
  private final Queue<DeadlineMiss> newMisses = new ConcurrentLinkedQueue<>();
  private final LongAdder resultsLost = new LongAdder();

  private Evaluator evaluator; // replaced, on the evaluator's thread, when the rules are

  /** The last value of each path read as a latest value in the round being cut from a batch. */
  private final Map<String, Object> inRound = new java.util.HashMap<>();

  private final long batchLatencyNanos;
  private final Listener listener;
  private final BlockingQueue<Sample> queue;
  private final Thread thread;
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private volatile boolean running = true;
  private volatile boolean threadStarted;

  /** The loop has ended; tasks handed over after this run on the caller's thread. */
  private volatile boolean finished;

  private final LongAdder dropped = new LongAdder();
  private final LongAdder accepted = new LongAdder();

  /** Samples whose round has run; written by the evaluator's thread only. */
  private volatile long evaluatedSamples;

  /** Samples waiting, without the wake-up markers that share their queue. */
  private final java.util.concurrent.atomic.AtomicInteger waiting =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * @param listener receives each round's decided requests and every failure, on the evaluator's
   *     thread
   * @param capacity samples that may wait; beyond it {@link #offer} refuses them
   */
  public LiveEvaluator(
      RuleBase ruleBase,
      EvaluatorOptions options,
      Duration batchLatency,
      int capacity,
      Listener listener) {
    if (options.pseudoClock()) {
      throw new IllegalArgumentException("a live evaluator runs on the real-time clock");
    }
    if (batchLatency.isNegative()) {
      throw new IllegalArgumentException("batch latency must not be negative: " + batchLatency);
    }
    this.evaluator = new Evaluator(ruleBase, options);
    this.batchLatencyNanos = batchLatency.toNanos();
    this.listener = listener;
    this.queue = new LinkedBlockingQueue<>(capacity);
    this.thread = new Thread(this::loop, "piccolo-evaluator");
    thread.setDaemon(true); // a round stuck in a rule must not keep the process from exiting
  }

  /** Starts the thread; completes once the start round (scenarios without condition) ran. */
  @Override
  public CompletionStage<Void> start() {
    threadStarted = true;
    thread.start();
    return started;
  }

  /** Starts and waits until the start round ran: for callers that hold it in a try block. */
  public LiveEvaluator startAndWait() throws InterruptedException {
    try {
      start().toCompletableFuture().get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the evaluator did not start: " + e.getMessage(), e);
    }
    return this;
  }

  /** Queues a sample from any thread; false (and counted) when the queue is full or stopping. */
  public boolean offer(String path, Object value) {
    return offer(path, value, SampleBatch.NOW);
  }

  /**
   * Queues a sample that carries its own timestamp (epoch ms), kept on its {@code Signal} and
   * {@code SignalEvent} facts; it is evaluated on the real clock all the same.
   */
  public boolean offer(String path, Object value, long sampleTime) {
    boolean queued = running && queue.offer(new Sample(path, value, sampleTime));
    if (queued) {
      accepted.increment();
      waiting.incrementAndGet();
    } else {
      dropped.increment();
    }
    return queued;
  }

  /**
   * Queues the result of an action from any thread; it goes into the session at the start of the
   * next round, which runs for it even without samples. Results are few and each one matters, so
   * the sample queue's bound does not apply; once the evaluator stops they are refused (false).
   */
  public boolean offerResult(ActionResult result) {
    if (!running) {
      resultsLost.increment();
      return false;
    }
    newResults.add(result);
    queue.offer(WAKE_UP);
    return true;
  }

  /**
   * Queues a TIMPANI task's deadline miss from any thread, as {@link #offerResult} does a result:
   * it goes into the session at the start of the next round, which runs for it.
   */
  public boolean offerDeadlineMiss(DeadlineMiss miss) {
    if (!running) {
      resultsLost.increment();
      return false;
    }
    newMisses.add(miss);
    queue.offer(WAKE_UP);
    return true;
  }

  /** Results and deadline misses refused because the evaluator was stopping. */
  public long resultsLost() {
    return resultsLost.sum();
  }

  /**
   * Takes effect at the evaluator's next round, from any thread; see {@link
   * Evaluator#replaceScenarios}.
   */
  public void replaceScenarios(List<Scenario> definitions) {
    newScenarios.set(new NewScenarios(List.copyOf(definitions), handovers.incrementAndGet()));
    queue.offer(WAKE_UP);
  }

  /**
   * Swaps in a rule base that built, from any thread: between two rounds, on the evaluator's
   * thread, so every queued sample is evaluated once, by the old rules or by the new. See {@link
   * Evaluator#replaceRules} for what carries over.
   *
   * @param definitions the scenarios to run from now on; scenarios handed over earlier through
   *     {@link #replaceScenarios} are superseded, later ones apply on top
   * @return what carried over; failed with a {@link RuleFailure} when a new rule failed on a
   *     carried fact, and then the running rules are left as they were
   */
  public CompletionStage<CarryOver> replaceRules(RuleBase ruleBase, List<Scenario> definitions) {
    CompletableFuture<CarryOver> done = new CompletableFuture<>();
    newRules.add(
        new NewRules(ruleBase, List.copyOf(definitions), handovers.incrementAndGet(), done));
    queue.offer(WAKE_UP);
    if (finished) {
      failPendingRules();
    }
    return done;
  }

  private void failPendingRules() {
    for (NewRules r = newRules.poll(); r != null; r = newRules.poll()) {
      r.done().completeExceptionally(new IllegalStateException("the evaluator has stopped"));
    }
  }

  /** Takes effect at the next round, from any thread; see {@link Evaluator#replaceFacts}. */
  public void replaceFacts(String group, Map<String, ?> facts) {
    newFacts.put(group, Map.copyOf(facts));
    queue.offer(WAKE_UP);
  }

  /** The engine's counters, read on the evaluator's thread after its current round. */
  public CompletionStage<EngineStats.Snapshot> snapshot() {
    CompletableFuture<EngineStats.Snapshot> result = new CompletableFuture<>();
    tasks.add(e -> result.complete(e.stats().snapshot()));
    queue.offer(WAKE_UP);
    if (finished || !threadStarted) {
      runTasks(); // no loop left to run it: the counters are final
    }
    return result;
  }

  public long dropped() {
    return dropped.sum();
  }

  /** Samples waiting for the evaluator. */
  public int queued() {
    return waiting.get();
  }

  /** Samples whose round has run (also a round a rule failed in), since the start. */
  public long evaluated() {
    return evaluatedSamples;
  }

  /** Samples accepted and not yet evaluated: queued, or in a round still running. */
  public long pending() {
    return accepted.sum() - evaluatedSamples;
  }

  private void loop() {
    SampleBatch batch = new SampleBatch();
    try {
      evaluator.advanceTo(0);
      round(evaluator::evaluate); // the start: scenarios without condition fire now
      started.complete(null);
      while (running || !queue.isEmpty()) {
        Sample first = running ? queue.poll(waitNanos(), TimeUnit.NANOSECONDS) : queue.poll();
        try {
          takeChanges();
        } catch (RuntimeException e) {
          report(e); // new facts or scenarios a condition failed on: the next round still runs
        }
        if (first != null && first != WAKE_UP) {
          collect(first, batch);
        }
        List<ActionResult> results = takeResults();
        takeMisses();
        int from = 0;
        do {
          int to = roundEnd(batch, from);
          int start = from;
          List<ActionResult> taken = from == 0 ? results : List.of(); // the first round sees them
          round(() -> evaluator.step(evaluator.clock(), batch, start, to, taken));
          evaluatedSamples += to - from;
          from = to;
        } while (from < batch.size());
        batch.clear();
        runTasks();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      started.completeExceptionally(e);
      stopped.completeExceptionally(e);
      throw e;
    } finally {
      evaluator.close();
      finished = true;
      runTasks();
      failPendingRules();
      started.complete(null);
      stopped.complete(null);
    }
  }

  /** Runs a round; a failure is reported and counted, and the loop carries on. */
  private void round(java.util.function.Supplier<List<DecidedAction>> work) {
    List<DecidedAction> decided;
    try {
      decided = work.get();
    } catch (RuntimeException e) {
      report(e);
      return;
    }
    if (decided.isEmpty()) {
      return;
    }
    try {
      listener.decided(decided);
    } catch (RuntimeException e) {
      report(new IllegalStateException("a decision listener failed: " + e, e));
    }
  }

  private void report(RuntimeException failure) {
    try {
      listener.failed(failure);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "a failure listener failed: " + e, e);
    }
  }

  private void runTasks() {
    for (Consumer<Evaluator> task = tasks.poll(); task != null; task = tasks.poll()) {
      task.accept(evaluator);
    }
  }

  private List<ActionResult> takeResults() {
    if (newResults.isEmpty()) {
      return List.of();
    }
    List<ActionResult> taken = new ArrayList<>();
    for (ActionResult r = newResults.poll(); r != null; r = newResults.poll()) {
      taken.add(r);
    }
    return taken;
  }

  /** Puts the misses handed over into the session; the next step evaluates them. */
  private void takeMisses() {
    for (DeadlineMiss m = newMisses.poll(); m != null; m = newMisses.poll()) {
      try {
        evaluator.addDeadlineMiss(m);
      } catch (RuntimeException e) {
        report(e);
      }
    }
  }

  /** Applies scenarios and facts handed over by other threads; the next step evaluates them. */
  private void takeChanges() {
    NewScenarios replaced = newScenarios.getAndSet(null);
    for (NewRules rules = newRules.poll(); rules != null; rules = newRules.poll()) {
      if (replaced != null && replaced.sequence() < rules.sequence()) {
        replaced = null; // the new rules come with newer scenarios
      }
      swap(rules);
    }
    if (replaced != null) {
      evaluator.replaceScenarios(replaced.definitions());
    }
    for (String group : List.copyOf(newFacts.keySet())) {
      Map<String, ?> facts = newFacts.remove(group);
      if (facts != null) {
        evaluator.replaceFacts(group, facts);
      }
    }
  }

  private void swap(NewRules rules) {
    Evaluator.RulesReplaced replaced;
    try {
      replaced = evaluator.replaceRules(rules.ruleBase(), rules.definitions());
    } catch (RuntimeException e) {
      rules.done().completeExceptionally(e);
      return;
    }
    evaluator = replaced.evaluator();
    rules.done().complete(replaced.carryOver());
  }

  /**
   * Where the round that starts at sample {@code from} ends: before a second sample of a path whose
   * earlier value in the round a rule or scenario would otherwise miss (a DRL rule reads the path's
   * {@code Signal}, or a scenario's comparison tells the two values apart), so a pulse 0, 1, 0 that
   * arrived together still rises and falls. Repeats nothing would miss, other paths, and batches
   * without a repeat stay in one round.
   */
  private int roundEnd(SampleBatch batch, int from) {
    inRound.clear();
    for (int i = from; i < batch.size(); i++) {
      String path = batch.path(i);
      if (!evaluator.readsLatest(path)) {
        continue;
      }
      Object earlier = inRound.put(path, batch.value(i));
      if (earlier != null && evaluator.wouldMiss(path, earlier, batch.value(i))) {
        return i;
      }
    }
    return batch.size();
  }

  /** Until the next timer is due, or a while when none is. */
  private long waitNanos() {
    long due = evaluator.nextDue();
    if (due == Long.MAX_VALUE) {
      return IDLE_WAIT_NANOS;
    }
    long untilDue = TimeUnit.MILLISECONDS.toNanos(due - evaluator.clock());
    // a job already due is being run by Drools' own timer thread: look again in a moment
    return Math.max(MIN_WAIT_NANOS, Math.min(untilDue, IDLE_WAIT_NANOS));
  }

  /** The first sample and those that join it within the batch latency; wake-ups are skipped. */
  private void collect(Sample first, SampleBatch batch) throws InterruptedException {
    List<Sample> taken = new ArrayList<>();
    taken.add(first);
    long deadline = System.nanoTime() + batchLatencyNanos;
    while (taken.size() < MAX_BATCH) {
      queue.drainTo(taken, MAX_BATCH - taken.size());
      long left = deadline - System.nanoTime();
      if (left <= 0 || taken.size() >= MAX_BATCH || !running) {
        break;
      }
      // samples arriving meanwhile do not wake the thread: one wake-up per batch, not per message
      java.util.concurrent.locks.LockSupport.parkNanos(this, left);
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
    for (Sample s : taken) {
      if (s != WAKE_UP) {
        waiting.decrementAndGet();
        batch.add(s.path(), s.value(), s.time());
      }
    }
  }

  /**
   * Refuses new samples, evaluates those already queued, then ends the thread and releases the
   * session; completes when that is done.
   */
  @Override
  public CompletionStage<Void> stop() {
    running = false;
    if (!threadStarted) {
      evaluator.close();
      finished = true;
      failPendingRules();
      stopped.complete(null);
      return stopped;
    }
    queue.offer(WAKE_UP);
    return stopped;
  }

  /** Stops as {@link #stop()} does and waits for it. */
  @Override
  public void close() throws InterruptedException {
    try {
      stop().toCompletableFuture().get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      // the loop already ended with that failure, and reported it
    } catch (TimeoutException e) {
      thread.interrupt(); // a round stuck in a rule: the watchdog has reported it
      thread.join(CLOSE_WAIT.toMillis());
    }
  }
}
