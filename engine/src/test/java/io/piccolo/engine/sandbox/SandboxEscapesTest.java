package io.piccolo.engine.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.engine.Evaluator;
import io.piccolo.engine.EvaluatorOptions;
import io.piccolo.engine.rulebase.Problem;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleBaseException;
import io.piccolo.engine.rulebase.RuleSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way out of a rule file is refused at its file:line:column, and nothing of it runs. */
class SandboxEscapesTest {
  @TempDir Path dir;

  private String marker() {
    return dir.resolve("marker").toString();
  }

  /** Builds the rule, and if it did build, runs it over a sample; returns the refusals. */
  private String refusal(String drl) {
    String text = drl.replace("MARKER", marker());
    RuleBaseException e =
        assertThrows(
            RuleBaseException.class,
            () -> {
              RuleBase rb = new RuleBaseBuilder().addDrl(new RuleSource("x.drl", text)).build();
              try (Evaluator ev = new Evaluator(rb, EvaluatorOptions.simulation())) {
                ev.apply("Vehicle.Speed", 1.0);
                ev.evaluate();
              }
            });
    assertFalse(Files.exists(dir.resolve("marker")), "the escape ran");
    StringBuilder all = new StringBuilder();
    for (Problem p : e.problems()) {
      assertEquals("x.drl", p.file());
      all.append(p.line()).append(':').append(p.column()).append(": ").append(p.message());
      all.append('\n');
    }
    return "\n" + all;
  }

  private static String rule(String lhs, String rhs) {
    return "package x;\nrule \"r\"\nwhen\n  " + lhs + "\nthen\n  " + rhs + "\nend\n";
  }

  @Test
  void aDirectCallIsRefusedInTheConsequence() {
    assertTrue(
        refusal(rule("Signal()", "Runtime.getRuntime().exec(\"touch MARKER\");"))
            .contains("\n" + "6:11: 'java.lang.Runtime.getRuntime' is not allowed"));
  }

  @Test
  void aFullyQualifiedNameIsRefused() {
    assertTrue(
        refusal(rule("Signal()", "new java.io.File(\"MARKER\").createNewFile();"))
            .contains("\n" + "6:15: 'new java.io.File' is not allowed"));
  }

  @Test
  void getClassIsRefusedOnAnyValue() {
    assertTrue(
        refusal(rule("Signal()", "Object c = \"\".getClass();"))
            .contains("\n" + "6:17: 'java.lang.Object.getClass' is reflection"));
  }

  @Test
  void aStringBuiltClassNameIsRefused() {
    assertTrue(
        refusal(rule("Signal()", "Object c = Class.forName(\"java.lang.\" + \"Runtime\");"))
            .contains("\n" + "6:20: 'java.lang.Class.forName' is reflection"));
  }

  @Test
  void theKieRuntimeBehindDroolsIsRefused() {
    assertTrue(
        refusal(rule("Signal()", "drools.getKieRuntime().halt();"))
            .contains("\n" + "6:10: 'drools.getKieRuntime' is not allowed"));
  }

  @Test
  void anEvalIsRefused() {
    assertTrue(
        refusal(rule("Signal()\n  eval(new java.io.File(\"MARKER\").createNewFile())", ""))
            .contains("\n" + "5:20: 'new java.io.File' is not allowed"));
  }

  @Test
  void aSalienceExpressionIsRefused() {
    String drl =
        "package x;\nrule \"r\"\n  salience (Runtime.getRuntime().availableProcessors())\nwhen\n"
            + "  Signal()\nthen\nend\n";
    assertTrue(refusal(drl).contains("\n" + "3:21: 'java.lang.Runtime.getRuntime' is not allowed"));
  }

  @Test
  void aFunctionIsRefused() {
    String drl =
        "package x;\nfunction void leave() {\n  System.exit(42);\n}\n"
            + rule("Signal()", "leave();").substring("package x;\n".length());
    assertTrue(refusal(drl).contains("\n" + "3:10: 'java.lang.System.exit' is not allowed"));
  }

  @Test
  void theMvelDialectIsRefused() {
    String drl =
        "package x;\nrule \"r\" dialect \"mvel\"\nwhen Signal()\nthen System.exit(42);\nend\n";
    assertTrue(refusal(drl).contains("\n" + "2:10: the MVEL dialect cannot be checked"));
  }

  @Test
  void aFromExpressionIsRefused() {
    assertTrue(
        refusal(rule("$p : Object() from new java.io.File(\"MARKER\").createNewFile()", ""))
            .contains("\n" + "4:34: 'new java.io.File' is not allowed"));
  }

  @Test
  void aConstraintIsRefused() {
    assertTrue(
        refusal(rule("Signal(text != java.lang.System.getProperty(\"user.home\"))", ""))
            .contains("\n" + "4:35: 'java.lang.System.getProperty' is not allowed"));
  }

  @Test
  void aStaticImportIsRefused() {
    String drl =
        "package x;\nimport function java.lang.System.exit;\n"
            + rule("Signal()", "exit(42);").substring(11);
    assertTrue(refusal(drl).contains("\n" + "2:34: 'java.lang.System.exit' is not allowed"));
  }

  @Test
  void theWallClockIsRefused() {
    assertTrue(
        refusal(rule("Signal()", "long t = java.time.Instant.now().toEpochMilli();"))
            .contains("\n" + "6:30: 'java.time.Instant.now' reads the wall clock"));
  }

  @Test
  void aMethodReferenceIsRefused() {
    assertTrue(
        refusal(rule("Signal()", "java.util.function.Supplier<Runtime> s = Runtime::getRuntime;"))
            .contains("'java.lang.Runtime.getRuntime' is not allowed"));
  }

  @Test
  void anAnonymousThreadIsRefused() {
    assertTrue(
        refusal(rule("Signal()", "new Thread() { public void run() { } }.start();"))
            .contains("\n" + "6:7: 'java.lang.Thread' is not allowed"));
  }

  @Test
  void codeOutsideTheConsequenceMethodIsRefused() {
    String drl =
        "package x;\nrule \"r\"\nwhen Signal()\nthen\n  int a = 1;\n}\n"
            + "static { try { new java.io.File(\"MARKER\").createNewFile(); } catch (Exception e) {} }\n"
            + "static void more() {\nend\n";
    assertTrue(refusal(drl).contains("'new java.io.File' is not allowed"));
  }

  @Test
  void ruleMetadataIsRefusedBeforeDroolsEvaluatesIt() {
    String drl =
        "package x;\nrule \"r\"\n@pwn( new java.io.File(\"MARKER\").createNewFile() )\n"
            + "when\n  Signal()\nthen\nend\n";
    assertTrue(refusal(drl).contains("\n3:1: metadata @pwn must be a literal"));
  }

  @Test
  void queryMetadataIsRefused() {
    String drl = "package x;\nquery \"q\"\n  @pwn( java.lang.System.exit(42) )\n  Signal()\nend\n";
    assertTrue(refusal(drl).contains("\n3:3: metadata @pwn must be a literal"));
  }

  @Test
  void literalMetadataStillBuilds() throws Exception {
    String drl =
        """
        package ok;
        declare Reading
            @role(event)
            @timestamp(at)
            @expires(10m)
            at : long @key
            kind : String
        end
        rule "tagged" @author("fleet team") @priority(2) @enabledFor(EU, US) @weight(-1.5)
        when
            Reading(kind == "speed")
        then
        end
        """;
    RuleBase rb = new RuleBaseBuilder().addDrl(new RuleSource("ok.drl", drl)).build();
    assertEquals(List.of("tagged"), rb.drlRules());
  }

  @Test
  void aDeclaredTypeNamedSystemIsSystemInAConstraint() {
    String drl =
        "package x;\ndeclare System end\n"
            + rule("Signal(System.exit(43) == null)", "").substring("package x;\n".length());
    String refusals = refusal(drl);
    assertTrue(refusals.contains("\n2:9: 'declare System' does not define a new type"));
    assertTrue(refusals.contains("\n5:17: 'java.lang.System.exit' is not allowed"));
  }

  @Test
  void aDeclaredTypeNamedAfterAnImportIsThatClassInFrom() {
    String drl =
        "package x;\nimport java.nio.file.Files;\nimport java.nio.file.Path;\n"
            + "declare Files end\ndeclare Path end\n"
            + rule("Object() from Files.writeString(Path.of(\"MARKER\"), \"x\")", "")
                .substring("package x;\n".length());
    String refusals = refusal(drl);
    assertTrue(refusals.contains("\n4:9: 'declare Files' does not define a new type"));
    assertTrue(refusals.contains("\n8:23: 'java.nio.file.Files.writeString' is not allowed"));
    assertTrue(refusals.contains("\n8:40: 'java.nio.file.Path.of' is not allowed"));
  }

  @Test
  void aDeclaredTypeNamedAfterAJavaLangClassIsThatClassInSalience() {
    String drl =
        "package x;\ndeclare Runtime end\nrule \"r\"\n  salience (Runtime.getRuntime().hashCode())\n"
            + "when\n  Signal()\nthen\nend\n";
    assertTrue(refusal(drl).contains("\n4:21: 'java.lang.Runtime.getRuntime' is not allowed"));
  }

  @Test
  void aNamedWindowPatternIsChecked() {
    String drl =
        "package x;\ndeclare window Win\n"
            + "  SignalEvent(java.lang.System.exit(49) == null) over window:length(2)\nend\n"
            + rule("Number() from accumulate(SignalEvent() from window Win, count(1))", "")
                .substring("package x;\n".length());
    assertTrue(refusal(drl).contains("\n3:32: 'java.lang.System.exit' is not allowed"));
  }

  @Test
  void patternsInsideForallAndNotAreChecked() {
    String drl =
        rule(
            "forall(Signal(java.lang.System.exit(1) == null))\n"
                + "  not(Signal(java.lang.System.getenv(\"HOME\") != null))",
            "");
    String refusals = refusal(drl);
    assertTrue(refusals.contains("\n4:34: 'java.lang.System.exit' is not allowed"));
    assertTrue(refusals.contains("\n5:31: 'java.lang.System.getenv' is not allowed"));
  }

  @Test
  void systemPropertiesAndStackTracesAreRefused() {
    String refusals =
        refusal(
            rule(
                "Signal()",
                "new RuntimeException(\"\" + Integer.getInteger(\"a\") + Long.getLong(\"b\")"
                    + " + Boolean.getBoolean(\"c\")).printStackTrace();"));
    assertTrue(refusals.contains("\n6:37: 'java.lang.Integer.getInteger' reads a system"));
    assertTrue(refusals.contains("\n6:60: 'java.lang.Long.getLong' reads a system"));
    assertTrue(refusals.contains("\n6:83: 'java.lang.Boolean.getBoolean' reads a system"));
    assertTrue(refusals.contains("\n6:100: 'java.lang.RuntimeException.printStackTrace' writes"));
  }

  @Test
  void printStackTraceIsRefusedInAConstraint() {
    assertTrue(
        refusal(rule("Signal(text.length() > 0 || new RuntimeException().printStackTrace())", ""))
            .contains("\n4:54: 'java.lang.Object.printStackTrace' writes to the process's output"));
  }

  @Test
  void eachUseIsReportedOnItsOwnLineNotInAComment() {
    String drl =
        rule(
            "$s : Signal()",
            "// getClass is mentioned here first\n"
                + "  String a = \"getClass\";\n"
                + "  Object o = a.getClass(); Object b = \"/* getClass */\".getClass();\n"
                + "\n"
                + "  Object q = $s.getClass();");
    String refusals = refusal(drl);
    assertTrue(refusals.startsWith("\n8:16: 'java.lang.Object.getClass' is reflection"), refusals);
    assertTrue(refusals.contains("\n8:56: 'java.lang.Object.getClass' is reflection"), refusals);
    assertTrue(refusals.contains("\n10:17: 'java.lang.Object.getClass' is reflection"), refusals);
    assertEquals(4, refusals.split("\n").length, refusals);
  }

  @Test
  void aUnicodeEscapeOutsideAStringIsRefusedWhereItStands() {
    assertTrue(
        refusal(rule("Signal()", "String ok = \"\\u00b0C\"; \\u0053ystem.exit(47);"))
            .contains("\n6:26: a \\u escape outside a string literal is not allowed"));
  }

  @Test
  void everyPatternIsCheckedWhereverItAppears() {
    String drl =
        """
        package x;
        query q(String x)
            Signal(path == x, java.lang.System.getProperty("a") == null)
        end
        rule "r"
        when
            Signal(java.lang.System.getProperty("b") == null) from entry-point "other"
            exists(Signal(java.lang.System.getProperty("c") == null))
            (Signal(java.lang.System.getProperty("d") == null) or Signal(java.lang.System.getProperty("e") == null))
            $l : java.util.List() from collect(Signal(java.lang.System.getProperty("f") == null))
            $n : Number() from accumulate(Signal(java.lang.System.getProperty("g") == null) from java.util.List.of(java.lang.System.getProperty("h")), count(1))
            forall(Signal(java.lang.System.getProperty("i") == null))
            not(exists(Signal(java.lang.System.getProperty("j") == null)))
            accumulate(Signal($v : number, java.lang.System.getProperty("k") == null); $s : sum($v), $m : max(java.lang.System.getProperty("l").length()))
            $x : String() from java.lang.System.getProperty("m")
        then
        end
        """;
    List<String> at = new java.util.ArrayList<>();
    for (String line : refusal(drl).strip().split("\n")) {
      assertTrue(
          line.endsWith(
              ": 'java.lang.System.getProperty' is not allowed in rules; " + Messages.ALLOWED),
          line);
      at.add(line.substring(0, line.indexOf(": ")));
    }
    assertEquals(
        List.of(
            "3:40", "7:29", "8:36", "9:30", "9:83", "10:64", "11:59", "11:125", "12:36", "13:40",
            "14:53", "14:120", "15:41"),
        at);
  }

  @Test
  void formattingWithTheMachinesLocaleIsRefused() {
    String refusals =
        refusal(
            rule("Signal(path.toUpperCase() == \"X\", String.format(\"%s\", path) != null)", ""));
    assertTrue(refusals.contains("\n4:15: 'java.lang.String.toUpperCase' without a Locale"));
    assertTrue(refusals.contains("\n4:44: 'java.lang.String.format' without a Locale"));
    String compiled =
        refusal(
            rule(
                "$s : Signal(String.format(java.util.Locale.ROOT, \"%s\", path) != null)",
                "String a = String.format(\"%.1f\", $s.getNumber()) + \"%s\".formatted(1)"
                    + " + java.time.format.DateTimeFormatter.ofPattern(\"yyyy\");"));
    assertTrue(compiled.contains("\n6:21: 'java.lang.String.format' without a Locale"));
    assertTrue(compiled.contains("\n6:59: 'java.lang.String.formatted' without a Locale"));
    assertTrue(compiled.contains("\n6:109: 'java.time.format.DateTimeFormatter.ofPattern'"));
  }

  @Test
  void whatRulesNeedStillBuilds() throws Exception {
    String drl =
        """
        package ok;
        import java.util.List;
        import java.util.ArrayList;
        declare Count
            n : int
            since : long
        end
        function double half(double x) { return Math.max(x, 0) / 2; }
        rule "counts"
            salience 10
        when
            $c : Count(n < 3, since >= 0)
            $s : Signal(path == "Vehicle.Speed", number > half(2), text != null, $t : time)
            accumulate(SignalEvent(path == "Vehicle.Speed", $v : number); $avg : average($v))
        then
            modify($c) { setN($c.getN() + 1) };
            List<String> names = new ArrayList<>();
            names.add(drools.getRule().getName() + kcontext.getRule().getName());
            names.forEach(n -> names.size());
            String when = java.time.Duration.ofMillis($t).toString() + String.format(java.util.Locale.ROOT, "%.1f", $avg);
            insert(new Count(0, $t));
            actions.request("launch", "t", java.util.Map.of("n", Math.round($avg)));
        end
        """;
    RuleBase rb = new RuleBaseBuilder().addDrl(new RuleSource("ok.drl", drl)).build();
    assertEquals(List.of("counts"), rb.drlRules());
  }

  @Test
  void aDeploymentCanAllowAMember() throws Exception {
    String drl = rule("Signal()", "String id = java.util.UUID.randomUUID().toString();");
    RuleBaseException e =
        assertThrows(
            RuleBaseException.class,
            () -> new RuleBaseBuilder().addDrl(new RuleSource("x.drl", drl)).build());
    assertTrue(e.getMessage().contains("'java.util.UUID.randomUUID' is not allowed"));
    new RuleBaseBuilder()
        .sandbox(
            SandboxPolicy.defaults()
                .allow(List.of("java.util.UUID#randomUUID", "java.util.UUID#toString")))
        .addDrl(new RuleSource("x.drl", drl))
        .build();
  }
}
