package io.piccolo.connectors.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.engine.rulebase.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files are read on all cores; what comes out must be what reading them one by one gives. */
class RuleSetTest {
  @TempDir Path folder;

  @Test
  void aFolderReadsAsItsFilesOneByOneInNameOrder() throws IOException {
    List<Path> files = new ArrayList<>();
    for (int f = 0; f < 40; f++) {
      files.add(write(String.format("scenarios-%02d.yaml", f), scenarios(f, 25, f % 7 == 3)));
    }
    Files.writeString(folder.resolve("broken.yaml"), "kind: Scenario\nmetadata: {name: [x\n");
    files.add(0, folder.resolve("broken.yaml"));

    RuleSet whole = RuleSet.load(List.of(folder));

    List<String> scenarios = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (Path file : files) {
      RuleSet one = RuleSet.load(List.of(file));
      one.scenarios().forEach(s -> scenarios.add(s.name() + "@" + s.origin()));
      problems.addAll(one.problems());
      notes.addAll(one.notes());
    }
    assertEquals(
        scenarios, whole.scenarios().stream().map(s -> s.name() + "@" + s.origin()).toList());
    assertEquals(problems, whole.problems());
    assertEquals(notes, whole.notes());
    assertEquals(files, whole.files());
    assertEquals(40 * 25 - 6, whole.scenarios().size()); // six files lose one scenario each
    assertTrue(
        whole.problems().get(0).message().startsWith("invalid YAML"), whole.problems()::toString);
  }

  @Test
  void problemsOfListingStayBetweenTheFilesNamedAroundThem() throws IOException {
    Path first = write("a.yaml", scenarios(0, 2, true));
    Path missing = folder.resolve("missing.yaml");
    Path notRules = write("notes.txt", "hello");
    Path last = write("z.yaml", scenarios(1, 2, true));

    RuleSet set = RuleSet.load(List.of(first, missing, notRules, last, first));

    List<String> where = set.problems().stream().map(p -> p.file() + ": " + p.message()).toList();
    assertEquals(4, where.size(), where::toString);
    assertTrue(where.get(0).startsWith(first + ": "), where::toString);
    assertEquals(missing + ": no such file or folder", where.get(1));
    assertEquals(notRules + ": not a rule file (expected .drl, .yaml or .yml)", where.get(2));
    assertTrue(where.get(3).startsWith(last + ": "), where::toString);
    assertEquals(List.of(first, last), set.files()); // the file named twice is read once
  }

  private Path write(String name, String text) throws IOException {
    Path file = folder.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  /** {@code n} scenarios of file {@code f}; with {@code faulty}, the second has an unknown op. */
  private static String scenarios(int f, int n, boolean faulty) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < n; i++) {
      String op = faulty && i == 1 ? "bigger" : i % 2 == 0 ? "gt" : "lt";
      text.append(i == 0 ? "" : "---\n")
          .append("kind: Scenario\nmetadata: {name: s-")
          .append(f)
          .append('-')
          .append(i)
          .append("}\nspec:\n  when: {signal: Vehicle.Speed, op: ")
          .append(op)
          .append(", value: ")
          .append(i)
          .append("}\n  action: update\n  target: t\n");
    }
    return text.toString();
  }
}
