package io.piccolo.simulator.bench;

import io.piccolo.simulator.trace.SampleStream;
import io.piccolo.simulator.trace.TraceSource;
import java.util.Random;

/**
 * The window workload: P paths sampled together at 100 Hz, each a slow wave with noise (whole
 * numbers 0–100), and per path two DRL rules over the path's 60 s average, edge-style as {@code
 * rules/driving/traffic-jam.drl}: one fires when the average rises above 60, the other when it
 * falls back below 40. Every sample enters a window and leaves it a minute later.
 */
public final class WindowWorkload implements TraceSource {
  /** The seed of `bench windows`. */
  public static final long SEED = 20_261_201L;

  static final int HERTZ = 100;
  static final long WINDOW_MILLIS = 60_000;

  private final int paths;
  private final long samples;
  private final long seed;

  public WindowWorkload(int paths, long samples, long seed) {
    if (paths < 1 || samples < 1) {
      throw new IllegalArgumentException("paths and samples must be at least 1");
    }
    this.paths = paths;
    this.samples = samples;
    this.seed = seed;
  }

  static String path(int i) {
    return "Bench.Window.P" + i;
  }

  /** The rules, one DRL file. */
  public String drl() {
    StringBuilder out =
        new StringBuilder("package bench.windows;\n\ndeclare High\n    path : String\nend\n");
    for (int i = 0; i < paths; i++) {
      String p = path(i);
      String target = p.toLowerCase(java.util.Locale.ROOT);
      out.append(
          String.format(
              java.util.Locale.ROOT,
              "%nrule \"%1$s: high minute average\"%n"
                  + "when%n"
                  + "    not High(path == \"%1$s\")%n"
                  + "    accumulate(%n"
                  + "        SignalEvent(path == \"%1$s\", $v : number) over window:time(60s);%n"
                  + "        $avg : average($v);%n"
                  + "        $avg > 60)%n"
                  + "then%n"
                  + "    insert(new High(\"%1$s\"));%n"
                  + "    actions.launch(\"%2$s\");%n"
                  + "end%n"
                  + "%nrule \"%1$s: minute average back to normal\"%n"
                  + "when%n"
                  + "    $h : High(path == \"%1$s\")%n"
                  + "    accumulate(%n"
                  + "        SignalEvent(path == \"%1$s\", $v : number) over window:time(60s);%n"
                  + "        $avg : average($v);%n"
                  + "        $avg < 40)%n"
                  + "then%n"
                  + "    delete($h);%n"
                  + "    actions.terminate(\"%2$s\");%n"
                  + "end%n",
              p,
              target));
    }
    return out.toString();
  }

  public long samples() {
    return samples;
  }

  public int paths() {
    return paths;
  }

  @Override
  public String name() {
    return paths + " paths at " + HERTZ + " Hz, " + samples + " samples";
  }

  @Override
  public SampleStream open() {
    Random random = new Random(seed);
    double[] phase = new double[paths];
    double[] periodSeconds = new double[paths];
    String[] names = new String[paths];
    for (int i = 0; i < paths; i++) {
      phase[i] = random.nextDouble() * 2 * Math.PI;
      periodSeconds[i] = 300 + 60 * i;
      names[i] = path(i);
    }
    return new SampleStream() {
      private long done;
      private long tick;
      private int at = -1;
      private double value;

      @Override
      public boolean next() {
        if (done >= samples) {
          return false;
        }
        done++;
        if (++at == paths) {
          at = 0;
          tick++;
        }
        double seconds = tick / (double) HERTZ;
        double wave = 50 + 35 * Math.sin(phase[at] + 2 * Math.PI * seconds / periodSeconds[at]);
        value = Math.floor(wave + (random.nextDouble() * 40 - 20));
        return true;
      }

      @Override
      public long time() {
        return tick * 1000 / HERTZ;
      }

      @Override
      public String path() {
        return names[at];
      }

      @Override
      public Object value() {
        return value;
      }

      @Override
      public double progress() {
        return done / (double) samples;
      }
    };
  }
}
