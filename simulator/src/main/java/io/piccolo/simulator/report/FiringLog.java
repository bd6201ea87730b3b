package io.piccolo.simulator.report;

import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.index.FiringListener.DrlFiring;
import io.piccolo.engine.index.FiringListener.Firing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The firings the report explains, bounded: per rule the first {@link #PER_RULE}, at most {@link
 * #TOTAL} in all, each with the decisions it led to; the rest are only counted. A scenario's firing
 * comes from the index with its conditions, a DRL rule's from the session with the facts its match
 * bound; a rule neither told of is known by the requests it made.
 */
final class FiringLog {
  static final int PER_RULE = 20;
  static final int TOTAL = 1_000;
  static final int DECISIONS_PER_FIRING = 5;

  private final Map<String, Entries> byRule = new TreeMap<>();
  private final Map<String, long[]> byDecider = new TreeMap<>();
  private int listed;

  void fired(Firing f) {
    Entries e = byRule.computeIfAbsent(f.scenario(), n -> new Entries());
    e.fromIndex = true;
    if (f.suppressed()) {
      e.suppressed++;
    }
    e.offer(new Pending(f.timeMillis(), f, null), this);
  }

  void drlFired(DrlFiring f) {
    Entries e = byRule.computeIfAbsent(f.rule(), n -> new Entries());
    e.fromSession = true;
    e.offer(new Pending(f.timeMillis(), null, f), this);
  }

  void decided(DecidedAction d) {
    for (String decider : d.decidedBy() == null ? new String[0] : d.decidedBy().split("; ")) {
      byDecider.computeIfAbsent(decider, n -> new long[2])[d.allowed() ? 0 : 1]++;
    }
    String rule = d.rule() == null ? d.scenario() : d.rule();
    Entries e = byRule.computeIfAbsent(rule, n -> new Entries());
    Pending match = e.at(d.timeMillis());
    if (match != null) {
      match.add(d);
    } else if (!e.fromIndex && !e.fromSession) {
      // a rule nobody told of: its firings are known by the requests they made, one per instant
      Pending entry = new Pending(d.timeMillis(), null, null);
      if (e.offer(entry, this)) {
        entry.add(d);
      }
    }
  }

  List<ReportData.RuleFirings> rules() {
    List<ReportData.RuleFirings> out = new ArrayList<>();
    byRule.forEach(
        (name, e) ->
            out.add(
                new ReportData.RuleFirings(
                    name,
                    e.suppressed,
                    e.unlisted,
                    e.listed.stream()
                        .map(
                            p ->
                                new ReportData.ExplainedFiring(
                                    p.time, p.firing, p.drl, p.decisions))
                        .toList())));
    return out;
  }

  /** Per deciding policy (or {@code default}): requests it allowed and denied. */
  Map<String, ReportData.Decider> deciders() {
    Map<String, ReportData.Decider> out = new TreeMap<>();
    byDecider.forEach((n, c) -> out.put(n, new ReportData.Decider(c[0], c[1])));
    return out;
  }

  private static final class Pending {
    final long time;
    final Firing firing;
    final DrlFiring drl;
    final List<DecidedAction> decisions = new ArrayList<>(1);
    int decided;

    Pending(long time, Firing firing, DrlFiring drl) {
      this.time = time;
      this.firing = firing;
      this.drl = drl;
    }

    void add(DecidedAction d) {
      decided++;
      if (decisions.size() < DECISIONS_PER_FIRING) {
        decisions.add(d);
      }
    }

    /** A DRL firing whose requests were not all told decided yet. */
    boolean awaits() {
      return drl != null && decided < drl.requests();
    }

    /** Whether it made requests: not suppressed, and for a DRL firing one at least. */
    boolean requested() {
      if (firing != null) {
        return !firing.suppressed();
      }
      return drl == null || drl.requests() > 0;
    }
  }

  private static final class Entries {
    final List<Pending> listed = new ArrayList<>();
    boolean fromIndex;
    boolean fromSession;
    long suppressed;
    long unlisted;

    boolean offer(Pending p, FiringLog log) {
      if (listed.size() >= PER_RULE || log.listed >= TOTAL) {
        unlisted++;
        return false;
      }
      listed.add(p);
      log.listed++;
      return true;
    }

    /**
     * The listed firing at {@code time} a decision then belongs to, or null: of DRL firings the
     * earliest whose requests were not all decided yet; otherwise the last that made requests.
     */
    Pending at(long time) {
      Pending awaiting = null;
      Pending last = null;
      for (int i = listed.size() - 1; i >= 0 && listed.get(i).time >= time; i--) {
        Pending p = listed.get(i);
        if (p.time == time && p.awaits()) {
          awaiting = p;
        } else if (p.time == time && last == null && p.requested()) {
          last = p;
        }
      }
      return awaiting != null ? awaiting : last;
    }
  }
}
