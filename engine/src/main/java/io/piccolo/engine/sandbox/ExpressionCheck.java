package io.piccolo.engine.sandbox;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.ClassExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.SuperExpr;
import com.github.javaparser.ast.expr.SwitchExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.drools.mvel.parser.DrlxParser;
import org.drools.mvel.parser.ParseStart;
import org.drools.mvel.parser.ast.expr.DrlxExpression;
import org.drools.mvel.parser.ast.expr.NullSafeFieldAccessExpr;
import org.drools.mvel.parser.ast.expr.NullSafeMethodCallExpr;
import org.drools.mvel.parser.ast.expr.OOPathExpr;

/**
 * Checks an expression Drools evaluates with MVEL (a constraint, {@code from}, {@code salience}, an
 * accumulate argument, a field's initial value) before anything evaluates it. Drools parses the
 * text into a syntax tree (the parser of its executable model); a class name must resolve to an
 * allowed class and a static member to an allowed member, and a method called on a value must be a
 * method some allowed class has: every value an expression can reach is a fact, a literal or the
 * result of an allowed method, so nothing else can be called on it.
 */
final class ExpressionCheck {
  /** A name an author wrote and why it is refused. */
  record Finding(String token, String message) {}

  private static final ParseStart<DrlxExpression> PARSER =
      DrlxParser.buildDrlxParserWithArguments(
          List.of(
              "after",
              "before",
              "coincides",
              "during",
              "finishes",
              "finishedby",
              "includes",
              "meets",
              "metby",
              "overlaps",
              "overlappedby",
              "starts",
              "startedby",
              "matches",
              "soundslike",
              "memberOf",
              "contains",
              "excludes",
              "str"));

  private final SandboxPolicy policy;
  private final TypeNames types;
  private final Set<String> functions;
  private final Set<String> ownMethods;
  private final Map<String, String> functionImports;

  /**
   * @param functions names of the functions the files define
   * @param ownMethods accessor names of the declared types ({@code getSince}, ...)
   * @param functionImports imported static members by simple name, as {@code class#member}
   */
  ExpressionCheck(
      SandboxPolicy policy,
      TypeNames types,
      Set<String> functions,
      Set<String> ownMethods,
      Map<String, String> functionImports) {
    this.policy = policy;
    this.types = types;
    this.functions = functions;
    this.ownMethods = ownMethods;
    this.functionImports = functionImports;
  }

  List<Finding> check(String text) {
    List<Finding> findings = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return findings;
    }
    DrlxExpression parsed;
    try {
      parsed = DrlxParser.parseExpression(PARSER, text);
    } catch (RuntimeException e) {
      findings.add(
          new Finding(
              firstWord(text),
              "'"
                  + text.strip()
                  + "' cannot be checked against the sandbox; write it with fields, operators and"
                  + " allowed methods"));
      return findings;
    }
    visit(parsed.getExpr(), findings);
    return findings;
  }

  private void visit(Node node, List<Finding> out) {
    if (node == null) {
      return;
    }
    if (node instanceof MethodCallExpr call) {
      call(call.getScope().orElse(null), call.getNameAsString(), out);
      defaultLocale(call.getScope().orElse(null), call.getNameAsString(), call.getArguments(), out);
      call.getArguments().forEach(a -> visit(a, out));
      return;
    }
    if (node instanceof NullSafeMethodCallExpr call) {
      call(call.getScope().orElse(null), call.getNameAsString(), out);
      call.getArguments().forEach(a -> visit(a, out));
      return;
    }
    if (node instanceof ObjectCreationExpr create) {
      if (create.getAnonymousClassBody().isPresent()) {
        out.add(new Finding("new", "an anonymous class cannot be used in a condition"));
      }
      String type = create.getType().getNameWithScope();
      Optional<String> resolved = types.resolve(type);
      if (resolved.isEmpty()) {
        out.add(new Finding(simple(type), "'" + type + "' cannot be resolved to a class"));
      } else if (!allowedType(resolved.get())) {
        out.add(new Finding(simple(type), Messages.refused(resolved.get(), "<init>")));
      }
      create.getArguments().forEach(a -> visit(a, out));
      return;
    }
    if (node instanceof FieldAccessExpr access) {
      field(access.getScope(), access.getNameAsString(), qualified(access), out);
      return;
    }
    if (node instanceof NullSafeFieldAccessExpr access) {
      field(access.getScope(), access.getNameAsString(), null, out);
      return;
    }
    if (node instanceof NameExpr name) {
      name(name.getNameAsString(), out);
      return;
    }
    if (node instanceof ClassExpr literal) {
      String type = literal.getType().asString();
      Optional<String> resolved = types.resolve(type);
      if (resolved.isEmpty() || !allowedType(resolved.get())) {
        out.add(
            new Finding("class", "'" + type + ".class' is reflection, which rules may not use"));
      }
      return;
    }
    if (node instanceof LambdaExpr
        || node instanceof MethodReferenceExpr
        || node instanceof AssignExpr
        || node instanceof SwitchExpr
        || node instanceof SuperExpr
        || node instanceof OOPathExpr
        || node instanceof UnaryExpr u
            && u.getOperator().isPrefix() != u.getOperator().isPostfix()
            && u.getOperator().name().contains("CREMENT")) {
      out.add(
          new Finding(
              firstWord(node.getClass().getSimpleName()),
              "a condition must not change anything or define code (no assignment, lambda or"
                  + " method reference); move it to the consequence"));
      return;
    }
    for (Node child : children(node)) {
      visit(child, out);
    }
  }

  private void call(Expression scope, String method, List<Finding> out) {
    if (scope == null) {
      String imported = functionImports.get(method);
      if (functions.contains(method)) {
        return;
      }
      if (imported != null) {
        String owner = imported.substring(0, imported.indexOf('#'));
        if (!policy.allowsMember(owner, method)) {
          out.add(new Finding(method, Messages.refused(owner, method)));
        }
        return;
      }
      instanceMethod(method, out);
      return;
    }
    String q = qualified(scope);
    Optional<String> type = q == null ? Optional.empty() : types.resolve(q);
    if (type.isPresent() && !isValueName(q)) {
      if (!types.isDeclared(type.get()) && !policy.allowsMember(type.get(), method)
          || SandboxPolicy.REFUSED_EVERYWHERE.contains(method)) {
        out.add(new Finding(method, Messages.refused(type.get(), method)));
      }
      return;
    }
    instanceMethod(method, out);
    visit(scope, out);
  }

  /** String and date formatting that would use the machine's default locale. */
  private void defaultLocale(
      Expression scope, String method, NodeList<Expression> args, List<Finding> out) {
    String refused =
        switch (method) {
          case "toUpperCase", "toLowerCase" -> args.isEmpty() ? "java.lang.String." + method : null;
          case "formatted" -> "java.lang.String.formatted";
          case "format" ->
              isType(scope, "java.lang.String") && (args.isEmpty() || !isLocale(args.get(0)))
                  ? "java.lang.String.format"
                  : null;
          case "ofPattern" ->
              isType(scope, "java.time.format.DateTimeFormatter") && args.size() == 1
                  ? "java.time.format.DateTimeFormatter.ofPattern"
                  : null;
          default -> null;
        };
    if (refused != null) {
      out.add(new Finding(method, Messages.defaultLocale(refused)));
    }
  }

  private boolean isType(Expression e, String className) {
    String q = qualified(e);
    return q != null && !isValueName(q) && types.resolve(q).filter(className::equals).isPresent();
  }

  /** {@code Locale.ROOT}, {@code java.util.Locale.forLanguageTag("de")}, ... */
  private boolean isLocale(Expression e) {
    if (e instanceof FieldAccessExpr f) {
      return isType(f.getScope(), "java.util.Locale");
    }
    return e instanceof MethodCallExpr m
        && m.getScope().filter(s -> isType(s, "java.util.Locale")).isPresent();
  }

  private void instanceMethod(String method, List<Finding> out) {
    if (SandboxPolicy.REFUSED_EVERYWHERE.contains(method)
        || !policy.allowsMethodName(method) && !ownMethods.contains(method)) {
      out.add(new Finding(method, Messages.refusedMethod(method)));
    }
  }

  private void field(Expression scope, String name, String whole, List<Finding> out) {
    if (name.equals("class")) {
      out.add(new Finding("class", "'.class' is reflection, which rules may not use"));
      return;
    }
    Optional<String> asType = whole == null ? Optional.empty() : types.resolve(whole);
    if (asType.isPresent()) {
      if (!allowedType(asType.get())) {
        out.add(new Finding(simple(whole), Messages.refused(asType.get(), null)));
      }
      return;
    }
    String q = qualified(scope);
    Optional<String> owner = q == null || isValueName(q) ? Optional.empty() : types.resolve(q);
    if (owner.isPresent()) {
      if (!types.isDeclared(owner.get()) && !policy.allowsMember(owner.get(), name)) {
        out.add(new Finding(name, Messages.refused(owner.get(), name)));
      }
      return;
    }
    visit(scope, out); // a property of a value: its getter, on a value of an allowed type
  }

  private void name(String name, List<Finding> out) {
    if (name.equals("drools") || name.equals("kcontext")) {
      out.add(
          new Finding(
              name, "'" + name + "' cannot be used in a condition; conditions match facts only"));
      return;
    }
    if (isValueName(name)) {
      return;
    }
    Optional<String> type = types.resolve(name);
    if (type.isPresent() && !allowedType(type.get())) {
      out.add(new Finding(name, Messages.refused(type.get(), null)));
    }
  }

  private boolean allowedType(String className) {
    return types.isDeclared(className) || policy.allowsType(className);
  }

  /** Bindings ({@code $x}) and {@code this} are values, never classes. */
  private static boolean isValueName(String qualified) {
    String head =
        qualified.contains(".") ? qualified.substring(0, qualified.indexOf('.')) : qualified;
    return head.startsWith("$") || head.equals("this");
  }

  /** {@code a.b.C} for a chain of names and field accesses, else null. */
  private static String qualified(Expression e) {
    if (e instanceof NameExpr n) {
      return n.getNameAsString();
    }
    if (e instanceof FieldAccessExpr f) {
      String scope = qualified(f.getScope());
      return scope == null ? null : scope + "." + f.getNameAsString();
    }
    return null;
  }

  /**
   * A node's sub-expressions. Drools' own node types (DRL operators such as {@code in} and {@code
   * after}) do not all report theirs as children, so those are read from their accessors.
   */
  private static List<Node> children(Node node) {
    List<Node> children = new ArrayList<>(node.getChildNodes());
    if (!node.getClass().getName().startsWith("org.drools.")) {
      return children;
    }
    for (Method m : node.getClass().getMethods()) {
      if (m.getParameterCount() != 0
          || !m.getName().startsWith("get")
          || !Modifier.isPublic(m.getModifiers())
          || !m.getDeclaringClass().getName().startsWith("org.drools.")) {
        continue;
      }
      try {
        Object value = m.invoke(node);
        if (value instanceof Optional<?> o) {
          value = o.orElse(null);
        }
        if (value instanceof Node child && child != node && !children.contains(child)) {
          children.add(child);
        } else if (value instanceof NodeList<?> list || value instanceof Collection<?>) {
          for (Object item : (Iterable<?>) value) {
            if (item instanceof Node child && !children.contains(child)) {
              children.add(child);
            }
          }
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        // an accessor that cannot be read has nothing to check
      }
    }
    return children;
  }

  private static String simple(String type) {
    return type.substring(type.lastIndexOf('.') + 1);
  }

  private static String firstWord(String text) {
    String t = text.strip();
    int end = 0;
    while (end < t.length() && (Character.isJavaIdentifierPart(t.charAt(end)))) {
      end++;
    }
    return end == 0 ? t.substring(0, Math.min(1, t.length())) : t.substring(0, end);
  }
}
