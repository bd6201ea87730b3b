package io.piccolo.engine.index;

import io.piccolo.engine.fact.SignalValues;
import io.piccolo.engine.scenario.Op;
import io.piccolo.engine.scenario.TestKind;
import java.util.Locale;
import java.util.regex.Pattern;

/** Tests of the latest value alone, without memory: between, in, matches, contains. */
final class ValueTests {
  private ValueTests() {}

  /** Tests without memory tell two values apart when they test differently. */
  private abstract static class Stateless implements LeafTest {
    abstract boolean test(double number, Object value);

    @Override
    public final boolean test(PathSlot slot, boolean was) {
      return test(slot.number, slot.value);
    }

    @Override
    public final boolean tellsApart(double a, Object earlier, double b, Object later) {
      return test(a, earlier) != test(b, later);
    }
  }

  static final class Between extends Stateless {
    private final TestKind.Between kind;

    Between(TestKind.Between kind) {
      this.kind = kind;
    }

    @Override
    boolean test(double number, Object value) {
      return number >= kind.low() && number <= kind.high();
    }

    @Override
    public String describe() {
      return "number between "
          + SignalValues.text(kind.low())
          + " and "
          + SignalValues.text(kind.high())
          + " (both included)";
    }
  }

  static final class In extends Stateless {
    private final ComparisonTest[] each;
    private final TestKind.In kind;

    In(TestKind.In kind) {
      this.kind = kind;
      this.each =
          kind.values().stream()
              .map(v -> new ComparisonTest(Op.EQ, v))
              .toArray(ComparisonTest[]::new);
    }

    @Override
    boolean test(double number, Object value) {
      for (ComparisonTest t : each) {
        if (t.test(number, value)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String describe() {
      StringBuilder b = new StringBuilder("one of [");
      for (int i = 0; i < kind.values().size(); i++) {
        Object v = kind.values().get(i);
        b.append(i == 0 ? "" : ", ");
        b.append(v instanceof String ? "\"" + v + "\"" : SignalValues.text(v));
      }
      return b.append("] (each compared as eq compares)").toString();
    }
  }

  static final class Matches extends Stateless {
    private final Pattern pattern;

    /**
     * @throws java.util.regex.PatternSyntaxException for a bad expression (the reader checks)
     */
    Matches(TestKind.Matches kind) {
      this.pattern = Pattern.compile(kind.regex());
    }

    @Override
    boolean test(double number, Object value) {
      return value != null && pattern.matcher(SignalValues.text(value)).matches();
    }

    @Override
    public String describe() {
      return "whole text matches /" + pattern.pattern() + "/ (case-sensitive)";
    }
  }

  static final class Contains extends Stateless {
    private final String text;
    private final String written;

    Contains(TestKind.Contains kind) {
      this.written = kind.text();
      this.text = written.toLowerCase(Locale.ROOT);
    }

    @Override
    boolean test(double number, Object value) {
      return value != null && SignalValues.text(value).toLowerCase(Locale.ROOT).contains(text);
    }

    @Override
    public String describe() {
      return "text contains \"" + written + "\" (ignoring case)";
    }
  }
}
