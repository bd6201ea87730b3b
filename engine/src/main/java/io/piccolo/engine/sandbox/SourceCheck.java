package io.piccolo.engine.sandbox;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.AnnotatedBaseDescr;
import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.CollectDescr;
import org.drools.drl.ast.descr.ConditionalBranchDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.EntryPointDeclarationDescr;
import org.drools.drl.ast.descr.EvalDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.FromDescr;
import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.drl.ast.descr.FunctionImportDescr;
import org.drools.drl.ast.descr.GlobalDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.QualifiedName;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.ast.descr.TypeDeclarationDescr;
import org.drools.drl.ast.descr.TypeFieldDescr;
import org.drools.drl.ast.descr.WindowDeclarationDescr;

/**
 * Checks a parsed DRL file before Drools compiles it: Drools evaluates some expressions while it
 * builds (constant folding of constraints), so nothing in the file may reach the compiler
 * unchecked. Java code (consequences, {@code eval}, functions) is checked again after compiling, on
 * its bytecode.
 */
final class SourceCheck {
  private static final String LITERAL =
      "(\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|-?\\d+(?:\\.\\d+)?[A-Za-z]*(?:\\d+[A-Za-z]+)*"
          + "|!?\\*|!?[A-Za-z_$][\\w$]*)";
  private static final Pattern METADATA_LITERALS =
      Pattern.compile(LITERAL + "(?:\\s*,\\s*" + LITERAL + ")*");

  private static final String MVEL_REFUSED =
      "the MVEL dialect cannot be checked against the sandbox: remove dialect \"mvel\" and write"
          + " the consequence in Java";

  private final SandboxPolicy policy;
  private final TypeNames types;
  private final ExpressionCheck expressions;
  private final Map<String, String> functionImports;
  private final Locator source;
  private final List<Refusal> out = new ArrayList<>();
  private int spanFrom;
  private int spanTo;
  private int near;
  private final Set<String> placed = new HashSet<>();

  SourceCheck(
      SandboxPolicy policy,
      TypeNames types,
      ExpressionCheck expressions,
      Map<String, String> functionImports,
      Locator source) {
    this.policy = policy;
    this.types = types;
    this.expressions = expressions;
    this.functionImports = functionImports;
    this.source = source;
  }

  List<Refusal> check(PackageDescr pkg, String text) {
    span(1, Integer.MAX_VALUE);
    unicodeEscapes(text);
    for (AttributeDescr a : pkg.getAttributes()) {
      attribute(a);
    }
    for (FunctionImportDescr f : pkg.getFunctionImports()) {
      staticImport(f);
    }
    for (var a : pkg.getAccumulateImports()) {
      type(a.getTarget(), a.getLine(), "accumulate");
    }
    for (GlobalDescr g : pkg.getGlobals()) {
      type(g.getType(), g.getLine(), "global");
    }
    for (TypeDeclarationDescr t : pkg.getTypeDeclarations()) {
      declaredType(t);
    }
    for (WindowDeclarationDescr w : pkg.getWindowDeclarations()) {
      span(w.getLine(), w.getEndLine() > 0 ? w.getEndLine() : Integer.MAX_VALUE);
      metadata(w, w.getLine());
      walk(w.getPattern());
    }
    for (EntryPointDeclarationDescr e : pkg.getEntryPointDeclarations()) {
      span(e.getLine(), e.getEndLine() > 0 ? e.getEndLine() : Integer.MAX_VALUE);
      metadata(e, e.getLine());
    }
    if (!pkg.getEnumDeclarations().isEmpty()) {
      var e = pkg.getEnumDeclarations().get(0);
      out.add(
          source.refuse(
              "enum", e.getLine(), e.getEndLine(), e.getLine(), "declare enum is not supported"));
    }
    for (FunctionDescr f : pkg.getFunctions()) {
      if ("mvel".equalsIgnoreCase(f.getDialect())) {
        out.add(source.refuse("dialect", f.getLine(), f.getEndLine(), f.getLine(), MVEL_REFUSED));
      }
    }
    for (RuleDescr rule : pkg.getRules()) {
      rule(rule);
    }
    return out;
  }

  private void span(int from, int to) {
    spanFrom = from;
    spanTo = to;
    near = 0;
  }

  private void rule(RuleDescr rule) {
    span(rule.getLine(), rule.getEndLine() > 0 ? rule.getEndLine() : Integer.MAX_VALUE);
    for (AttributeDescr a : rule.getAttributes().values()) {
      attribute(a);
    }
    metadata(rule, rule.getLine());
    walk(rule.getLhs());
  }

  private void attribute(AttributeDescr a) {
    String value = a.getValue() == null ? "" : a.getValue().trim();
    switch (a.getName()) {
      case "dialect" -> {
        if (value.replace("\"", "").equalsIgnoreCase("mvel")) {
          refuse("dialect", a.getLine(), MVEL_REFUSED);
        }
      }
      case "salience", "enabled" -> expression(value, a.getLine());
      case "timer", "duration" -> {
        int expr = value.indexOf("expr:");
        if (expr >= 0) {
          for (String part : value.substring(expr + 5).replaceAll("\\)\\s*$", "").split(",")) {
            expression(part, a.getLine());
          }
        }
      }
      default -> {}
    }
  }

  private void walk(BaseDescr descr) {
    if (descr == null) {
      return;
    }
    int outer = near;
    if (descr.getLine() > 0) {
      near = descr.getLine();
    }
    try {
      walkInside(descr);
    } finally {
      near = outer;
    }
  }

  private void walkInside(BaseDescr descr) {
    if (descr instanceof PatternDescr p) {
      type(p.getObjectType(), p.getLine(), "pattern");
      metadata(p, p.getLine());
      for (BaseDescr c : p.getDescrs()) {
        if (c instanceof ExprConstraintDescr e) {
          expression(e.getExpression(), line(e, p));
        }
      }
      walk(p.getSource());
    } else if (descr instanceof FromDescr from) {
      expression(from.getDataSource().getText(), line(from, null));
    } else if (descr instanceof AccumulateDescr acc) {
      accumulate(acc);
    } else if (descr instanceof CollectDescr col) {
      walk(col.getInputPattern());
    } else if (descr instanceof ConditionalBranchDescr branch) {
      for (ConditionalBranchDescr b = branch; b != null; b = b.getElseBranch()) {
        if (b.getCondition() != null) {
          expression(String.valueOf(b.getCondition().getContent()), line(b.getCondition(), b));
        }
      }
    } else if (descr instanceof EvalDescr) {
      // Java: compiled with the consequence and checked on its bytecode
    } else if (descr instanceof ConditionalElementDescr ce) {
      for (BaseDescr child : ce.getDescrs()) {
        walk(child);
      }
    }
  }

  private void accumulate(AccumulateDescr acc) {
    if (acc.getInitCode() != null || acc.getActionCode() != null || acc.getResultCode() != null) {
      refuse(
          "init",
          acc.getLine(),
          "accumulate with init/action/result code cannot be checked against the sandbox; use"
              + " an accumulate function (sum, average, count, min, max, collectList, ...)");
    }
    for (var f : acc.getFunctions()) {
      for (String param : f.getParams()) {
        expression(param, acc.getLine());
      }
    }
    for (BaseDescr input : acc.getDescrs()) {
      walk(input);
    }
    if (acc.getInput() != null && !acc.getDescrs().contains(acc.getInput())) {
      walk(acc.getInput());
    }
  }

  private void declaredType(TypeDeclarationDescr t) {
    span(t.getLine(), t.getEndLine() > 0 ? t.getEndLine() : t.getLine());
    redeclaration(t);
    metadata(t, t.getLine());
    for (QualifiedName superType : t.getSuperTypes()) {
      type(superType.getFullName(), t.getLine(), "super type");
    }
    for (TypeFieldDescr field : t.getFields().values()) {
      metadata(field, field.getLine());
      if (field.getPattern() != null) {
        type(field.getPattern().getObjectType(), field.getLine(), "field");
      }
      if (field.getInitExpr() != null) {
        expression(field.getInitExpr(), field.getLine());
      }
    }
    span(1, Integer.MAX_VALUE);
  }

  private void staticImport(FunctionImportDescr f) {
    String target = f.getTarget();
    int dot = target.lastIndexOf('.');
    String member = target.substring(dot + 1);
    String owner = types.resolve(target.substring(0, Math.max(dot, 0))).orElse(target);
    if (member.equals("*") || !policy.allowsMember(owner, member)) {
      refuse(
          member.equals("*") ? simple(owner) : member,
          f.getLine(),
          Messages.refused(owner, member.equals("*") ? null : member));
    } else {
      functionImports.put(member, owner + "#" + member);
    }
  }

  /**
   * A declaration named after a class the name already means here (an import, {@code java.lang},
   * MVEL's own names) is that class: Drools adds to it and MVEL resolves the name to it, so it must
   * be one rules may use.
   */
  private void redeclaration(TypeDeclarationDescr t) {
    String name = RuleSandbox.declaredName(t);
    types
        .resolve(name)
        .filter(c -> !types.isDeclared(c) && !policy.allowsType(c))
        .ifPresent(
            c ->
                refuse(
                    simple(name),
                    t.getLine(),
                    "'declare "
                        + name
                        + "' does not define a new type: the name already means "
                        + c.replace('$', '.')
                        + " here, which rules may not use; give the declared type another name"));
  }

  /**
   * Drools evaluates metadata values ({@code @name(value)}) with MVEL while it compiles, so each
   * must be a literal: a string, a number or duration, a boolean or a plain name ({@code
   * @role(event)}, {@code @expires(10m)}, {@code @watch(!*, speed)}).
   */
  private void metadata(AnnotatedBaseDescr descr, int fallbackLine) {
    for (AnnotationDescr a : descr.getAnnotations()) {
      for (Object value : a.getValueMap().values()) {
        String text = value == null ? "" : String.valueOf(value).strip();
        if (!text.isEmpty() && !METADATA_LITERALS.matcher(text).matches()) {
          refuse(
              "@" + a.getName(),
              a.getLine() > 0 ? a.getLine() : fallbackLine,
              "metadata @"
                  + a.getName()
                  + " must be a literal (a string, number, duration, boolean or plain name), not '"
                  + text
                  + "': Drools evaluates it while compiling, before the sandbox can check it");
        }
      }
    }
  }

  /**
   * A unicode escape (backslash, u, four hex digits) outside a string literal spells a name the
   * checker cannot see as written (Java decodes it before compiling), so it is refused where it
   * stands.
   */
  private void unicodeEscapes(String text) {
    CodeMask mask = new CodeMask(text);
    for (int i = text.indexOf("\\u"); i >= 0; i = text.indexOf("\\u", i + 2)) {
      if (!mask.inString(i)) {
        int[] at = mask.position(i);
        out.add(
            new Refusal(
                source.file(),
                at[0],
                at[1],
                "a \\u escape outside a string literal is not allowed in rule files; write the"
                    + " character itself"));
      }
    }
  }

  /** A class named where a fact type, global or field type goes must be allowed too. */
  private void type(String name, int line, String role) {
    if (name == null || name.isBlank()) {
      return;
    }
    String bare = name.replaceAll("<.*>|\\[\\]", "").trim();
    types
        .resolve(bare)
        .filter(c -> !types.isDeclared(c) && !policy.allowsType(c))
        .ifPresent(c -> refuse(simple(bare), line, Messages.refused(c, null)));
  }

  private void expression(String text, int line) {
    for (ExpressionCheck.Finding f : expressions.check(text)) {
      refuse(f.token(), line, f.message());
    }
  }

  private void refuse(String token, int line, String message) {
    // two uses of one name each get their own position
    out.add(source.refuse(token, spanFrom, spanTo, line > 0 ? line : spanFrom, message, placed));
  }

  private int line(BaseDescr descr, BaseDescr parent) {
    if (descr.getLine() > 0) {
      return descr.getLine();
    }
    if (parent != null && parent.getLine() > 0) {
      return parent.getLine();
    }
    return near > 0 ? near : spanFrom;
  }

  private static String simple(String type) {
    return type.substring(Math.max(type.lastIndexOf('.'), type.lastIndexOf('$')) + 1);
  }
}
