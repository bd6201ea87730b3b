package io.piccolo.engine.rulebase;

import io.piccolo.engine.sandbox.RuleSandbox;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * <p>A package that declares types or functions is always compiled again: Drools moves the classes
 * of a copied package to the new knowledge base, so the running rules' declared types would no
 * longer be the classes of their facts while the new rules are being built and carried over.
 */
final class PackageReuse {
  private static final Pattern SHARED_BY_NAME =
      Pattern.compile("\\bquery\\b|\\bwindow\\s+\\w|\\bentry-point\\b");

  /** Marks the fingerprint of a package that declares types or functions. */
  private static final String DECLARES = "\0declares\0";

  private PackageReuse() {}

  /**
   * The package name of every parsed file with its files' text, in a comparable form; a package
   * that declares types or functions gets none, so it is never taken as compiled.
   */
  static Map<String, String> fingerprints(List<RuleSandbox.SourceFile> files) {
    Map<String, TreeMap<String, String>> byPackage = new LinkedHashMap<>();
    Set<String> declaring = new HashSet<>();
    for (RuleSandbox.SourceFile f : files) {
      if (!f.pkg().getTypeDeclarations().isEmpty()
          || !f.pkg().getEnumDeclarations().isEmpty()
          || !f.pkg().getFunctions().isEmpty()) {
        declaring.add(f.pkg().getName());
      }
      byPackage.computeIfAbsent(f.pkg().getName(), p -> new TreeMap<>()).put(f.file(), f.text());
    }
    Map<String, String> out = new LinkedHashMap<>();
    byPackage.forEach(
        (pkg, texts) -> {
          StringBuilder all = new StringBuilder();
          texts.forEach((file, text) -> all.append(file).append('\0').append(text).append('\0'));
          // a declaring package is named by its text still, for the packages that use it
          out.put(pkg, declaring.contains(pkg) ? DECLARES + all : all.toString());
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
    for (String text : now.values()) {
      if (SHARED_BY_NAME.matcher(text).find()) {
        return Map.of();
      }
    }
    Set<String> rebuilt = new HashSet<>();
    now.forEach(
        (pkg, text) -> {
          if (text.startsWith(DECLARES) || !text.equals(before.get(pkg))) {
            rebuilt.add(pkg);
          }
        });
    Set<String> changed = new HashSet<>(rebuilt);
    before.keySet().stream().filter(p -> !now.containsKey(p)).forEach(changed::add);
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
    Map<String, KiePackage> out = new LinkedHashMap<>();
    KieBase old = previous.kieBase();
    for (String pkg : now.keySet()) {
      KiePackage compiled = old.getKiePackage(pkg);
      if (!rebuilt.contains(pkg) && compiled != null) {
        out.put(pkg, compiled);
      }
    }
    return out;
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
