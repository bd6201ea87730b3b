package io.piccolo.engine.index;

import io.piccolo.engine.scenario.Op;

/** The ordering operators on two numbers; false when either is NaN (not a number). */
final class NumberOrder {
  private NumberOrder() {}

  static boolean holds(Op op, double a, double b) {
    return switch (op) {
      case LT -> a < b;
      case LE -> a <= b;
      case GT -> a > b;
      case GE -> a >= b;
      case EQ -> a == b;
      case NE -> !Double.isNaN(a) && !Double.isNaN(b) && a != b;
    };
  }
}
