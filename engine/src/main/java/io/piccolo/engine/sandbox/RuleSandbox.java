package io.piccolo.engine.sandbox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.base.rule.LineMappings;
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
      TypeNames existing =
          new TypeNames(
              f.pkg().getName(), imports(f), Set.of(), RuleSandbox.class.getClassLoader());
      for (TypeDeclarationDescr t : f.pkg().getTypeDeclarations()) {
        if (existing.resolve(declaredName(t)).isPresent()) {
          // Drools redeclares the class the name already means (an import, java.lang): no new type
          continue;
        }
        declared.add(qualify(f.pkg().getName(), declaredName(t)));
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
    return checkSource(f -> false);
  }

  /**
   * As {@link #checkSource()}, for the files {@code checkedBefore} does not accept: a file's
   * outcome depends on nothing but its text, the classpath and the {@link #sourceContext()}.
   */
  public List<Refusal> checkSource(Predicate<SourceFile> checkedBefore) {
    List<Refusal> refusals = new ArrayList<>();
    for (SourceFile f : files) {
      if (checkedBefore.test(f)) {
        continue;
      }
      TypeNames types =
          new TypeNames(
              f.pkg().getName(), imports(f), declared, RuleSandbox.class.getClassLoader());
      Map<String, String> functionImports = new LinkedHashMap<>();
      ExpressionCheck expressions =
          new ExpressionCheck(policy, types, functions, accessors, functionImports);
      refusals.addAll(
          new SourceCheck(
                  policy, types, expressions, functionImports, new Locator(f.file(), f.text()))
              .check(f.pkg(), f.text()));
    }
    return sorted(refusals);
  }

  /**
   * What a file's source check depends on besides its text and the classes on the classpath: the
   * policy's extensions and what the build's files declare (types, their accessors, functions),
   * each sorted.
   */
  public String sourceContext() {
    StringBuilder context = new StringBuilder();
    for (Set<String> names :
        List.of(Set.copyOf(policy.extensions()), declared, accessors, functions)) {
      new TreeSet<>(names).forEach(n -> context.append(n).append('\0'));
      context.append('\1');
    }
    return context.toString();
  }

  /**
   * Refusals in the classes Drools compiled from the files, read before they are loaded into a
   * session.
   */
  public List<Refusal> checkCompiled(KnowledgeBuilderImpl builder) {
    Map<String, CompiledCheck> byPackage = new LinkedHashMap<>();
    for (SourceFile f : files) {
      String pkg = f.pkg().getName();
      PackageRegistry registry = builder.getPackageRegistry(pkg);
      CompiledCheck check = byPackage.computeIfAbsent(pkg, p -> new CompiledCheck(policy));
      declared.forEach(check::own);
      Locator source = new Locator(f.file(), f.text());
      CodeMask mask = new CodeMask(f.text());
      for (RuleDescr rule : f.pkg().getRules()) {
        if (rule.getClassName() != null) {
          String className = qualify(pkg, rule.getClassName());
          int end = rule.getEndLine() > 0 ? rule.getEndLine() : Integer.MAX_VALUE;
          int hint = rule.getConsequenceLine() > 0 ? rule.getConsequenceLine() : rule.getLine();
          int body = consequenceStart(f.text(), mask, rule.getConsequenceLine());
          LineMappings lines = mappings(registry, className);
          check.authored(
              className,
              new CompiledCheck.Origin(
                  source,
                  rule.getLine(),
                  end,
                  hint,
                  generated -> consequenceLine(body, lines, generated)));
        }
      }
      for (FunctionDescr fn : f.pkg().getFunctions()) {
        if (fn.getClassName() != null) {
          String className = qualify(pkg, fn.getClassName());
          LineMappings lines = mappings(registry, className);
          check.authored(
              className,
              new CompiledCheck.Origin(
                  source,
                  fn.getLine(),
                  fn.getEndLine(),
                  fn.getLine(),
                  generated ->
                      lines == null ? 0 : lines.getStartLine() + generated - lines.getOffset()));
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
    return sorted(refusals);
  }

  /**
   * Lines the Java dialect puts between a consequence's mapped offset and its first line (the
   * method's signature and opening lines).
   */
  private static final int CONSEQUENCE_HEADER = 4;

  /** The file's line of a generated line of the consequence, 0 for lines before it (evals). */
  private static int consequenceLine(int body, LineMappings lines, int generated) {
    int index = lines == null ? -1 : generated - lines.getOffset() - CONSEQUENCE_HEADER;
    return body <= 0 || index < 0 ? 0 : body + index;
  }

  /**
   * The file's line of a line of a rule's generated consequence class, 0 when it is not in the
   * consequence: what a compile error in a {@code then} block points at.
   */
  public static int consequenceFileLine(
      String text, RuleDescr rule, LineMappings lines, int generated) {
    int body = consequenceStart(text, new CodeMask(text), rule.getConsequenceLine());
    int line = consequenceLine(body, lines, generated);
    int end = rule.getEndLine() > 0 ? rule.getEndLine() : Integer.MAX_VALUE;
    return line >= rule.getConsequenceLine() && line <= end ? line : 0;
  }

  private static LineMappings mappings(PackageRegistry registry, String className) {
    return registry == null
        ? null
        : registry.getDialectRuntimeRegistry().getLineMappings(className);
  }

  /**
   * The line of a consequence's first code: Drools compiles the text after {@code then} without its
   * leading blank lines.
   */
  private static int consequenceStart(String text, CodeMask mask, int thenLine) {
    if (thenLine <= 0) {
      return 0;
    }
    int lineStart = mask.lineStart(thenLine);
    int lineEnd = text.indexOf('\n', lineStart);
    String line = text.substring(lineStart, lineEnd < 0 ? text.length() : lineEnd);
    Matcher then = THEN.matcher(line);
    if (!then.find() || !mask.isCode(lineStart + then.start())) {
      return 0;
    }
    int i = lineStart + then.end();
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return mask.position(i)[0];
  }

  private static final Pattern THEN = Pattern.compile("(?<![\\w$])then(?![\\w$\\[])");

  /** In file, line and column order, so every command lists them the same way. */
  static List<Refusal> sorted(List<Refusal> refusals) {
    List<Refusal> sorted = new ArrayList<>(refusals);
    sorted.sort(
        Comparator.comparing(Refusal::file)
            .thenComparingInt(Refusal::line)
            .thenComparingInt(Refusal::column));
    return sorted;
  }

  private static List<String> imports(SourceFile f) {
    List<String> imports = new ArrayList<>();
    for (ImportDescr i : f.pkg().getImports()) {
      imports.add(i.getTarget());
    }
    return imports;
  }

  /** The name as written: {@code Seen}, or {@code java.lang.System} for a qualified one. */
  static String declaredName(TypeDeclarationDescr t) {
    String ns = t.getNamespace();
    return ns == null || ns.isEmpty() || t.getTypeName().contains(".")
        ? t.getTypeName()
        : ns + "." + t.getTypeName();
  }

  private static String qualify(String pkg, String name) {
    return name.contains(".") || pkg == null || pkg.isEmpty() ? name : pkg + "." + name;
  }
}
