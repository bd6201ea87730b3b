package io.piccolo.engine.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.CollectDescr;
import org.drools.drl.ast.descr.ConditionalBranchDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
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

/**
 * Checks a parsed DRL file before Drools compiles it: Drools evaluates some expressions while it
 * builds (constant folding of constraints), so nothing in the file may reach the compiler
 * unchecked. Java code (consequences, {@code eval}, functions) is checked again after compiling, on
 * its bytecode.
 */
final class SourceCheck {
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

  List<Refusal> check(PackageDescr pkg) {
    span(1, Integer.MAX_VALUE);
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
  }

  private void rule(RuleDescr rule) {
    span(rule.getLine(), rule.getEndLine() > 0 ? rule.getEndLine() : Integer.MAX_VALUE);
    for (AttributeDescr a : rule.getAttributes().values()) {
      attribute(a);
    }
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
    if (descr instanceof PatternDescr p) {
      type(p.getObjectType(), p.getLine(), "pattern");
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
    for (QualifiedName superType : t.getSuperTypes()) {
      type(superType.getFullName(), t.getLine(), "super type");
    }
    for (TypeFieldDescr field : t.getFields().values()) {
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
    out.add(source.refuse(token, spanFrom, spanTo, line > 0 ? line : spanFrom, message));
  }

  private int line(BaseDescr descr, BaseDescr parent) {
    if (descr.getLine() > 0) {
      return descr.getLine();
    }
    return parent != null && parent.getLine() > 0 ? parent.getLine() : spanFrom;
  }

  private static String simple(String type) {
    return type.substring(Math.max(type.lastIndexOf('.'), type.lastIndexOf('$')) + 1);
  }
}
