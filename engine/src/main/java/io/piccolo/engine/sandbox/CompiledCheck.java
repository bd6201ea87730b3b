package io.piccolo.engine.sandbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the classes the Java compiler made from a package's consequences, {@code eval}s and
 * functions, before any of them is loaded into a session: every method, field, constructor, class
 * literal, super type and lambda target they resolve to must be allowed.
 */
final class CompiledCheck {
  /** Where the source of one compiled class is: its file and the lines of its rule or function. */
  record Origin(Locator source, int from, int to, int hint) {}

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
      for (Reference use : BytecodeReferences.of(e.getValue())) {
        if (allowed(use)) {
          continue;
        }
        Refusal r =
            origin
                .source()
                .refuse(
                    use.token(), origin.from(), origin.to(), origin.hint(), Messages.refused(use));
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
        : policy.allowsMember(use.owner(), use.member());
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
