package io.piccolo.engine.rulebase;

import io.piccolo.engine.sandbox.RuleSandbox;
import io.piccolo.engine.sandbox.SandboxPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.drools.compiler.builder.impl.KnowledgeBuilderConfigurationImpl;
import org.drools.compiler.builder.impl.KnowledgeBuilderImpl;
import org.drools.compiler.compiler.PackageRegistry;
import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.core.rule.JavaDialectRuntimeData;
import org.kie.internal.builder.KnowledgeBuilderConfiguration;
import org.kie.internal.builder.KnowledgeBuilderFactory;

/**
 * The compiled classes of one build's packages: those the cache holds are handed to Drools as
 * precompiled (its own mechanism for prebuilt rule modules, so the Java compiler is not run for
 * them, while everything else of the build, the sandbox's checks included, runs as usual), and
 * those compiled now are written to the cache once the build succeeded.
 */
final class CompiledClasses {
  /** Changes whenever what is kept, or how its key is made, changes. */
  private static final String FORMAT = "piccolo-compiled-classes-4";

  private static final String JAVA = "java";

  private final CompiledClassCache cache;
  private final Map<String, String> keys = new HashMap<>();
  private final Map<String, Map<String, byte[]>> hits = new HashMap<>();

  private CompiledClasses(CompiledClassCache cache) {
    this.cache = cache;
  }

  /**
   * Looks up every package of {@code toCompile} in {@code cache} (none when {@code cache} is null).
   *
   * @param sourceContext what the sandbox's source check depends on besides the files' text ({@link
   *     RuleSandbox#sourceContext()}): a package's entry stands for its files having passed it
   * @param fingerprints every package of the build, as {@link PackageReuse#fingerprints} gives them
   */
  static CompiledClasses lookUp(
      CompiledClassCache cache,
      String sourceContext,
      Map<String, String> fingerprints,
      List<String> toCompile) {
    CompiledClasses classes = new CompiledClasses(cache);
    if (cache == null) {
      return classes;
    }
    for (String pkg : toCompile) {
      String key = key(sourceContext, PackageReuse.withNamed(pkg, fingerprints));
      classes.keys.put(pkg, key);
      Optional<Map<String, byte[]>> kept = cache.read(key);
      kept.ifPresent(k -> classes.hits.put(pkg, k));
    }
    return classes;
  }

  /** Packages whose classes came from the cache. */
  int hits() {
    return hits.size();
  }

  /** Whether {@code pkg}'s classes came from the cache. */
  boolean hit(String pkg) {
    return hits.containsKey(pkg);
  }

  /** A knowledge builder that takes the cached classes instead of compiling them. */
  KnowledgeBuilderImpl newBuilder() {
    if (hits.isEmpty()) {
      return (KnowledgeBuilderImpl) KnowledgeBuilderFactory.newKnowledgeBuilder();
    }
    Precompiled precompiled = new Precompiled();
    hits.values().forEach(precompiled::add);
    KnowledgeBuilderConfiguration conf = KnowledgeBuilderFactory.newKnowledgeBuilderConfiguration();
    conf.as(KnowledgeBuilderConfigurationImpl.KEY).setCompilationCache(precompiled);
    return (KnowledgeBuilderImpl) KnowledgeBuilderFactory.newKnowledgeBuilder(conf);
  }

  /** Writes the classes of every package compiled by this build, which succeeded. */
  void keep(KnowledgeBuilderImpl builder) {
    keys.forEach(
        (pkg, key) -> {
          if (hits.containsKey(pkg)) {
            return;
          }
          PackageRegistry registry = builder.getPackageRegistry(pkg);
          if (registry != null
              && registry.getDialectRuntimeRegistry().getDialectData(JAVA)
                  instanceof JavaDialectRuntimeData java
              && !java.getStore().isEmpty()) {
            cache.write(key, Map.copyOf(java.getStore()));
          }
        });
  }

  /**
   * Classes by the source file Drools compiles them from. Drools' own grouping takes a class name's
   * first {@code $} for a nested class, but rule class names hold {@code $} for every character a
   * Java name cannot (rule "a-b" is {@code Rule_a$u45$b...}): a class is nested when a shorter name
   * up to one of its {@code $} is a class of the same package.
   */
  private static final class Precompiled extends InternalKieModule.CompilationCache {
    void add(Map<String, byte[]> classes) {
      Map<String, List<InternalKieModule.CompilationCacheEntry>> byResource =
          compilationCache.computeIfAbsent(JAVA, d -> new HashMap<>());
      for (Map.Entry<String, byte[]> e : classes.entrySet()) {
        byResource
            .computeIfAbsent(outer(e.getKey(), classes), r -> new ArrayList<>())
            .add(new InternalKieModule.CompilationCacheEntry(e.getKey(), e.getValue()));
      }
    }

    private static String outer(String resource, Map<String, byte[]> classes) {
      String name = resource.substring(0, resource.length() - ".class".length());
      String outer = resource;
      for (int i = name.indexOf('$'); i > 0; i = name.indexOf('$', i + 1)) {
        if (classes.containsKey(name.substring(0, i) + ".class")) {
          outer = name.substring(0, i) + ".class";
          break;
        }
      }
      return outer;
    }
  }

  /** A digest of the packages' text under this sandbox: what their compiled classes depend on. */
  static String key(SandboxPolicy sandbox, String packages) {
    StringBuilder extensions = new StringBuilder();
    new TreeSet<>(sandbox.extensions()).forEach(e -> extensions.append(e).append('\0'));
    return key(extensions.toString(), packages);
  }

  private static String key(String sourceContext, String packages) {
    StringBuilder text = new StringBuilder(FORMAT).append('\0');
    text.append(sourceContext).append('\0').append(packages);
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }
}
