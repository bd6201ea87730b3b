package io.piccolo.network;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.piccolo.engine.fact.NetworkUsage;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Turns the classifier's counters into meters and {@link NetworkUsage} facts, once per interval:
 * {@code piccolo.pharos.bytes} per workload and class (Prometheus: {@code
 * piccolo_pharos_bytes_total{workload,class}}) and {@code piccolo.pharos.drops} per workload. Runs
 * on PHAROS's own thread only.
 */
public final class UsageReader {
  public static final String BYTES = "piccolo.pharos.bytes";
  public static final String DROPS = "piccolo.pharos.drops";

  private final MeterRegistry meters;
  private final Consumer<Map<String, NetworkUsage>> facts;
  private final Consumer<String> log;
  private final LongSupplier nanoTime;
  private final Map<String, Seen> seen = new HashMap<>();
  private String lastFailure;
  private Map<String, NetworkUsage> lastSent;

  /** What was last read of one workload, and its meters. */
  private static final class Seen {
    Classifier.Usage last = new Classifier.Usage(0, 0, 0, 0);
    long at;
    Counter bytes;
    Counter drops;
  }

  /**
   * @param facts told every workload's usage after each reading (an empty map when none)
   * @param log told a failed reading, once until readings work again
   */
  public UsageReader(
      MeterRegistry meters,
      Consumer<Map<String, NetworkUsage>> facts,
      Consumer<String> log,
      LongSupplier nanoTime) {
    this.meters = meters;
    this.facts = facts;
    this.log = log;
    this.nanoTime = nanoTime;
  }

  void joined(Member m) {
    Seen s = new Seen();
    s.at = nanoTime.getAsLong();
    s.bytes = bytes(m);
    s.drops =
        Counter.builder(DROPS)
            .description("Packets of a workload that network isolation dropped")
            .tag("workload", m.model())
            .tag("network", m.network())
            .register(meters);
    seen.put(m.model(), s);
  }

  void moved(Member before, Member after) {
    Seen s = seen.get(after.model());
    if (s != null && !before.shownClass().equals(after.shownClass())) {
      meters.remove(s.bytes);
      s.bytes = bytes(after);
    }
  }

  void left(Member m) {
    Seen s = seen.remove(m.model());
    if (s != null) {
      meters.remove(s.bytes);
      meters.remove(s.drops);
    }
  }

  private Counter bytes(Member m) {
    return Counter.builder(BYTES)
        .description("Bytes a workload sent onto its PHAROS network, by its class at the time")
        .baseUnit("bytes")
        .tag("workload", m.model())
        .tag("class", m.shownClass())
        .tag("network", m.network())
        .register(meters);
  }

  void read(Map<Integer, Classifier.Usage> counters, Collection<Member> members) {
    lastFailure = null;
    long now = nanoTime.getAsLong();
    Map<String, NetworkUsage> out = new LinkedHashMap<>();
    for (Member m : members) {
      Seen s = seen.get(m.model());
      if (s == null) {
        continue;
      }
      Classifier.Usage u = counters.getOrDefault(m.address(), new Classifier.Usage(0, 0, 0, 0));
      long bytes = Math.max(0, u.bytes() - s.last.bytes());
      long drops = Math.max(0, u.drops() - s.last.drops());
      long elapsed = Math.max(1, now - s.at);
      long rate = Math.round(bytes * 8 * 1e9 / elapsed);
      s.bytes.increment(bytes);
      s.drops.increment(drops);
      s.last = u;
      s.at = now;
      out.put(
          m.model(),
          new NetworkUsage(m.model(), m.network(), m.shownClass(), rate, u.bytes(), u.drops()));
    }
    if (!out.equals(lastSent)) {
      // an idle network changes nothing: no round is woken for it
      lastSent = out;
      facts.accept(out);
    }
  }

  void failed(KernelException e) {
    if (!e.getMessage().equals(lastFailure)) {
      lastFailure = e.getMessage();
      log.accept("network usage not read: " + e.getMessage());
    }
  }
}
