package io.piccolo.engine.rulebase;

import io.piccolo.engine.sandbox.RuleSandbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.drools.base.rule.LineMappings;
import org.drools.compiler.builder.impl.KnowledgeBuilderImpl;
import org.drools.compiler.compiler.PackageRegistry;
import org.drools.compiler.compiler.RuleBuildError;
import org.drools.drl.ast.descr.RuleDescr;
import org.kie.internal.jci.CompilationProblem;

/**
 * Drools reports a Java error in a {@code then} block at the rule's first line; this finds the line
 * it is on, through the line mappings of the rule's generated class, and its first code column
 * there. One problem per compiler message.
 */
final class ConsequenceErrors {
  private ConsequenceErrors() {}

  /**
   * @param texts each file's text by its name
   * @return the problems at their own lines, or empty when {@code error} is not such an error
   */
  static List<Problem> locate(
      KnowledgeBuilderImpl builder, RuleBuildError error, String file, Map<String, String> texts) {
    String text = texts.get(file);
    if (text == null
        || !(error.getDescr() instanceof RuleDescr rule)
        || !(error.getObject() instanceof CompilationProblem[] compiled)
        || rule.getConsequenceLine() <= 0) {
      return List.of();
    }
    String[] lines = text.split("\n", -1);
    List<Problem> found = new ArrayList<>();
    for (CompilationProblem p : compiled) {
      if (!p.isError()) {
        continue;
      }
      LineMappings mappings = mappings(builder, p.getFileName());
      int line =
          mappings == null
              ? 0
              : RuleSandbox.consequenceFileLine(text, rule, mappings, p.getStartLine());
      if (line <= 0 || line > lines.length) {
        return List.of(); // not placed with certainty: Drools' own position stands
      }
      found.add(
          Problem.error(
              file,
              line,
              firstCode(lines[line - 1]),
              "rule '"
                  + rule.getName()
                  + "': "
                  + DroolsMessages.tidy(p.getMessage())
                  + " (in its then block)"));
    }
    return found;
  }

  /** {@code p/Rule_x123.java} names the class {@code p.Rule_x123}. */
  private static LineMappings mappings(KnowledgeBuilderImpl builder, String sourceFile) {
    if (sourceFile == null || !sourceFile.endsWith(".java")) {
      return null;
    }
    String className = sourceFile.substring(0, sourceFile.length() - 5).replace('/', '.');
    int dot = className.lastIndexOf('.');
    PackageRegistry registry =
        builder.getPackageRegistry(dot < 0 ? "" : className.substring(0, dot));
    return registry == null
        ? null
        : registry.getDialectRuntimeRegistry().getLineMappings(className);
  }

  private static int firstCode(String line) {
    int i = 0;
    while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
      i++;
    }
    return i + 1;
  }
}
