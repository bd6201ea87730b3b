package io.piccolo.connectors.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The quick reader must give what the full reader gives, positions and types included, or decline:
 * every text here is read both ways.
 */
class PlainBlockYamlTest {
  private static final List<String> KEYS =
      List.of("kind", "metadata", "name", "spec", "when", "b-c", "x.y", "1", "true", "on", "a/b");

  private static final List<String> VALUES =
      List.of(
          "Scenario",
          "bench-0",
          "49.5",
          "-5",
          "0",
          "-0",
          "0.0",
          "007",
          "1e5",
          "+5",
          ".5",
          "5.",
          "-.5",
          "tRUE",
          "True",
          "false",
          "nULL",
          "null",
          "Null",
          "~",
          "yes",
          "OFF",
          "a:b",
          "a: b",
          "x #c",
          "x#c",
          "12:30",
          "-",
          "- a",
          "--x",
          "{a: 1}",
          "{a: 1, b: x}",
          "{}",
          "{a: {b: 1}}",
          "'q'",
          "\"q\"",
          "&a x",
          "*a",
          "!t x",
          "|",
          ">",
          "[1, 2]",
          "0x10",
          "1_000",
          "Vehicle.Speed",
          "",
          " ",
          "a  ",
          "{a: 1,b: 2}",
          "{a: 1} #c",
          "{a: 1}#c",
          "{ a: 1 }",
          "{a: 1 }",
          "{a:1}",
          "{a: }",
          "{a: x, }",
          "2024-01-01",
          ".inf",
          "99999999999999999999",
          "1.5e3",
          "a{b}",
          "@x",
          "%x",
          "`x`",
          "?x",
          ":x",
          "a,b",
          "{a: null, b: ~}",
          "{a: -5}",
          "{a: 007}",
          "{a: tRUE}");

  @Test
  void randomTextsReadTheSameOrAreDeclined() {
    Random random = new Random(20261202);
    int accepted = 0;
    for (int n = 0; n < 20_000; n++) {
      String text = randomText(random);
      if (check(text)) {
        accepted++;
      }
    }
    assertTrue(accepted > 500, "only " + accepted + " of 20,000 texts taken quickly");
  }

  @Test
  void theRepositorysYamlFilesReadTheSameOrAreDeclined() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    int read = 0;
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file :
          files
              .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
              .filter(f -> !f.toString().contains("/target/") && !f.toString().contains("/.git/"))
              .toList()) {
        check(Files.readString(file));
        read++;
      }
    }
    assertTrue(read > 10, "found only " + read + " YAML files under " + root);
  }

  @Test
  void scenariosOfTheBenchmarksFormAreTakenQuickly() {
    String text =
        """
        # thresholds
        kind: Scenario
        metadata: {name: bench-0}
        spec:
          when: {signal: Vehicle.Bench.Signal0, op: gt, value: 49.5}
          action: update   # the default
          target: bench-target-0
        ---
        kind: Scenario
        metadata:
            name: bench-1
        spec:
          when: {signal: Vehicle.Bench.Signal0, op: lt, value: -149}
          action: update
          target: bench-target-1
        """;
    assertTrue(check(text));
    List<YamlDocuments.Document> docs = PlainBlockYaml.parse(text);
    assertEquals(2, docs.size());
    assertEquals(9, docs.get(1).line());
  }

  @Test
  void textsWithoutContentHoldNoDocuments() {
    assertTrue(check(""));
    assertTrue(check("# only a comment\n\n"));
    assertEquals(List.of(), PlainBlockYaml.parse("# only a comment\n"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a:\n  - 1\n",
        "a: 'x'\n",
        "a: x\n---\n---\nb: y\n",
        "a: x\n---\n",
        "a: x\na: y\n",
        "a:\n",
        "a: x\n  y\n",
        "a: x\r\n",
        "a: \u00e9\n",
        "a:\tx\n",
        "%YAML 1.2\n---\na: x\n"
      })
  void declinesWhatItDoesNotRead(String text) throws Exception {
    assertNull(PlainBlockYaml.parse(text));
    check(text);
  }

  /** Reads both ways; returns whether the quick reader took the text. */
  private static boolean check(String text) {
    List<YamlDocuments.Document> quick = PlainBlockYaml.parse(text);
    if (quick == null) {
      return false;
    }
    List<YamlDocuments.Document> full;
    try {
      full = YamlDocuments.parseFully(text);
    } catch (YamlException e) {
      fail("taken quickly, but the full reader refuses it (" + e.getMessage() + "):\n" + text);
      return false;
    }
    assertNotNull(full);
    assertEquals(dump(full), dump(quick), text);
    return true;
  }

  private static String dump(List<YamlDocuments.Document> docs) {
    StringBuilder out = new StringBuilder();
    for (YamlDocuments.Document doc : docs) {
      out.append("doc ").append(doc.index()).append(" line ").append(doc.line()).append(": ");
      dump(doc.root(), out);
      out.append('\n');
    }
    return out.toString();
  }

  private static void dump(Node node, StringBuilder out) {
    out.append('@').append(node.line()).append(':').append(node.column());
    if (node instanceof Node.MapNode map) {
      out.append('{');
      for (Map.Entry<String, Node> e : map.entries().entrySet()) {
        out.append(e.getKey()).append('=');
        dump(e.getValue(), out);
        out.append(',');
      }
      out.append('}');
    } else if (node instanceof Node.ListNode list) {
      out.append('[');
      list.items().forEach(item -> dump(item, out));
      out.append(']');
    } else {
      Object v = ((Node.Scalar) node).value();
      out.append(v == null ? "null" : v.getClass().getSimpleName() + "(" + v + ")");
    }
  }

  private static String randomText(Random random) {
    StringBuilder text = new StringBuilder();
    int documents = 1 + random.nextInt(3);
    if (random.nextInt(4) == 0) {
      text.append(random.nextBoolean() ? "# header\n---\n" : "---\n");
    }
    for (int d = 0; d < documents; d++) {
      if (d > 0) {
        text.append(random.nextInt(10) == 0 ? "--- \n" : "---\n");
      }
      mapping(random, text, random.nextInt(8) == 0 ? 1 : 0, 0);
    }
    return text.toString();
  }

  private static void mapping(Random random, StringBuilder text, int indent, int depth) {
    int entries = 1 + random.nextInt(4);
    int step = random.nextInt(6) == 0 ? 3 : random.nextBoolean() ? 2 : 4;
    for (int e = 0; e < entries; e++) {
      int shift = random.nextInt(30) == 0 ? 1 : 0; // now and then a misplaced key
      text.append(" ".repeat(indent + shift)).append(pick(random, KEYS)).append(':');
      if (depth < 3 && random.nextInt(4) == 0) {
        text.append(random.nextInt(5) == 0 ? " # nested" : "").append('\n');
        mapping(random, text, indent + step, depth + 1);
      } else {
        text.append(random.nextInt(15) == 0 ? "" : " ").append(pick(random, VALUES));
        text.append(random.nextInt(10) == 0 ? "  # note" : "").append('\n');
      }
      if (random.nextInt(10) == 0) {
        text.append(random.nextBoolean() ? "\n" : " ".repeat(random.nextInt(4)) + "# c\n");
      }
    }
  }

  private static String pick(Random random, List<String> from) {
    return from.get(random.nextInt(from.size()));
  }
}
