package io.piccolo.engine.scenario;

import java.util.Locale;
import java.util.Optional;

/** A scenario comparison operator, spelled as in Pullpiri's {@code express}. */
public enum Op {
  EQ,
  NE,
  LT,
  LE,
  GT,
  GE;

  public static Optional<Op> parse(String spelling) {
    for (Op op : values()) {
      if (op.spelling().equals(spelling)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }

  public String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String symbol() {
    return switch (this) {
      case EQ -> "==";
      case NE -> "!=";
      case LT -> "<";
      case LE -> "<=";
      case GT -> ">";
      case GE -> ">=";
    };
  }
}
