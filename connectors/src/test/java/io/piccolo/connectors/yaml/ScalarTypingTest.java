package io.piccolo.connectors.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScalarTypingTest {
  private static Object valueOf(String yamlValue) throws YamlException {
    Node.MapNode root = (Node.MapNode) YamlDocuments.parse("k: " + yamlValue + "\n").get(0).root();
    return ((Node.Scalar) root.get("k")).value();
  }

  @ParameterizedTest(name = "{0} stays the text written")
  @CsvSource({
    "OFF",
    "off",
    "NO",
    "no",
    "yes",
    "on",
    "Y",
    "0x10",
    "0o17",
    "0b101",
    "1_000",
    "1:20",
    ".inf",
    "-.inf",
    ".nan",
    "nULL",
    "2024-01-01",
    "12345678901234567890",
    "1e999"
  })
  void yaml11WordsAndNumberFormsAreText(String written) throws YamlException {
    assertEquals(written, valueOf(written));
  }

  @ParameterizedTest(name = "{0} reads as {1}")
  @CsvSource({
    "true, true",
    "True, true",
    "TRUE, true",
    "tRuE, true",
    "false, false",
    "FaLsE, false"
  })
  void onlyTrueAndFalseInAnyCaseAreBooleans(String written, boolean expected) throws YamlException {
    assertEquals(expected, valueOf(written));
  }

  @Test
  void plainDecimalsAreNumbersAndWholeOnesStayWhole() throws YamlException {
    assertEquals(5L, valueOf("5"));
    assertEquals(5L, valueOf("+5"));
    assertEquals(-12L, valueOf("-12"));
    assertEquals(17L, valueOf("017"), "a leading zero is decimal, not YAML 1.1's octal");
    assertEquals(-0.5, valueOf("-0.5"));
    assertEquals(0.5, valueOf(".5"));
    assertEquals(5.0, valueOf("5."));
    assertEquals(400.0, valueOf("4e2"));
    assertEquals(1500.0, valueOf("1.5E3"));
  }

  @Test
  void quotedScalarsAreAlwaysText() throws YamlException {
    assertEquals("5", valueOf("\"5\""));
    assertEquals("true", valueOf("'true'"));
    assertEquals("tRuE", valueOf("\"tRuE\""));
    assertEquals("OFF", valueOf("'OFF'"));
    assertEquals("false", valueOf("|-\n  false"));
    assertEquals("tRuE", valueOf("!!str tRuE"));
  }

  @Test
  void nullStaysNull() throws YamlException {
    assertEquals(null, valueOf(""));
    assertEquals(null, valueOf("~"));
    assertEquals(null, valueOf("null"));
    assertEquals(null, valueOf("NULL"));
  }

  @Test
  void aMixedCaseBooleanAfterWideCharactersIsStillFound() throws YamlException {
    Node.MapNode root =
        (Node.MapNode)
            YamlDocuments.parse("a: \"\uD83D\uDE97\uD83D\uDE97\"\nk: tRUE\n").get(0).root();
    assertEquals(true, ((Node.Scalar) root.get("k")).value());
    assertEquals(2, root.get("k").line());
    assertEquals(4, root.get("k").column());
  }
}
