package io.piccolo.engine.fact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SignalValuesTest {
  @Test
  void theQuickDecimalPathReadsEveryShortDecimalExactlyAsParseDoubleDoes() {
    Random random = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      long digits = random.nextLong() % 1_000_000_000_000_000L;
      int scale = random.nextInt(16);
      String text = new BigDecimal(java.math.BigInteger.valueOf(digits), scale).toPlainString();
      if (text.replace("-", "").replace(".", "").length() > 15) {
        continue;
      }
      assertEquals(
          Double.doubleToLongBits(Double.parseDouble(text)),
          Double.doubleToLongBits(SignalValues.parseNumber(text)),
          text);
    }
  }

  @Test
  void numbersAreOnlyPlainDecimals() {
    for (String text : new String[] {"0", "-0", "+3", "5.", ".5", "-12.375", "1e3", "2.5E-2"}) {
      assertEquals(Double.parseDouble(text), SignalValues.parseNumber(text), text);
    }
    for (String text : new String[] {"", ".", "-", "4D", "4f", "NaN", "Infinity", "0x10", "1e"}) {
      assertTrue(Double.isNaN(SignalValues.parseNumber(text)), text);
    }
  }
}
