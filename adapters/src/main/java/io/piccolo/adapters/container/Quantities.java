package io.piccolo.adapters.container;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes resource quantities as Models write them: {@code 512Mi}, {@code 1G}, {@code 500m}. */
final class Quantities {
  private static final Pattern MEMORY = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)([KMGT]i?|k)?");
  private static final Pattern CPU = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(m)?");
  private static final Map<String, Long> MEMORY_UNITS =
      Map.of(
          "Ki", 1L << 10,
          "Mi", 1L << 20,
          "Gi", 1L << 30,
          "Ti", 1L << 40,
          "k", 1_000L,
          "K", 1_000L,
          "M", 1_000_000L,
          "G", 1_000_000_000L,
          "T", 1_000_000_000_000L);

  private Quantities() {}

  /** Bytes of a memory quantity ({@code 1024}, {@code 64Mi}, {@code 1G}); empty when malformed. */
  static OptionalLong memoryBytes(String quantity) {
    Matcher m = MEMORY.matcher(quantity.trim());
    if (!m.matches()) {
      return OptionalLong.empty();
    }
    long unit = m.group(2) == null ? 1 : MEMORY_UNITS.get(m.group(2));
    return positive(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
  }

  /**
   * Billionths of a CPU in a CPU quantity ({@code 2}, {@code 0.5}, {@code 500m}); empty when
   * malformed.
   */
  static OptionalLong nanoCpus(String quantity) {
    Matcher m = CPU.matcher(quantity.trim());
    if (!m.matches()) {
      return OptionalLong.empty();
    }
    long unit = m.group(2) == null ? 1_000_000_000L : 1_000_000L;
    return positive(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
  }

  private static OptionalLong positive(BigDecimal amount) {
    if (amount.signum() <= 0) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(amount.setScale(0, RoundingMode.CEILING).longValueExact());
    } catch (ArithmeticException tooLarge) {
      return OptionalLong.empty();
    }
  }
}
