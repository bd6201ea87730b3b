package io.piccolo.engine.rulebase;

import java.util.List;
import org.drools.base.time.TimeUtils;
import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.BehaviorDescr;
import org.drools.drl.ast.descr.CollectDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.GlobalDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;

/**
 * What a parsed DRL file may hold that Drools would accept here and then fail on later, with an
 * exception instead of a message (while compiling, or only once the rules run): over-long names,
 * windows and timers Drools cannot run, and an {@code actions} global of the wrong type. Also a
 * pattern on the engine's own {@code EdgeFired} fact: how and whether the engine inserts it for an
 * edge-triggered rule is its own affair (a rule with constant requests may fire without one).
 */
final class DrlLimits {
  /** Characters in a rule name; the name becomes part of generated class names. */
  static final int MAX_RULE_NAME = 255;

  /** Segments of a package name; Drools' build time grows steeply with them. */
  static final int MAX_PACKAGE_SEGMENTS = 32;

  /** Characters in a package name. */
  static final int MAX_PACKAGE_NAME = 255;

  /** Events in a {@code window:length}; every one of them stays in memory. */
  static final long MAX_WINDOW_LENGTH = 1_000_000;

  private final String file;
  private final List<Problem> problems;

  private DrlLimits(String file, List<Problem> problems) {
    this.file = file;
    this.problems = problems;
  }

  static void check(String file, PackageDescr pkg, List<Problem> problems) {
    new DrlLimits(file, problems).pkg(pkg);
  }

  private void pkg(PackageDescr pkg) {
    String name = pkg.getName() == null ? "" : pkg.getName();
    if (name.length() > MAX_PACKAGE_NAME || name.split("\\.").length > MAX_PACKAGE_SEGMENTS) {
      error(
          pkg,
          "the package name has "
              + name.split("\\.").length
              + " segments and "
              + name.length()
              + " characters; write at most "
              + MAX_PACKAGE_SEGMENTS
              + " segments and "
              + MAX_PACKAGE_NAME
              + " characters");
    }
    for (GlobalDescr global : pkg.getGlobals()) {
      if ("actions".equals(global.getIdentifier())
          && !List.of("Actions", "io.piccolo.engine.Actions").contains(global.getType())) {
        error(
            global,
            "the global 'actions' is the engine's request helper, of type Actions, not "
                + global.getType()
                + "; remove this line, or give your global another name");
      }
    }
    for (RuleDescr rule : pkg.getRules()) {
      rule(rule);
    }
  }

  private void rule(RuleDescr rule) {
    if (rule.getName().length() > MAX_RULE_NAME) {
      error(
          rule,
          "the rule name has "
              + rule.getName().length()
              + " characters; write at most "
              + MAX_RULE_NAME);
    }
    AttributeDescr timer = rule.getAttributes().get("timer");
    if (timer != null) {
      timer(timer);
    }
    if (rule.getLhs() != null) {
      walk(rule.getLhs());
    }
  }

  /**
   * An interval timer ({@code timer (int: DELAY PERIOD)}, or without {@code int:}) must repeat
   * after a positive period; Drools accepts zero or a negative one and then fails at its first
   * firing. Other timer kinds and values Drools cannot read are left to Drools' own messages.
   */
  private void timer(AttributeDescr timer) {
    String value = timer.getValue() == null ? "" : timer.getValue().trim();
    int options = value.indexOf(';');
    String interval = (options < 0 ? value : value.substring(0, options)).trim();
    if (interval.startsWith("int:")) {
      interval = interval.substring(4).trim();
    } else if (interval.matches("^\\w+:.*")) {
      return; // cron:, expr: ...
    }
    String[] parts = interval.split("\\s+");
    if (parts.length != 2) {
      return;
    }
    long period;
    try {
      TimeUtils.parseTimeString(parts[0]);
      period = TimeUtils.parseTimeString(parts[1]);
    } catch (RuntimeException e) {
      error(
          timer,
          "timer '"
              + value
              + "': write a delay and a period as durations, e.g. timer (int: 0s 5s)");
      return;
    }
    if (period <= 0) {
      error(
          timer,
          "timer '"
              + value
              + "': the period must be positive (it is "
              + parts[1]
              + "); for a timer that fires once, write only the delay, e.g. timer (int: 10s)");
    }
  }

  private void walk(BaseDescr descr) {
    if (descr instanceof PatternDescr p) {
      edgeFired(p);
      p.getBehaviors().forEach(this::window);
      if (p.getSource() != null) {
        walk(p.getSource());
      }
    } else if (descr instanceof AccumulateDescr acc) {
      acc.getDescrs().forEach(this::walk);
      if (acc.getInput() != null && !acc.getDescrs().contains(acc.getInput())) {
        walk(acc.getInput());
      }
    } else if (descr instanceof CollectDescr col && col.getInputPattern() != null) {
      walk(col.getInputPattern());
    } else if (descr instanceof ConditionalElementDescr ce) {
      ce.getDescrs().forEach(this::walk);
    }
  }

  private void edgeFired(PatternDescr pattern) {
    // every file imports the engine's facts, so the short name is always the engine's type
    if (List.of("EdgeFired", "io.piccolo.engine.fact.EdgeFired")
        .contains(pattern.getObjectType())) {
      error(
          pattern,
          "EdgeFired is the engine's own fact for @trigger(edge) rules and is not inserted for"
              + " every firing; match the facts the edge rule matches, or ActionRequest for the"
              + " requests it makes");
    }
  }

  private void window(BehaviorDescr window) {
    if (!"length".equals(window.getSubType()) || window.getParameters().size() != 1) {
      return;
    }
    String count = window.getParameters().get(0).trim();
    long events;
    try {
      events = Long.parseLong(count);
    } catch (NumberFormatException e) {
      events = -1;
    }
    if (events < 1 || events > MAX_WINDOW_LENGTH) {
      error(
          window,
          "window:length("
              + count
              + "): write a whole number of events from 1 to "
              + MAX_WINDOW_LENGTH
              + " (a longer window keeps every event in memory; use window:time for a span)");
    }
  }

  private void error(BaseDescr where, String message) {
    problems.add(Problem.error(file, Math.max(1, where.getLine()), where.getColumn() + 1, message));
  }
}
