package io.piccolo.simulator.bench;

import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleSource;
import io.piccolo.engine.sandbox.RuleSandbox;
import io.piccolo.engine.sandbox.SandboxPolicy;
import java.util.List;
import org.drools.compiler.builder.impl.KnowledgeBuilderImpl;
import org.drools.drl.parser.DrlParser;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.conf.LanguageLevelOption;
import org.kie.internal.io.ResourceFactory;

/**
 * How long the rule sandbox takes on a generated DRL base: the whole build (which includes the
 * check), then the source check and the bytecode check alone. Run: {@code java -cp
 * gateway/target/piccolo.jar io.piccolo.simulator.bench.SandboxBench 1000}.
 */
public final class SandboxBench {
  private SandboxBench() {}

  public static void main(String[] a) throws Exception {
    int n = a.length > 0 ? Integer.parseInt(a[0]) : 1000;
    StringBuilder drl =
        new StringBuilder(
            "package bench;\nimport io.piccolo.engine.fact.*; import io.piccolo.engine.Actions; global Actions actions;\n");
    for (int i = 0; i < n; i++)
      drl.append(
          "rule \"r"
              + i
              + "\"\nwhen\n  $s : Signal(path == \"Vehicle.S"
              + i
              + "\", number > "
              + i
              + ", $t : time)\nthen\n  actions.request(\"launch\", \"t"
              + i
              + "\", java.util.Map.of(\"at\", Math.max($t, 0L)));\nend\n");
    String text = drl.toString();
    for (int round = 0; round < 3; round++) {
      long t0 = System.nanoTime();
      new RuleBaseBuilder().addDrl(new RuleSource("bench.drl", text)).build();
      long t1 = System.nanoTime();
      var res = ResourceFactory.newByteArrayResource(text.getBytes());
      var pkg = new DrlParser(LanguageLevelOption.DRL6).parse(res);
      pkg.setResource(res);
      RuleSandbox sb =
          new RuleSandbox(
              SandboxPolicy.defaults(),
              List.of(new RuleSandbox.SourceFile("bench.drl", text, pkg)));
      long s0 = System.nanoTime();
      if (!sb.checkSource().isEmpty()) {
        throw new IllegalStateException("the generated rules were refused");
      }
      long s1 = System.nanoTime();
      KnowledgeBuilderImpl kb =
          (KnowledgeBuilderImpl) KnowledgeBuilderFactory.newKnowledgeBuilder();
      kb.addPackage(pkg);
      long c0 = System.nanoTime();
      if (!sb.checkCompiled(kb).isEmpty()) {
        throw new IllegalStateException("the generated rules were refused");
      }
      long c1 = System.nanoTime();
      System.out.printf(
          "rules=%d build(with check)=%.0f ms  source check=%.0f ms  bytecode check=%.0f ms%n",
          n, (t1 - t0) / 1e6, (s1 - s0) / 1e6, (c1 - c0) / 1e6);
    }
  }
}
