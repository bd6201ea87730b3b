package io.piccolo.engine.rulebase;

import io.piccolo.engine.sandbox.RuleSandbox;
import io.piccolo.engine.sandbox.SandboxPolicy;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;

/**
 * Which DRL packages of a rebuild can keep what an earlier build compiled: those whose files are
 * word for word the same and that share nothing with a package that changed. Packages reach each
 * other only by name ({@code import other.pkg.Type}, {@code other.pkg.fn(...)}), so a package whose
 * text names a changed (or removed) package is compiled again, and so is one a changed package
 * names; queries, named windows and entry points, which are shared without a package name, turn
 * reuse off.
 *
 * <p>In a rebuild for a running session, a package that declares types or functions is always
 * compiled again: Drools moves the classes of a copied package to the new knowledge base, so the
 * running rules' declared types would no longer be the classes of their facts while the new rules
 * are being built and carried over. Builds whose sessions all start fresh (a {@link
 * CompiledPackages} pool) share such packages too, each taking the newest copy.
 */
final class PackageReuse {
  private static final Pattern ENTRY_POINT = Pattern.compile("\\bentry-point\\b");

  /**
   * Marks the fingerprint of a package that holds a query, declares a named window or names an
   * entry point; read from the parsed file, so a comment that says "window" turns nothing off.
   */
  private static final String SHARES = "\0shares\0";

  /** Marks the fingerprint of a package that declares types or functions. */
  private static final String DECLARES = "\0declares\0";

  private static final String NO_KEPT_WINDOWS = "\0no-kept-windows\0";

  private PackageReuse() {}

  /**
   * The package name of every parsed file with its files' text, in a comparable form; a package
   * that declares types or functions gets none, so it is never taken as compiled.
   */
  static Map<String, String> fingerprints(List<RuleSandbox.SourceFile> files) {
    Map<String, TreeMap<String, String>> byPackage = new LinkedHashMap<>();
    Set<String> declaring = new HashSet<>();
    Set<String> sharing = new HashSet<>();
    for (RuleSandbox.SourceFile f : files) {
      if (f.pkg().getRules().stream().anyMatch(r -> r.isQuery())
          || !f.pkg().getWindowDeclarations().isEmpty()
          || ENTRY_POINT.matcher(f.text()).find()) {
        sharing.add(f.pkg().getName());
      }
      if (!f.pkg().getTypeDeclarations().isEmpty()
          || !f.pkg().getEnumDeclarations().isEmpty()
          || !f.pkg().getFunctions().isEmpty()) {
        declaring.add(f.pkg().getName());
      }
      byPackage.computeIfAbsent(f.pkg().getName(), p -> new TreeMap<>()).put(f.file(), f.text());
    }
    // a package compiled with its windows kept (KeptWindows) is not the same compiled without
    String events =
        KeptWindows.allowed(files.stream().map(RuleSandbox.SourceFile::pkg).toList())
            ? ""
            : NO_KEPT_WINDOWS;
    Map<String, String> out = new LinkedHashMap<>();
    byPackage.forEach(
        (pkg, texts) -> {
          StringBuilder all = new StringBuilder();
          texts.forEach((file, text) -> all.append(file).append('\0').append(text).append('\0'));
          // a declaring package is named by its text still, for the packages that use it
          String marks =
              (sharing.contains(pkg) ? SHARES : "") + (declaring.contains(pkg) ? DECLARES : "");
          out.put(pkg, marks + events + all);
        });
    return out;
  }

  /**
   * The packages {@code previous} compiled that this build can take as they are.
   *
   * @param now this build's fingerprints
   */
  static Map<String, KiePackage> reusable(RuleBase previous, Map<String, String> now) {
    if (previous == null) {
      return Map.of();
    }
    Map<String, String> before = previous.packageFingerprints();
    KieBase old = previous.kieBase();
    Set<String> gone = new HashSet<>(before.keySet());
    gone.removeAll(now.keySet());
    return reusable(
        now,
        gone,
        pkg -> {
          String text = now.get(pkg);
          return text.contains(DECLARES) || !text.equals(before.get(pkg))
              ? null
              : old.getKiePackage(pkg);
        });
  }

  /**
   * The packages {@code pool} holds compiled for this build's text, under {@code sandbox}, that
   * this build can take as they are, declaring packages included: the pool then holds the copy this
   * build made (see {@link RuleBaseBuilder}), since Drools finds a declared class only in the
   * newest copy of its package.
   *
   * @param now this build's fingerprints
   */
  static Map<String, KiePackage> reusable(
      CompiledPackages pool, SandboxPolicy sandbox, Map<String, String> now) {
    if (pool == null) {
      return Map.of();
    }
    return reusable(now, Set.of(), pkg -> pool.get(poolKey(pkg, sandbox, now)));
  }

  /** What a compiled package is known by in a {@link CompiledPackages} pool. */
  static String poolKey(String pkg, SandboxPolicy sandbox, Map<String, String> now) {
    return CompiledClasses.key(sandbox, withNamed(pkg, now));
  }

  /**
   * Of the packages {@code compiled} offers (null: none), those that share nothing with one that
   * must be compiled again or is {@code gone}.
   */
  private static Map<String, KiePackage> reusable(
      Map<String, String> now, Set<String> gone, Function<String, KiePackage> compiled) {
    for (String text : now.values()) {
      if (text.startsWith(SHARES)) {
        return Map.of();
      }
    }
    Map<String, KiePackage> offered = new LinkedHashMap<>();
    Set<String> rebuilt = new HashSet<>();
    for (String pkg : now.keySet()) {
      KiePackage k = compiled.apply(pkg);
      if (k == null) {
        rebuilt.add(pkg);
      } else {
        offered.put(pkg, k);
      }
    }
    Set<String> changed = new HashSet<>(rebuilt);
    changed.addAll(gone);
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Map.Entry<String, String> e : now.entrySet()) {
        if (rebuilt.contains(e.getKey())) {
          continue;
        }
        boolean namesChanged = changed.stream().anyMatch(c -> names(e.getValue(), c));
        boolean namedByRebuilt = rebuilt.stream().anyMatch(r -> names(now.get(r), e.getKey()));
        if (namesChanged || namedByRebuilt) {
          rebuilt.add(e.getKey());
          changed.add(e.getKey());
          grew = true;
        }
      }
    }
    offered.keySet().removeAll(rebuilt);
    return offered;
  }

  /**
   * The fingerprint of {@code pkg} with those of every package it names, directly or through
   * another: what its compiled classes depend on among the files.
   */
  static String withNamed(String pkg, Map<String, String> fingerprints) {
    TreeMap<String, String> named = new TreeMap<>();
    java.util.ArrayDeque<String> next = new java.util.ArrayDeque<>(List.of(pkg));
    while (!next.isEmpty()) {
      String p = next.pop();
      if (named.putIfAbsent(p, fingerprints.getOrDefault(p, "")) == null) {
        fingerprints.keySet().stream()
            .filter(other -> !named.containsKey(other) && names(named.get(p), other))
            .forEach(next::push);
      }
    }
    StringBuilder all = new StringBuilder();
    named.forEach((name, text) -> all.append(name).append('\0').append(text).append('\0'));
    return all.toString();
  }

  private static boolean names(String text, String pkg) {
    return text != null && text.contains(pkg + ".");
  }
}
