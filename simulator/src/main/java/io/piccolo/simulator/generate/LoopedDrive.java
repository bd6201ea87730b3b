package io.piccolo.simulator.generate;

import io.piccolo.simulator.trace.SampleStream;
import io.piccolo.simulator.trace.Trace;
import io.piccolo.simulator.trace.TraceSource;

/**
 * A generated drive repeated back to back until it holds a given number of samples: a trace as long
 * as a benchmark needs, produced as it is read, so its length costs no memory.
 */
public final class LoopedDrive implements TraceSource {
  private final Trace drive;
  private final long samples;

  /** One drive's worth of time plus a second between laps. */
  private final long lapMillis;

  public LoopedDrive(long seed, long samples) {
    this.drive = new DriveGenerator(seed).generate();
    this.samples = samples;
    this.lapMillis = drive.lastTime() + 1_000;
  }

  @Override
  public String name() {
    return drive.name() + " looped to " + samples + " samples";
  }

  @Override
  public SampleStream open() {
    return new SampleStream() {
      private long done;
      private int at = -1;
      private long lapStart;

      @Override
      public boolean next() {
        if (done >= samples || drive.size() == 0) {
          return false;
        }
        done++;
        if (++at == drive.size()) {
          at = 0;
          lapStart += lapMillis;
        }
        return true;
      }

      @Override
      public long time() {
        return lapStart + drive.time(at);
      }

      @Override
      public String path() {
        return drive.path(at);
      }

      @Override
      public Object value() {
        return drive.value(at);
      }

      @Override
      public double progress() {
        return done / (double) samples;
      }
    };
  }
}
