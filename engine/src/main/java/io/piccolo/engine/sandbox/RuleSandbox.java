package io.piccolo.engine.sandbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.drools.compiler.builder.impl.KnowledgeBuilderImpl;
import org.drools.compiler.compiler.PackageRegistry;
import org.drools.core.rule.JavaDialectRuntimeData;
import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.ast.descr.TypeDeclarationDescr;

/**
 * Rule files are code: this checks that they use only what the {@link SandboxPolicy} allows, before
 * any of it runs. Each file's source is checked before Drools compiles it ({@link #checkSource}),
 * and the classes compiled from it before they reach a session ({@link #checkCompiled}). Every
 * refusal names the file, line and column and what is allowed instead.
 */
public final class RuleSandbox {
  /** One parsed file: its name, its text (lines as the author sees them) and its syntax tree. */
  public record SourceFile(String file, String text, PackageDescr pkg) {}

  private final SandboxPolicy policy;
  private final List<SourceFile> files;
  private final Set<String> declared = new HashSet<>();
  private final Set<String> functions = new HashSet<>();
  private final Set<String> accessors = new HashSet<>();

  public RuleSandbox(SandboxPolicy policy, List<SourceFile> files) {
    this.policy = policy;
    this.files = List.copyOf(files);
    for (SourceFile f : files) {
      for (TypeDeclarationDescr t : f.pkg().getTypeDeclarations()) {
        declared.add(qualify(f.pkg().getName(), t.getTypeName()));
        for (String field : t.getFields().keySet()) {
          String cap =
              field.isEmpty() ? field : Character.toUpperCase(field.charAt(0)) + field.substring(1);
          accessors.addAll(List.of("get" + cap, "is" + cap, "set" + cap));
        }
      }
      f.pkg().getFunctions().forEach(fn -> functions.add(fn.getName()));
    }
  }

  /**
   * Refusals in the files' source: what Drools would evaluate with MVEL, types, imports, dialects.
   */
  public List<Refusal> checkSource() {
    List<Refusal> refusals = new ArrayList<>();
    for (SourceFile f : files) {
      List<String> imports = new ArrayList<>();
      for (ImportDescr i : f.pkg().getImports()) {
        imports.add(i.getTarget());
      }
      TypeNames types =
          new TypeNames(f.pkg().getName(), imports, declared, RuleSandbox.class.getClassLoader());
      Map<String, String> functionImports = new LinkedHashMap<>();
      ExpressionCheck expressions =
          new ExpressionCheck(policy, types, functions, accessors, functionImports);
      refusals.addAll(
          new SourceCheck(
                  policy, types, expressions, functionImports, new Locator(f.file(), f.text()))
              .check(f.pkg()));
    }
    return refusals;
  }

  /**
   * Refusals in the classes Drools compiled from the files, read before they are loaded into a
   * session.
   */
  public List<Refusal> checkCompiled(KnowledgeBuilderImpl builder) {
    Map<String, CompiledCheck> byPackage = new LinkedHashMap<>();
    for (SourceFile f : files) {
      String pkg = f.pkg().getName();
      CompiledCheck check = byPackage.computeIfAbsent(pkg, p -> new CompiledCheck(policy));
      declared.forEach(check::own);
      Locator source = new Locator(f.file(), f.text());
      for (RuleDescr rule : f.pkg().getRules()) {
        if (rule.getClassName() != null) {
          int end = rule.getEndLine() > 0 ? rule.getEndLine() : Integer.MAX_VALUE;
          int hint = rule.getConsequenceLine() > 0 ? rule.getConsequenceLine() : rule.getLine();
          check.authored(
              qualify(pkg, rule.getClassName()),
              new CompiledCheck.Origin(source, rule.getLine(), end, hint));
        }
      }
      for (FunctionDescr fn : f.pkg().getFunctions()) {
        if (fn.getClassName() != null) {
          check.authored(
              qualify(pkg, fn.getClassName()),
              new CompiledCheck.Origin(source, fn.getLine(), fn.getEndLine(), fn.getLine()));
        }
      }
    }
    List<Refusal> refusals = new ArrayList<>();
    byPackage.forEach(
        (pkg, check) -> {
          PackageRegistry registry = builder.getPackageRegistry(pkg);
          if (registry == null) {
            return;
          }
          var data = registry.getDialectRuntimeRegistry().getDialectData("java");
          if (data instanceof JavaDialectRuntimeData java) {
            refusals.addAll(check.check(new HashMap<>(java.getStore())));
          }
        });
    return refusals;
  }

  private static String qualify(String pkg, String name) {
    return name.contains(".") || pkg == null || pkg.isEmpty() ? name : pkg + "." + name;
  }
}
