package io.piccolo.engine;

import static io.piccolo.engine.Fixtures.all;
import static io.piccolo.engine.Fixtures.any;
import static io.piccolo.engine.Fixtures.none;
import static io.piccolo.engine.Fixtures.ruleBase;
import static io.piccolo.engine.Fixtures.scenario;
import static io.piccolo.engine.Fixtures.when;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.piccolo.engine.scenario.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionGroupsTest {
  private static final String DOOR = "Vehicle.Cabin.Door.Row1.DriverSide.IsOpen";
  private static final String SPEED = "Vehicle.Speed";
  private static final String GEAR = "Vehicle.Powertrain.Transmission.CurrentGear";

  @Test
  void allNeedsEveryItem() throws Exception {
    var s = scenario("door-moving", all(when(DOOR, Op.EQ, true), when(SPEED, Op.GT, 5)));
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s)))) {
      drive.at(0, DOOR, true, SPEED, 0.0);
      drive.at(1000, SPEED, 4.0);
      drive.at(2000, SPEED, 6.0);
      assertEquals(List.of(2000L), drive.firingTimes("door-moving"));
    }
  }

  @Test
  void anyNeedsOneItem() throws Exception {
    var s = scenario("either", any(when(SPEED, Op.GT, 100), when(GEAR, Op.EQ, -1)));
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s)))) {
      drive.at(0, SPEED, 10.0, GEAR, 1.0);
      drive.at(1000, GEAR, -1.0);
      drive.at(2000, SPEED, 120.0); // still true: no new edge
      drive.at(3000, GEAR, 1.0);
      drive.at(4000, SPEED, 50.0);
      drive.at(5000, SPEED, 130.0);
      assertEquals(List.of(1000L, 5000L), drive.firingTimes("either"));
    }
  }

  @Test
  void notMeansNoneOfItsItems() throws Exception {
    var s = scenario("parked", none(when(SPEED, Op.GT, 0), when(DOOR, Op.EQ, true)));
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s)))) {
      drive.at(0, SPEED, 10.0, DOOR, false);
      drive.at(1000, SPEED, 0.0);
      drive.at(2000, DOOR, true);
      drive.at(3000, DOOR, false);
      assertEquals(List.of(1000L, 3000L), drive.firingTimes("parked"));
    }
  }

  @Test
  void groupsNestToAnyDepth() throws Exception {
    var s =
        scenario(
            "nested",
            all(
                when(SPEED, Op.GE, 30),
                any(when(GEAR, Op.EQ, 3), none(when(DOOR, Op.EQ, false), when(GEAR, Op.LT, 3)))));
    try (Fixtures.Drive drive = new Fixtures.Drive(ruleBase(List.of(s)))) {
      drive.at(0, SPEED, 40.0, GEAR, 2.0, DOOR, false);
      drive.at(1000, GEAR, 3.0);
      drive.at(2000, GEAR, 4.0);
      drive.at(3000, DOOR, true);
      assertEquals(List.of(1000L, 3000L), drive.firingTimes("nested"));
    }
  }
}
