package io.piccolo.engine.sandbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * Checks the classes the Java compiler made from a package's consequences, {@code eval}s and
 * functions, before any of them is loaded into a session: every method, field, constructor, class
 * literal, super type and lambda target they resolve to must be allowed.
 */
final class CompiledCheck {
  /**
   * Where the source of one compiled class is: its file, the lines of its rule or function, and how
   * a line of the generated class maps to a line of the file.
   *
   * @param hint where to look for a use whose line is not known
   * @param lines the file's line for a generated line, 0 when it is not the author's
   */
  record Origin(Locator source, int from, int to, int hint, IntUnaryOperator lines) {
    int line(int generated) {
      int line = generated > 0 ? lines.applyAsInt(generated) : 0;
      return line >= from && line <= to ? line : 0;
    }
  }

  private final SandboxPolicy policy;
  private final Set<String> own = new HashSet<>();
  private final Map<String, Origin> origins = new HashMap<>();

  CompiledCheck(SandboxPolicy policy) {
    this.policy = policy;
  }

  /** A class the rule files define (a declared type, a function, a rule's class): always usable. */
  void own(String binaryName) {
    own.add(binaryName);
  }

  /**
   * Code of {@code className} (and its nested classes) was written by an author, at {@code origin}.
   */
  void authored(String className, Origin origin) {
    origins.put(className, origin);
    own.add(className);
  }

  /**
   * @param classes compiled classes by resource path ({@code p/Rule_x.class}) or binary name
   */
  List<Refusal> check(Map<String, byte[]> classes) {
    classes.keySet().forEach(k -> own.add(binaryName(k)));
    List<Refusal> refusals = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Map.Entry<String, byte[]> e : classes.entrySet()) {
      String name = binaryName(e.getKey());
      Origin origin = origins.get(outer(name));
      if (origin == null) {
        continue; // Drools' own generated invokers
      }
      // the n-th use of a name on a generated line is the n-th in code on the file's line
      Map<String, Integer> uses = new HashMap<>();
      for (Reference use : BytecodeReferences.of(e.getValue())) {
        if (allowed(use)) {
          continue;
        }
        int line = origin.line(use.line());
        int occurrence =
            line == 0 ? 0 : uses.merge(use.line() + ":" + use.token(), 1, Integer::sum) - 1;
        Refusal r =
            origin
                .source()
                .refuse(
                    use.token(),
                    origin.from(),
                    origin.to(),
                    line == 0 ? origin.hint() : line,
                    occurrence,
                    Messages.refused(use));
        if (seen.add(r.toString())) {
          refusals.add(r);
        }
      }
    }
    return refusals;
  }

  private boolean allowed(Reference use) {
    if (own.contains(use.owner())) {
      return use.member() == null
          || !SandboxPolicy.REFUSED_EVERYWHERE.contains(use.member())
          || policy.allowsMember(use.owner(), use.member());
    }
    return use.member() == null
        ? policy.allowsType(use.owner())
        : policy.allowsMember(use.owner(), use.member(), use.descriptor());
  }

  private static String binaryName(String key) {
    String name = key.endsWith(".class") ? key.substring(0, key.length() - 6) : key;
    return name.replace('/', '.');
  }

  private static String outer(String binaryName) {
    int nested = binaryName.indexOf('$');
    return nested < 0 ? binaryName : binaryName.substring(0, nested);
  }
}
