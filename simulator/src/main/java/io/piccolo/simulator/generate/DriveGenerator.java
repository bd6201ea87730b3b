package io.piccolo.simulator.generate;

import io.piccolo.simulator.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded, realistic drive with VSS 6.0 signals: leaving a parking space in reverse, urban
 * stop-and-go with a traffic jam, a highway stretch, and reversing into a space at the end; doors,
 * media and a draining traction battery along the way. Same seed, same trace.
 */
public final class DriveGenerator {
  public static final String SPEED = "Vehicle.Speed";
  public static final String GEAR = "Vehicle.Powertrain.Transmission.CurrentGear";
  public static final String DOOR = "Vehicle.Cabin.Door.Row1.DriverSide.IsOpen";
  public static final String MEDIA = "Vehicle.Cabin.Infotainment.Media.Action";
  public static final String BATTERY = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed";

  private static final int TICK_MS = 100;
  private static final double ACCEL_KMH_PER_TICK = 0.9;
  private static final double BATTERY_PERCENT_PER_KM = 0.62;

  private final long seed;
  private final Random random;
  private final List<Leg> legs = new ArrayList<>();
  private final List<Trace.Sample> samples = new ArrayList<>();

  /** Drive towards {@code speed} km/h for {@code seconds}; {@code events} are sent at its start. */
  private record Leg(double seconds, double speed, Map<String, Object> events) {}

  public DriveGenerator(long seed) {
    this.seed = seed;
    this.random = new Random(seed);
  }

  public Trace generate() {
    plan();
    drive();
    return Trace.of("generated drive (seed " + seed + ")", samples);
  }

  private void plan() {
    leaveParkingSpace();
    urban();
    trafficJam();
    highway();
    urbanReturn();
    parkInReverse();
  }

  private void leaveParkingSpace() {
    leg(5, 0, Map.of(GEAR, 0.0, DOOR, true));
    leg(7, 0, Map.of(DOOR, false));
    leg(8, 0, Map.of(GEAR, -1.0));
    leg(10, 6, Map.of());
    leg(4, 0, Map.of());
    leg(3, 0, Map.of(GEAR, 1.0));
  }

  private void urban() {
    for (int block = 0; block < 8; block++) {
      Map<String, Object> atStart = Map.of();
      if (block == 2) {
        atStart = Map.of(MEDIA, "STOP");
      } else if (block == 4) {
        atStart = Map.of(MEDIA, "PLAY"); // a passenger presses play while driving
      } else if (block == 5) {
        atStart = Map.of(MEDIA, "STOP");
      }
      leg(between(20, 40), between(30, 50), atStart);
      if (block == 3) {
        leg(6, 12, Map.of(DOOR, true)); // a door not shut properly at walking pace
        leg(4, 12, Map.of(DOOR, false));
      }
      leg(between(8, 12), 0, Map.of());
      leg(between(10, 25), 0, block == 1 ? Map.of(MEDIA, "PLAY") : Map.of());
    }
  }

  private void trafficJam() {
    for (int i = 0; i < 14; i++) {
      leg(between(6, 12), i % 2 == 0 ? between(4, 9) : 0, Map.of());
    }
  }

  private void highway() {
    leg(30, 90, Map.of());
    for (int i = 0; i < 7; i++) {
      leg(between(60, 110), between(112, 132), Map.of());
    }
    leg(25, 80, Map.of());
  }

  private void urbanReturn() {
    for (int block = 0; block < 4; block++) {
      leg(between(20, 35), between(30, 50), block == 1 ? Map.of(MEDIA, "PLAY") : Map.of());
      leg(between(8, 12), 0, Map.of());
      leg(between(10, 20), 0, block == 2 ? Map.of(MEDIA, "PLAY") : Map.of());
    }
  }

  private void parkInReverse() {
    leg(4, 0, Map.of(GEAR, 0.0, MEDIA, "STOP"));
    leg(3, 0, Map.of(GEAR, -1.0));
    leg(8, 5, Map.of());
    leg(4, 0, Map.of());
    leg(5, 0, Map.of(GEAR, 0.0));
    leg(10, 0, Map.of(DOOR, true));
  }

  private void leg(double seconds, double speed, Map<String, Object> events) {
    legs.add(new Leg(seconds, speed, events));
  }

  private double between(double low, double high) {
    return Math.round((low + random.nextDouble() * (high - low)) * 10) / 10.0;
  }

  private void drive() {
    long time = 0;
    double speed = 0;
    double battery = 24.0;
    double lastBattery = Double.NaN;
    double gear = 0;
    for (Leg leg : legs) {
      for (var e : leg.events().entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
        emit(time, e.getKey(), e.getValue());
        if (e.getKey().equals(GEAR)) {
          gear = (Double) e.getValue();
        }
      }
      long ticks = Math.round(leg.seconds() * 1000 / TICK_MS);
      for (long t = 0; t < ticks; t++, time += TICK_MS) {
        speed = approach(speed, leg.speed());
        emit(time, SPEED, speed);
        battery -= speed / 3600.0 * TICK_MS / 1000.0 * BATTERY_PERCENT_PER_KM;
        if (gear > 0) {
          double forward = forwardGear(speed);
          if (forward != gear) {
            gear = forward;
            emit(time, GEAR, gear);
          }
        }
        if (time % 1000 == 0) {
          double shown = Math.round(battery * 10) / 10.0;
          if (shown != lastBattery) {
            emit(time, BATTERY, shown);
            lastBattery = shown;
          }
        }
      }
    }
  }

  private double approach(double speed, double target) {
    double step = Math.min(ACCEL_KMH_PER_TICK, Math.abs(target - speed));
    double next = speed + Math.signum(target - speed) * step;
    if (target > 0 && Math.abs(target - next) < 1) {
      next = target + (random.nextDouble() - 0.5) * 0.6; // cruising jitter
    }
    return Math.max(0, Math.round(next * 10) / 10.0);
  }

  private static double forwardGear(double speed) {
    if (speed < 15) {
      return 1;
    }
    if (speed < 30) {
      return 2;
    }
    if (speed < 50) {
      return 3;
    }
    if (speed < 70) {
      return 4;
    }
    return speed < 95 ? 5 : 6;
  }

  private void emit(long time, String path, Object value) {
    samples.add(new Trace.Sample(time, path, value));
  }
}
