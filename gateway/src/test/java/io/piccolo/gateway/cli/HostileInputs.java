package io.piccolo.gateway.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Malformed and hostile inputs made by mutating real ones: the example rules, traces and specs in
 * {@code rules/}, Pullpiri's examples when the shared data is present, and a few known-hostile
 * rules. One input is a function of one seed, so a failing input is made again from its seed.
 */
final class HostileInputs {
  enum Kind {
    DRL,
    ARTIFACT,
    TRACE,
    SPEC
  }

  /** One input: its kind, its seed, the text written (possibly not UTF-8) and its file name. */
  record Input(Kind kind, long seed, String fileName, byte[] bytes, String source) {}

  private static final List<String> COMMON =
      List.of(
          "(",
          ")",
          "[",
          "]",
          "{",
          "}",
          "\"",
          "'",
          ";",
          ":",
          ",",
          "\n",
          "\t",
          "\r",
          "\u0000",
          "\uFEFF",
          "é",
          "\uD83D\uDCA5",
          "-",
          "#",
          "\\",
          "null",
          "true",
          "0",
          "-1",
          "1e400",
          "3000000000",
          "9223372036854775808",
          "NaN",
          "Infinity",
          "1e-400");

  private static final List<String> DRL =
      List.of(
          "end",
          "when",
          "then",
          "rule \"x\"",
          "not ",
          "exists ",
          "eval(1/0 == 1)",
          "timer (int: 0s -1s)",
          "timer (int: 0s 0s)",
          "timer (int: -5s 1s)",
          "timer (int: 99999999999999d 1s)",
          "timer (cron: * * * * * ?)",
          "timer (expr: 1/0)",
          " over window:length(3000000000)",
          " over window:length(0)",
          " over window:time(99999999999999d)",
          "global java.util.List actions;",
          "global java.util.List results;",
          "salience 99999999999",
          "salience (1/0)",
          "modify($x){}",
          "insert(null);",
          "delete(null);",
          "import java.io.File;",
          "Runtime.getRuntime()",
          "declare X end",
          "declare Y @role(event) end",
          "query q() end",
          "function void f() {}",
          "accumulate(",
          " from ",
          "dialect \"mvel\"",
          "@role(event)",
          "$x : ",
          "duration(1s)",
          "no-loop",
          "agenda-group \"x\"",
          "enabled false",
          "Signal(",
          "SignalEvent(",
          "ActionRequest(",
          "number",
          "text",
          "path == ",
          "actions.launch(null);",
          "actions.request(null, null, null);",
          "$r.deny(null);",
          "$r.allow();",
          "this after[1s] ",
          "package ",
          "package a.b;",
          "extends \"x\"",
          "lock-on-active",
          "date-effective \"1-Jan-3000\"");

  private static final List<String> YAML =
      List.of(
          "kind: Scenario",
          "kind: Package",
          "kind: Model",
          "kind: Policy",
          "metadata:",
          "name: ",
          "spec:",
          "when:",
          "all:",
          "any:",
          "not:",
          "for: 1e400s",
          "for: -1s",
          "for: 99999999999999999h",
          "cooldown: 99999999999h",
          "cooldown: 0ms",
          "op: eq",
          "op: gt",
          "value: ",
          "signal: ",
          "---",
          "- ",
          ": ",
          "? ",
          "|",
          ">",
          "%YAML 1.1",
          "<<: *a",
          "&a ",
          "*a",
          "!!binary ",
          "!!java.io.File ",
          "trigger: level",
          "action: launch",
          "action: rollback",
          "target: ",
          "condition: ",
          "express: eq",
          "operands:",
          "params: {",
          "models:",
          "containers:",
          "image: ",
          "node: ",
          "apiVersion: v1",
          "~",
          "{}",
          "[]",
          ".inf",
          "0x7fffffff");

  private static final List<String> TRACE =
      List.of(
          "time,path,value\n",
          "{\"time\": ",
          "\"path\": \"Vehicle.Speed\"",
          "\"value\": ",
          "}\n",
          "{\"time\": 1e400, \"path\": \"A\", \"value\": 1}\n",
          "1e400,Vehicle.Speed,1\n",
          "-1,Vehicle.Speed,1\n",
          "NaN,Vehicle.Speed,1\n",
          "1000000000,Vehicle.Speed,1\n",
          "0.0001,Vehicle.Speed,1\n",
          ",,\n",
          "\"a,b\"",
          "{\"time\": 1, \"path\": \"A\", \"value\": [[[[[[]]]]]]}\n",
          "{\"time\": 1, \"path\": \"A\", \"value\": {\"a\": 1}}\n");

  private static final List<String> SPEC =
      List.of(
          "expect:",
          "expect: []",
          "never_fired:",
          "never_fired: [x]",
          "until: 1e400",
          "until: -1",
          "until: 1000000000",
          "trace: ../../etc/passwd",
          "trace: /dev/zero",
          "trace: |\n  time,path,value\n  1e400,A,1\n",
          "rules: [/nonexistent]",
          "rules: [.]",
          "rules: []",
          "default_decision: maybe",
          "time: 1e400",
          "time: -1",
          "decision: maybe",
          "name: ",
          "- {time: 1e400}",
          "---\n",
          "scenario: ",
          "reason: ");

  private static final List<String> HOSTILE_DRL =
      List.of(
          "package p;\nrule \"deep\"\nwhen\n    Signal(path == \"Vehicle.Speed\", "
              + "(".repeat(500)
              + "number > 1"
              + ")".repeat(500)
              + ")\nthen\n    insert(\"x\");\nend\n",
          "package p;\nrule \"t\"\n    timer (int: 0s 1s)\nwhen\n"
              + "    Signal(path == \"Vehicle.Speed\", number > 1)\nthen\n    insert(\"x\");\nend\n",
          "package p;\nrule \"e\"\nwhen\n    $s : Signal(path == \"Vehicle.Speed\")\n"
              + "    eval($s.getNumber() > 1)\nthen\n    actions.launch(\"x\");\nend\n",
          "package p;\ndeclare Seen path : String end\nrule \"s\"\nwhen\n"
              + "    SignalEvent($p : path) over window:length(3)\nthen\n"
              + "    insert(new Seen($p));\nend\n");

  private final Path repo;
  private final List<String> drl = new ArrayList<>();
  private final List<String> artifacts = new ArrayList<>();
  private final List<String> traces = new ArrayList<>();
  private final List<SpecSeed> specs = new ArrayList<>();

  /** A spec and the folder of rules/ it was written in, which its relative paths depend on. */
  record SpecSeed(String folder, String text) {}

  HostileInputs(Path repo, Path pullpiriExamples) {
    this.repo = repo;
    try (Stream<Path> files = Files.walk(repo.resolve("rules"))) {
      for (Path f : files.sorted().filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        if (f.toString().contains("/target/") || f.toString().contains("/src/")) {
          continue;
        }
        String text = Files.readString(f);
        if (name.endsWith(".drl")) {
          drl.add(text);
        } else if (name.endsWith(".spec.yaml")) {
          specs.add(new SpecSeed(repo.resolve("rules").relativize(f.getParent()).toString(), text));
        } else if (name.endsWith(".yaml")) {
          artifacts.add(text);
        } else if (name.endsWith(".csv")) {
          traces.add(text);
        }
      }
      if (pullpiriExamples != null && Files.isDirectory(pullpiriExamples)) {
        try (Stream<Path> examples = Files.list(pullpiriExamples)) {
          for (Path f : examples.sorted().toList()) {
            if (f.toString().endsWith(".yaml")) {
              artifacts.add(Files.readString(f));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    drl.addAll(HOSTILE_DRL);
    traces.add("time,path,value\n0,Vehicle.Speed,0\n1,Vehicle.Speed,130\n12,Vehicle.Speed,130\n");
    traces.add(
        "{\"time\": 0, \"path\": \"Vehicle.Speed\", \"value\": 130}\n"
            + "{\"time\": 12.5, \"path\": \"Vehicle.Cabin.Infotainment.Media.Action\","
            + " \"value\": \"PLAY\"}\n");
  }

  Path repo() {
    return repo;
  }

  /** The input of one seed: its kind, then a real input of that kind, mutated one to four times. */
  Input make(long seed) {
    Random random = new Random(seed);
    Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
    String source;
    List<String> tokens;
    String fileName;
    switch (kind) {
      case DRL -> {
        source = pick(random, drl);
        tokens = DRL;
        fileName = "fuzz.drl";
      }
      case ARTIFACT -> {
        source = pick(random, artifacts);
        tokens = YAML;
        fileName = "fuzz.yaml";
      }
      case TRACE -> {
        source = pick(random, traces);
        tokens = TRACE;
        fileName = source.startsWith("{") ? "fuzz.jsonl" : "fuzz.csv";
      }
      default -> {
        SpecSeed spec = specs.get(random.nextInt(specs.size()));
        source = spec.folder() + "\n" + spec.text();
        tokens = SPEC;
        fileName = "fuzz.spec.yaml";
      }
    }
    String folder = "";
    String text = source;
    if (kind == Kind.SPEC) {
      folder = source.substring(0, source.indexOf('\n'));
      text = source.substring(source.indexOf('\n') + 1);
    }
    int mutations = 1 + random.nextInt(4);
    for (int i = 0; i < mutations; i++) {
      text = mutate(random, text, tokens);
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (random.nextInt(20) == 0 && bytes.length > 0) {
      bytes[random.nextInt(bytes.length)] = (byte) (0x80 + random.nextInt(0x80)); // not UTF-8
    }
    return new Input(kind, seed, fileName, bytes, folder);
  }

  private static String mutate(Random random, String text, List<String> tokens) {
    int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
    int span = Math.min(text.length() - at, 1 + random.nextInt(24));
    return switch (random.nextInt(9)) {
      case 0 -> text.substring(0, at) + text.substring(at + span);
      case 1 -> text.substring(0, at + span) + text.substring(at, at + span) + text.substring(at);
      case 2, 3 -> text.substring(0, at) + pick(random, tokens) + text.substring(at);
      case 4 -> text.substring(0, at) + pick(random, COMMON) + text.substring(at);
      case 5 -> swapLines(random, text);
      case 6 -> text.substring(0, at);
      case 7 -> extremeNumber(random, text);
      default -> text.substring(0, at) + longRun(random, tokens) + text.substring(at);
    };
  }

  private static String swapLines(Random random, String text) {
    String[] lines = text.split("\n", -1);
    if (lines.length < 2) {
      return text;
    }
    int a = random.nextInt(lines.length);
    lines[a] = lines[random.nextInt(lines.length)];
    return String.join("\n", lines);
  }

  private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");

  private static String extremeNumber(Random random, String text) {
    List<int[]> spans = new ArrayList<>();
    Matcher m = NUMBER.matcher(text);
    while (m.find()) {
      spans.add(new int[] {m.start(), m.end()});
    }
    if (spans.isEmpty()) {
      return text;
    }
    int[] span = spans.get(random.nextInt(spans.size()));
    String[] extremes = {
      "0",
      "-1",
      "-0",
      "3000000000",
      "9223372036854775808",
      "1e400",
      "1e-400",
      "NaN",
      "999999999999999999999",
      "0.0001",
      "1000000001"
    };
    return text.substring(0, span[0])
        + extremes[random.nextInt(extremes.length)]
        + text.substring(span[1]);
  }

  /** A token repeated hundreds to tens of thousands of times: nesting, long names, long lines. */
  private static String longRun(Random random, List<String> tokens) {
    String[] units = {"(", "[", "{", "a", "é", "{all: [", "- ", " ", pick(random, tokens)};
    String unit = units[random.nextInt(units.length)];
    int times = new int[] {100, 600, 5_000, 70_000}[random.nextInt(4)];
    return unit.repeat(Math.max(1, Math.min(times, 200_000 / Math.max(1, unit.length()))));
  }

  private static String pick(Random random, List<String> from) {
    return from.get(random.nextInt(from.size()));
  }
}
