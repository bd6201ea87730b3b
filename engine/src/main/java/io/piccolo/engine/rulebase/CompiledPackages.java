package io.piccolo.engine.rulebase;

import java.util.LinkedHashMap;
import java.util.Map;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;

/**
 * Compiled DRL packages shared by every build that is handed this pool: a package whose files (and
 * those of every package it names) read the same as in an earlier build, under the same sandbox, is
 * taken as that build compiled it instead of being compiled again. One save in {@code rules watch}
 * then compiles the changed package once, however many rule sets (the check's and each spec's) hold
 * it.
 *
 * <p>Only for rule bases whose sessions all start fresh (checks, specs): a shared package is copied
 * into each knowledge base, so no session is carried over between them. A package that declares
 * types or functions is shared too: each copy replaces the one kept, since Drools moves the
 * declared classes to the newest copy ({@link RuleBaseBuilder#rebuildOf} still compiles such a
 * package again, for a session that lives on).
 *
 * <p>Builds sharing a pool run one at a time.
 */
public final class CompiledPackages {
  /** Enough for the packages of a few dozen rule sets and the versions of those being edited. */
  public static final int DEFAULT_MAX_PACKAGES = 256;

  private final Map<String, Compiled> byKey;

  /**
   * A package with the knowledge base it was added to: Drools copies it from there, and while that
   * knowledge base lives, so do the classes the copy is made from.
   */
  private record Compiled(KiePackage pkg, KieBase owner) {}

  public CompiledPackages() {
    this(DEFAULT_MAX_PACKAGES);
  }

  /** Keeps at most {@code maxPackages}, dropping the least recently used first. */
  public CompiledPackages(int maxPackages) {
    if (maxPackages <= 0) {
      throw new IllegalArgumentException("maxPackages must be positive, got " + maxPackages);
    }
    this.byKey =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Compiled> eldest) {
            return size() > maxPackages;
          }
        };
  }

  /** The package compiled before under this key, or null. */
  synchronized KiePackage get(String key) {
    Compiled c = byKey.get(key);
    return c == null ? null : c.pkg();
  }

  /** Keeps {@code owner}'s package {@code pkg} under this key. */
  synchronized void put(String key, KieBase owner, String pkg) {
    KiePackage compiled = owner.getKiePackage(pkg);
    if (compiled != null) {
      byKey.put(key, new Compiled(compiled, owner));
    }
  }

  /** How many packages the pool holds. */
  public synchronized int size() {
    return byKey.size();
  }
}
