package io.piccolo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.engine.rulebase.CompiledClassCache;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleBaseException;
import io.piccolo.engine.rulebase.RuleSource;
import io.piccolo.engine.sandbox.SandboxPolicy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Compiled classes kept between builds: taken when nothing they depend on changed, checked. */
class CompiledClassCacheTest {
  /** A cache in memory that counts what it was asked. */
  static final class MemoryCache implements CompiledClassCache {
    final Map<String, Map<String, byte[]>> kept = new HashMap<>();
    int reads;
    int writes;

    @Override
    public Optional<Map<String, byte[]>> read(String key) {
      reads++;
      return Optional.ofNullable(kept.get(key));
    }

    @Override
    public void write(String key, Map<String, byte[]> classes) {
      writes++;
      kept.put(key, new HashMap<>(classes));
    }
  }

  private static String launches(String pkg, String target) {
    return launchesWhat(pkg, pkg + "-fast", "\"" + target + "\"");
  }

  /** A package whose one rule launches what {@code code} gives. */
  private static String launchesWhat(String pkg, String rule, String code) {
    return "package "
        + pkg
        + ";\nrule \""
        + rule
        + "\" when Signal(path == \"Vehicle.Speed\", number > 100) then actions.launch("
        + code
        + "); end\n";
  }

  private static RuleBase build(CompiledClassCache cache, String... files)
      throws RuleBaseException {
    return build(cache, SandboxPolicy.defaults(), files);
  }

  private static RuleBase build(CompiledClassCache cache, SandboxPolicy sandbox, String... files)
      throws RuleBaseException {
    RuleBaseBuilder builder = new RuleBaseBuilder().classCache(cache).sandbox(sandbox);
    for (int i = 0; i < files.length; i++) {
      builder.addDrl(new RuleSource("f" + i + ".drl", files[i]));
    }
    return builder.build();
  }

  private static List<String> targets(RuleBase rules) {
    try (Evaluator e = new Evaluator(rules, EvaluatorOptions.simulation())) {
      SampleBatch batch = new SampleBatch();
      batch.add("Vehicle.Speed", 120.0);
      return e.step(0, batch).stream().map(DecidedAction::target).sorted().toList();
    }
  }

  @Test
  void aRuleSetBuiltBeforeTakesItsClassesFromTheCache() throws Exception {
    MemoryCache cache = new MemoryCache();
    RuleBase first = build(cache, launches("a", "camera"), launches("b", "radio"));
    assertEquals(0, first.cachedPackages());
    assertEquals(2, cache.writes, "one entry per compiled package");

    // the kept classes are what runs: a target rewritten in them is the one requested
    cache.kept.replaceAll((key, classes) -> rewriteString(classes, "camera", "from-cache"));
    RuleBase second = build(cache, launches("a", "camera"), launches("b", "radio"));
    assertEquals(2, second.cachedPackages());
    assertEquals(2, cache.writes, "nothing compiled, nothing written");
    assertEquals(List.of("from-cache", "radio"), targets(second));
  }

  @Test
  void aChangedPackageIsCompiledAgainAndTheOthersComeFromTheCache() throws Exception {
    MemoryCache cache = new MemoryCache();
    build(cache, launches("a", "camera"), launches("b", "radio"));
    RuleBase second = build(cache, launches("a", "camera"), launches("b", "wipers"));
    assertEquals(1, second.cachedPackages());
    assertEquals(List.of("camera", "wipers"), targets(second));
  }

  @Test
  void aPackageNamingAChangedPackageIsCompiledAgain() throws Exception {
    String declares = "package a;\ndeclare Fast level : int end\n";
    String uses =
        "package b;\nimport a.Fast;\nrule \"mark\" when Signal(path == \"Vehicle.Speed\", number >"
            + " 100) then insert(new Fast(1)); end\nrule \"use\" when Fast() then"
            + " actions.launch(\"fast\"); end\n";
    MemoryCache cache = new MemoryCache();
    build(cache, declares, uses);
    String changed = declares.replace("level : int", "level : int since : long");
    String usesChanged = uses.replace("new Fast(1)", "new Fast(1, 0L)");
    RuleBase second = build(cache, changed, usesChanged);
    assertEquals(0, second.cachedPackages());
    assertEquals(List.of("fast"), targets(second));
    // b's text alone unchanged, a changed: b's classes name a's type, so b compiles again
    RuleBase third = build(cache, declares.replace("level : int", "level : long"), uses);
    assertEquals(0, third.cachedPackages());
    assertEquals(List.of("fast"), targets(third));
  }

  @Test
  void classesKeptUnderOneAllowListAreNotTakenUnderAnother() throws Exception {
    String usesUuid = launchesWhat("a", "id", "java.util.UUID.randomUUID().toString()");
    MemoryCache cache = new MemoryCache();
    SandboxPolicy allowing = SandboxPolicy.defaults().allow(List.of("java.util.UUID"));
    assertEquals(0, build(cache, allowing, usesUuid).cachedPackages());
    assertEquals(1, build(cache, allowing, usesUuid).cachedPackages());
    RuleBaseException refused = assertThrows(RuleBaseException.class, () -> build(cache, usesUuid));
    assertTrue(refused.getMessage().contains("UUID"), refused.getMessage());
  }

  @Test
  void aFileJoiningAPackageBuiltBeforeHasTheWholePackageCheckedAgain() throws Exception {
    String readsClock = launchesWhat("a", "clock", "String.valueOf(System.currentTimeMillis())");
    MemoryCache cache = new MemoryCache();
    build(cache, launches("a", "camera"), launches("b", "radio"));
    // a's entry stands for a's files as they were: a new file in a is checked, and refused
    RuleBaseException refused =
        assertThrows(
            RuleBaseException.class,
            () -> build(cache, launches("a", "camera"), readsClock, launches("b", "radio")));
    assertTrue(refused.getMessage().contains("f1.drl:2"), refused.getMessage());
    assertTrue(refused.getMessage().contains("System"), refused.getMessage());
    // the packages the refused build shared with the first one still come from the cache
    RuleBase again = build(cache, launches("a", "camera"), launches("b", "radio"));
    assertEquals(2, again.cachedPackages());
    assertEquals(List.of("camera", "radio"), targets(again));
  }

  @Test
  void aFailedBuildKeepsNothing() {
    MemoryCache cache = new MemoryCache();
    String broken =
        "package a;\nrule \"broken\" when Signal(path == \"Vehicle.Speed\") then"
            + " actions.launch(undefinedVariable); end\n";
    assertThrows(RuleBaseException.class, () -> build(cache, broken));
    assertEquals(0, cache.writes);
    assertFalse(cache.reads == 0, "the cache was asked");
  }

  /** The classes with every string constant {@code from} replaced by {@code to}. */
  private static Map<String, byte[]> rewriteString(
      Map<String, byte[]> classes, String from, String to) {
    Map<String, byte[]> out = new HashMap<>();
    classes.forEach(
        (name, bytes) -> {
          ClassReader reader = new ClassReader(bytes);
          ClassWriter writer = new ClassWriter(reader, 0);
          reader.accept(
              new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public MethodVisitor visitMethod(
                    int access, String n, String d, String s, String[] e) {
                  return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, n, d, s, e)) {
                    @Override
                    public void visitLdcInsn(Object value) {
                      super.visitLdcInsn(from.equals(value) ? to : value);
                    }
                  };
                }
              },
              0);
          out.put(name, writer.toByteArray());
        });
    return out;
  }
}
