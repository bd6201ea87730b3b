package io.piccolo.simulator.bench;

import io.piccolo.engine.fact.Signal;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.kie.api.KieServices;
import org.kie.api.conf.EventProcessingOption;
import org.kie.api.io.ResourceType;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ClockTypeOption;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.api.time.SessionPseudoClock;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.io.ResourceFactory;

/**
 * The baseline of {@code bench drl}: the plain rules in a Drools STREAM session of their own, with
 * the engine's {@code Signal} facts updated in place, one {@code fireAllRules} per instant and a
 * global that counts requests. No requests as facts, no policies, no decisions.
 */
final class PlainDroolsSession implements AutoCloseable {
  private final KieSession session;
  private final SessionPseudoClock clock;
  private final CountingActions actions = new CountingActions();
  private final Signal[] signals;
  private final FactHandle[] handles;

  PlainDroolsSession(InternalKnowledgeBase kieBase, int signalCount) {
    KieSessionConfiguration config = KieServices.get().newKieSessionConfiguration();
    config.setOption(ClockTypeOption.get("pseudo"));
    this.session = kieBase.newKieSession(config, null);
    this.clock = session.getSessionClock();
    session.setGlobal("actions", actions);
    this.signals = new Signal[signalCount];
    this.handles = new FactHandle[signalCount];
  }

  static InternalKnowledgeBase build(String drl) {
    KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder();
    builder.add(
        ResourceFactory.newByteArrayResource(drl.getBytes(StandardCharsets.UTF_8)),
        ResourceType.DRL);
    if (builder.hasErrors()) {
      throw new IllegalStateException("the baseline's rules do not build: " + builder.getErrors());
    }
    var config = KieServices.get().newKieBaseConfiguration();
    config.setOption(EventProcessingOption.STREAM);
    InternalKnowledgeBase kieBase = KnowledgeBaseFactory.newKnowledgeBase(config);
    kieBase.addPackages(builder.getKnowledgePackages());
    return kieBase;
  }

  void advance() {
    clock.advanceTime(1, TimeUnit.MILLISECONDS);
  }

  void apply(int signal, String path, double value) {
    Signal fact = signals[signal];
    if (fact == null) {
      signals[signal] = fact = new Signal(path, value, clock.getCurrentTime());
      handles[signal] = session.insert(fact);
    } else {
      fact.set(value, clock.getCurrentTime());
      session.update(handles[signal], fact);
    }
  }

  void fire() {
    session.fireAllRules();
  }

  long requests() {
    return actions.requests();
  }

  @Override
  public void close() {
    session.dispose();
  }
}
