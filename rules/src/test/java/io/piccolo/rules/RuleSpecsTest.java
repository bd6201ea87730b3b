package io.piccolo.rules;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.text.TextFiles;
import io.piccolo.engine.sandbox.SandboxPolicy;
import io.piccolo.simulator.spec.SpecCase;
import io.piccolo.simulator.spec.SpecFile;
import io.piccolo.simulator.spec.SpecRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every spec under {@code rules/} runs as a test: a rule author who breaks a rule breaks the build.
 */
class RuleSpecsTest {
  private static final Path RULES = Path.of("").toAbsolutePath();
  private final SpecRunner runner =
      new SpecRunner(TextFiles.DEFAULT_MAX_BYTES, SandboxPolicy.defaults());

  @TestFactory
  Stream<DynamicTest> everySpecPasses() throws Exception {
    List<Path> files = SpecFile.find(List.of(RULES));
    assertFalse(files.isEmpty(), "no *.spec.yaml under " + RULES);
    List<DynamicTest> tests = new ArrayList<>();
    for (Path file : files) {
      for (SpecCase c : SpecFile.read(file, TextFiles.DEFAULT_MAX_BYTES)) {
        tests.add(
            DynamicTest.dynamicTest(
                RULES.relativize(file) + ": " + c.name(),
                () -> {
                  assertNull(c.error(), c.error());
                  SpecRunner.Outcome outcome = runner.run(c.spec());
                  assertTrue(outcome.passed(), () -> String.join("\n", outcome.failures()));
                }));
      }
    }
    return tests.stream();
  }
}
