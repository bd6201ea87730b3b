package io.piccolo.gateway.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.piccolo.connectors.files.RuleSet;
import io.piccolo.engine.CarryOver;
import io.piccolo.engine.rulebase.Problem;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.gateway.security.Audit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Rebuilds the rules of a running server, one reload at a time, off the event loop and off the
 * evaluator's thread: the candidate set is read and checked as at start (strictly when the server
 * started so, against its VSS catalogue when it has one); only a rule base that built is handed to
 * the evaluator, and a changed file reaches the disk only once the evaluator took it. A reload that
 * fails leaves the disk and the running rules as they were.
 */
final class RuleReloads {
  static final String RELOADS = "piccolo.rules.reloads";
  static final String RELOAD_TIME = "piccolo.rules.reload";

  /** The longest a request waits for the evaluator to take new rules (it may be in a round). */
  private static final Duration SWAP_WAIT = Duration.ofSeconds(30);

  /** What started a reload. */
  enum Trigger {
    UPLOAD,
    DELETE,
    WATCH;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The audit trail's name for it: {@code rule.upload}, {@code rule.delete}, {@code rule.watch}.
     */
    String auditAction() {
      return "rule." + label();
    }
  }

  /** Who the audit trail names for a reload the watch started: the file's own author is unknown. */
  static final String WATCH = "watch";

  /**
   * One reload: built and live ({@code carried} non-null), refused ({@code problems} with errors),
   * or not finished in time ({@code pending}).
   */
  record Outcome(
      String who,
      Trigger trigger,
      List<String> files,
      RuleBase ruleBase,
      List<Problem> problems,
      CarryOver carried,
      boolean pending,
      long millis) {
    boolean ok() {
      return carried != null;
    }
  }

  /** A problem with the disk while a change was applied: the rules are not reloaded. */
  static final class DiskProblem extends Exception {
    DiskProblem(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final RuleFiles files;
  private final RuleCompiler compiler;
  private final long maxBytes;
  private final boolean strict;
  private final StoredScenarios scenarios;
  private final EventHub events;
  private final PrintWriter log;
  private final Audit audit;
  private final Counter ok;
  private final Counter failed;
  private final Timer duration;
  private Map<Path, String> builtFiles;
  private RuleBase running;

  RuleReloads(
      RuleBase running,
      ReloadableRules rules,
      long maxBytes,
      StoredScenarios scenarios,
      EventHub events,
      MeterRegistry meters,
      Audit audit,
      PrintWriter log) {
    this.running = running;
    this.audit = audit;
    this.files = new RuleFiles(rules.paths());
    this.compiler = rules.compiler();
    this.maxBytes = maxBytes;
    this.strict = rules.strict();
    this.scenarios = scenarios;
    this.events = events;
    this.log = log;
    this.ok = counter(meters, "ok");
    this.failed = counter(meters, "failed");
    this.duration =
        Timer.builder(RELOAD_TIME)
            .description("one rule reload: load, check, build and swap")
            .register(meters);
    this.builtFiles = fingerprint();
  }

  /**
   * The reload counters at zero, also where rules cannot be reloaded (no rule folder), so a
   * dashboard shows 0 reloads rather than no data.
   */
  static void registerMeters(MeterRegistry meters) {
    counter(meters, "ok");
    counter(meters, "failed");
  }

  private static Counter counter(MeterRegistry meters, String result) {
    return Counter.builder(RELOADS)
        .description("rule reloads, by result")
        .tag("result", result)
        .register(meters);
  }

  RuleFiles files() {
    return files;
  }

  /**
   * Builds the rules as they would be with {@code target} holding {@code text}; writes it if so.
   */
  synchronized Outcome upload(String who, Path target, String text) throws DiskProblem {
    long start = System.nanoTime();
    RuleSet set = RuleSet.load(files.paths(), maxBytes, strict, target, text);
    RuleFiles.Staged staged = null;
    RuleCompiler.Compiled compiled = compiler.compile(set, running);
    if (compiled.ruleBase() != null) {
      try {
        staged = RuleFiles.stage(target, text);
      } catch (IOException e) {
        throw new DiskProblem("cannot write " + target + ": " + e.getMessage(), e);
      }
    }
    return finish(who, Trigger.UPLOAD, List.of(target.toString()), compiled, staged, start);
  }

  /** Builds the rules without {@code target}; removes it if they build. */
  synchronized Outcome delete(String who, Path target) throws DiskProblem {
    long start = System.nanoTime();
    RuleSet set = RuleSet.load(files.paths(), maxBytes, strict, target, null);
    RuleCompiler.Compiled compiled = compiler.compile(set, running);
    RuleFiles.Staged staged = compiled.ruleBase() == null ? null : RuleFiles.removal(target);
    return finish(who, Trigger.DELETE, List.of(target.toString()), compiled, staged, start);
  }

  /**
   * Builds the rule files as they are on disk, when they differ from those last built.
   *
   * @return null when nothing changed since the last build
   */
  synchronized Outcome fromDisk() throws DiskProblem {
    Map<Path, String> now = fingerprint();
    if (now.equals(builtFiles)) {
      return null; // e.g. the rename that put an upload in place
    }
    List<String> changed =
        java.util.stream.Stream.concat(now.keySet().stream(), builtFiles.keySet().stream())
            .distinct()
            .filter(p -> !Objects.equals(now.get(p), builtFiles.get(p)))
            .map(Path::toString)
            .sorted()
            .toList();
    long start = System.nanoTime();
    RuleCompiler.Compiled compiled =
        compiler.compile(RuleSet.load(files.paths(), maxBytes, strict), running);
    Outcome outcome = finish(WATCH, Trigger.WATCH, changed, compiled, null, start);
    if (!outcome.ok()) {
      builtFiles = now; // the same broken files are not built again until they change
    }
    return outcome;
  }

  private Outcome finish(
      String who,
      Trigger trigger,
      List<String> changed,
      RuleCompiler.Compiled compiled,
      RuleFiles.Staged staged,
      long start)
      throws DiskProblem {
    if (compiled.ruleBase() == null) {
      return done(
          new Outcome(who, trigger, changed, null, compiled.problems(), null, false, 0), start);
    }
    CompletableFuture<CarryOver> swapped =
        scenarios.replaceRules(compiled.ruleBase()).toCompletableFuture();
    CompletableFuture<CarryOver> written =
        swapped.thenApplyAsync(carried -> commit(staged, carried));
    swapped.exceptionally(
        e -> {
          if (staged != null) {
            staged.discard();
          }
          return null;
        });
    try {
      CarryOver carried = written.get(SWAP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      running = compiled.ruleBase();
      builtFiles = fingerprint();
      return done(
          new Outcome(
              who, trigger, changed, compiled.ruleBase(), compiled.problems(), carried, false, 0),
          start);
    } catch (TimeoutException e) {
      return new Outcome(
          who, trigger, changed, compiled.ruleBase(), compiled.problems(), null, true, 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DiskProblem("interrupted while the evaluator took the new rules", e);
    } catch (ExecutionException e) {
      Throwable cause =
          e.getCause() instanceof java.util.concurrent.CompletionException c
              ? c.getCause()
              : e.getCause();
      if (cause instanceof DiskProblemUnchecked disk) {
        throw new DiskProblem(disk.getMessage(), disk.getCause());
      }
      String message = cause == null ? String.valueOf(e) : cause.getMessage();
      Problem problem =
          Problem.error(changed.isEmpty() ? "<rules>" : changed.get(0), 1, 1, message);
      return done(
          new Outcome(who, trigger, changed, null, List.of(problem), null, false, 0), start);
    }
  }

  private static final class DiskProblemUnchecked extends RuntimeException {
    DiskProblemUnchecked(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static CarryOver commit(RuleFiles.Staged staged, CarryOver carried) {
    if (staged != null) {
      try {
        staged.commit();
      } catch (IOException e) {
        throw new DiskProblemUnchecked(
            "the new rules are live, but the file could not be saved: " + e.getMessage(), e);
      }
    }
    return carried;
  }

  private Outcome done(Outcome partial, long start) {
    long nanos = System.nanoTime() - start;
    duration.record(nanos, TimeUnit.NANOSECONDS);
    Outcome outcome =
        new Outcome(
            partial.who(),
            partial.trigger(),
            partial.files(),
            partial.ruleBase(),
            partial.problems(),
            partial.carried(),
            false,
            TimeUnit.NANOSECONDS.toMillis(nanos));
    (outcome.ok() ? ok : failed).increment();
    String result =
        outcome.ok()
            ? "ok"
            : "refused: "
                + outcome.problems().stream()
                    .filter(Problem::isError)
                    .findFirst()
                    .map(Problem::toString)
                    .orElse("the rules do not build");
    for (String file : outcome.files()) {
      audit.record(outcome.who(), outcome.trigger().auditAction(), file, result);
    }
    events.publishReload(ReloadJson.of(outcome));
    log.println(ReloadJson.logLine(outcome));
    log.flush();
    return outcome;
  }

  /** Size and modification time of every rule file: enough to tell that one changed. */
  private Map<Path, String> fingerprint() {
    Map<Path, String> out = new HashMap<>();
    try {
      for (RuleFiles.Entry e : files.list()) {
        out.put(e.path(), e.size() + "@" + Files.getLastModifiedTime(e.path()).toMillis());
      }
    } catch (IOException e) {
      // a folder that cannot be listed now: the next change tries again
    }
    return out;
  }
}
