package io.piccolo.gateway.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.piccolo.connectors.text.DidYouMean;
import io.piccolo.connectors.vss.ValueCheck;
import io.piccolo.connectors.vss.VssCatalogue;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.rulebase.SignalInterest;
import io.piccolo.engine.scenario.Conditions;
import io.piccolo.engine.scenario.Scenario;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Samples of paths nothing reads: no rule or scenario of the running rules matches the path and,
 * with a VSS catalogue, the catalogue does not name it either. They are accepted, counted ({@code
 * piccolo.signals.unknown}, {@code rules.status}) and warned about in the log once per path; at
 * most {@link #REMEMBERED} paths are remembered, so a client sending random paths cannot grow the
 * memory, and the log says when that bound is reached. With a catalogue, a value its signal cannot
 * take is warned about once per path as well. Strict, a sample whose path the catalogue does not
 * name, or whose value its signal cannot take, is refused.
 */
final class UnknownSignals {
  static final String UNKNOWN = "piccolo.signals.unknown";

  /** Paths (and, separately, paths with a wrong value) warned about, at most. */
  static final int REMEMBERED = 10_000;

  /** What the running rules read: the paths of DRL patterns and of scenario conditions. */
  private record Read(SignalInterest facts, SignalInterest events, Set<String> scenarioPaths) {
    boolean reads(String path) {
      return facts.wants(path) || events.wants(path) || scenarioPaths.contains(path);
    }
  }

  private volatile VssCatalogue catalogue;
  private volatile boolean strict;
  private final PrintWriter log;
  private final Counter unknown;
  private final Once unknownPaths = new Once("unknown signal paths");
  private final Once wrongValues = new Once("signal paths with values their signal cannot take");
  private volatile Read read = new Read(SignalInterest.NONE, SignalInterest.NONE, Set.of());

  /** Without a catalogue until {@link #checkAgainst} names one. */
  UnknownSignals(MeterRegistry meters, PrintWriter log) {
    this.log = log;
    this.unknown =
        Counter.builder(UNKNOWN)
            .description(
                "samples accepted whose path no rule or scenario reads and no catalogue names")
            .register(meters);
  }

  /**
   * @param catalogue the VSS catalogue samples are checked against; null for none
   * @param strict whether a sample the catalogue refuses is refused, rather than warned about
   */
  void checkAgainst(VssCatalogue catalogue, boolean strict) {
    this.catalogue = catalogue;
    this.strict = strict && catalogue != null;
  }

  /** The rules and scenarios that run from now on. */
  void running(RuleBase ruleBase, List<Scenario> scenarios) {
    Set<String> paths = new HashSet<>();
    for (Scenario s : scenarios) {
      if (s.condition() != null) {
        Conditions.signalUses(s.condition()).forEach(c -> paths.add(c.path()));
      }
      s.actions().forEach(a -> paths.addAll(a.paramPaths()));
    }
    read = new Read(ruleBase.signalFacts(), ruleBase.signalEvents(), Set.copyOf(paths));
  }

  /**
   * Strict with a catalogue: refuses sample {@code i} when the catalogue does not name its path or
   * its signal cannot take its value.
   *
   * @throws SampleReader.BadSample naming the field ({@code .path}, {@code .value}), unprocessable
   */
  void check(String path, Object value) throws SampleReader.BadSample {
    if (!strict) {
      return;
    }
    VssCatalogue catalogue = this.catalogue;
    VssCatalogue.Leaf leaf = catalogue.leaf(path);
    if (leaf == null) {
      throw SampleReader.BadSample.unprocessable(
          ".path",
          "signal '"
              + path
              + "' is not in the VSS catalogue"
              + DidYouMean.hint(path, catalogue.paths())
              + "; serve runs with --strict, so only the catalogue's signals are taken");
    }
    String wrong = ValueCheck.problem(leaf, value);
    if (wrong != null) {
      throw SampleReader.BadSample.unprocessable(
          ".value", "value " + shown(value) + " for '" + path + "': " + wrong);
    }
  }

  /** Counts and warns about the samples queued: the first {@code queued} of {@code samples}. */
  void accepted(SampleReader.Samples samples, int queued) {
    Read now = read;
    VssCatalogue catalogue = this.catalogue;
    boolean strict = this.strict;
    int count = 0;
    for (int i = 0; i < queued; i++) {
      String path = samples.paths()[i];
      VssCatalogue.Leaf leaf = catalogue == null ? null : catalogue.leaf(path);
      if (leaf == null && now.reads(path)) {
        continue;
      }
      if (leaf == null) {
        count++;
        if (unknownPaths.first(path)) {
          warn(
              "signal '"
                  + path
                  + "' is read by no rule or scenario"
                  + (catalogue == null
                      ? ""
                      : " and is not in the VSS catalogue"
                          + DidYouMean.hint(path, catalogue.paths()))
                  + "; its samples are taken and counted in "
                  + "piccolo_signals_unknown_total (warned once per path)");
        }
      } else if (!strict) {
        String wrong = ValueCheck.problem(leaf, samples.values()[i]);
        if (wrong != null && wrongValues.first(path)) {
          warn(
              "value "
                  + shown(samples.values()[i])
                  + " for '"
                  + path
                  + "': "
                  + wrong
                  + "; taken all the same (warned once per path)");
        }
      }
    }
    if (count > 0) {
      unknown.increment(count);
    }
  }

  private static String shown(Object value) {
    return value instanceof String text
        ? "'" + text + "'"
        : io.piccolo.engine.fact.SignalValues.text(value);
  }

  long count() {
    return (long) unknown.count();
  }

  /** Distinct unknown paths seen, up to {@link #REMEMBERED}. */
  int paths() {
    return unknownPaths.size();
  }

  private void warn(String message) {
    log.println("piccolo serve: warning: " + message);
    log.flush();
  }

  /** Keys seen, at most {@link #REMEMBERED}; once full, says so once and remembers no more. */
  private final class Once {
    private final String what;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean full = new AtomicBoolean();

    Once(String what) {
      this.what = what;
    }

    /** Whether {@code key} is seen for the first time (and there was room to remember it). */
    boolean first(String key) {
      if (seen.contains(key)) {
        return false;
      }
      if (seen.size() >= REMEMBERED) {
        if (!full.getAndSet(true)) {
          warn(
              REMEMBERED
                  + " "
                  + what
                  + " were warned about; later ones are counted but no longer warned about");
        }
        return false;
      }
      return seen.add(key);
    }

    int size() {
      return seen.size();
    }
  }
}
