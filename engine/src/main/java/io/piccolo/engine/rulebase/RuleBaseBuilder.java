package io.piccolo.engine.rulebase;

import io.piccolo.engine.decision.PolicyRules;
import io.piccolo.engine.fact.SignalEvent;
import io.piccolo.engine.sandbox.Refusal;
import io.piccolo.engine.sandbox.RuleSandbox;
import io.piccolo.engine.sandbox.SandboxPolicy;
import io.piccolo.engine.scenario.Condition;
import io.piccolo.engine.scenario.Conditions;
import io.piccolo.engine.scenario.Origin;
import io.piccolo.engine.scenario.ParamTemplate;
import io.piccolo.engine.scenario.Scenario;
import io.piccolo.engine.scenario.ScenarioAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.drools.base.base.ClassObjectType;
import org.drools.compiler.builder.impl.KnowledgeBuilderImpl;
import org.drools.compiler.compiler.DescrBuildError;
import org.drools.compiler.compiler.RuleBuildError;
import org.drools.core.reteoo.ObjectTypeNode;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsError;
import org.drools.drl.parser.DroolsParserException;
import org.drools.drl.parser.ParserError;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.kie.api.KieServices;
import org.kie.api.conf.EventProcessingOption;
import org.kie.api.definition.KiePackage;
import org.kie.api.io.Resource;
import org.kie.internal.builder.KnowledgeBuilderError;
import org.kie.internal.builder.conf.LanguageLevelOption;
import org.kie.internal.io.ResourceFactory;

/**
 * Builds a {@link RuleBase} from DRL text and scenarios. DRL is compiled by Drools at run time (no
 * Maven build of rules); scenarios go to the condition index, not to DRL, which keeps a large
 * scenario set cheap to build.
 */
public final class RuleBaseBuilder {
  /** Policies run right after the request they decide, before any other rule changes state. */
  private final List<RuleSource> drl = new ArrayList<>();

  private final List<Scenario> scenarios = new ArrayList<>();
  private Predicate<String> knownPath;
  private long eventRetentionMillis = DEFAULT_EVENT_RETENTION_MILLIS;

  /** How long a SignalEvent lives when no window bounds it. */
  public static final long DEFAULT_EVENT_RETENTION_MILLIS = 10 * 60_000;

  private boolean strictPaths;
  private SandboxPolicy sandbox = SandboxPolicy.defaults();
  private final List<RuleSandbox.SourceFile> parsed = new ArrayList<>();
  private RuleBase previous;
  private CompiledPackages pool;
  private int reused;
  private CompiledClassCache classCache;
  private int cached;
  private final Map<String, String> edgeRules = new HashMap<>();
  private final List<IndexedEdgeRule> indexedEdgeRules = new ArrayList<>();
  private List<KeptWindow> keptWindows = List.of();

  public RuleBaseBuilder addDrl(RuleSource source) {
    drl.add(source);
    return this;
  }

  public RuleBaseBuilder addScenarios(Collection<Scenario> more) {
    scenarios.addAll(more);
    return this;
  }

  /**
   * Checks every literal signal path against a catalogue: an unknown path is a warning, or an error
   * when {@code strict}.
   */
  public RuleBaseBuilder checkPaths(Predicate<String> known, boolean strict) {
    this.knownPath = known;
    this.strictPaths = strict;
    return this;
  }

  /** Caps how long any {@code SignalEvent} stays in the session (default 10 minutes). */
  public RuleBaseBuilder eventRetention(long millis) {
    if (millis <= 0) {
      throw new IllegalArgumentException("event retention must be positive, got " + millis + "ms");
    }
    this.eventRetentionMillis = millis;
    return this;
  }

  /** What rule code may use (default {@link SandboxPolicy#defaults()}). */
  public RuleBaseBuilder sandbox(SandboxPolicy policy) {
    this.sandbox = policy;
    return this;
  }

  /**
   * Takes the DRL packages {@code earlier} compiled whose files did not change and that share
   * nothing with one that did, instead of compiling them again: a reload of one file in a large
   * rule set compiles that file's package. The other settings must be those {@code earlier} was
   * built with.
   */
  public RuleBaseBuilder rebuildOf(RuleBase earlier) {
    this.previous = earlier;
    return this;
  }

  /**
   * Takes the DRL packages {@code pool} holds compiled from the same text instead of compiling them
   * again, and leaves there those this build compiles: rule sets that share files share their
   * compiled packages, within one build's checks and across builds. For rule bases whose sessions
   * all start fresh; see {@link CompiledPackages}. Takes the place of {@link #rebuildOf}.
   */
  public RuleBaseBuilder sharePackages(CompiledPackages pool) {
    this.pool = pool;
    return this;
  }

  /**
   * Takes the compiled classes of packages built before from {@code cache}, and keeps those this
   * build compiles there: a rule set built before builds without running the Java compiler.
   */
  public RuleBaseBuilder classCache(CompiledClassCache cache) {
    this.classCache = cache;
    return this;
  }

  public RuleBase build() throws RuleBaseException {
    long start = System.nanoTime();
    List<Problem> problems = new ArrayList<>();
    DrlAnalysis analysis = new DrlAnalysis();
    List<PackageDescr> packages = parseAll(analysis, problems);
    checkNames(packages, problems);
    checkPaths(analysis, problems);
    // compile even after other errors: an author sees every problem of every file at once
    PolicyRules.prioritise(analysis.policies);
    InternalKnowledgeBase kieBase = compile(packages, problems);
    if (problems.stream().anyMatch(Problem::isError)) {
      throw new RuleBaseException(problems);
    }
    EventExpiry eventExpiry = boundEventExpiry(kieBase, packages);
    List<String> ruleNames = new ArrayList<>();
    // a query is asked, never fired: it is not one of the rules
    packages.forEach(
        p ->
            p.getRules().stream()
                .filter(r -> !r.isQuery())
                .forEach(r -> ruleNames.add(r.getName())));
    Set<String> policyNames = new LinkedHashSet<>();
    analysis.policies.forEach(r -> policyNames.add(r.getName()));
    return new RuleBase(
        kieBase,
        RuleOrigins.of(packages),
        scenarios,
        analysis.signals.freeze(),
        analysis.events.freeze(),
        ruleNames,
        policyNames,
        problems,
        !packages.isEmpty(),
        eventExpiry.millis(),
        eventExpiry.byEngine(),
        System.nanoTime() - start,
        PackageReuse.fingerprints(parsed),
        reused,
        cached,
        edgeRules,
        indexedEdgeRules,
        keptWindows);
  }

  private List<PackageDescr> parseAll(DrlAnalysis analysis, List<Problem> problems) {
    List<PackageDescr> packages = new ArrayList<>();
    for (RuleSource source : drl) {
      Problem tooDeep = DrlNesting.check(source.origin(), source.text());
      if (tooDeep != null) {
        problems.add(tooDeep); // the parsers would hang or overflow on it
        continue;
      }
      if (!DrlPreparer.hasPackageOrNoCode(source.text())) {
        // the engine's imports go on the package line; anywhere else they would move columns
        problems.add(
            Problem.error(
                source.origin(),
                1,
                1,
                "a DRL file needs a package line before its rules, e.g. 'package rules.camera;'"
                    + " (the engine adds the imports of its facts there)"));
        continue;
      }
      String prepared = DrlPreparer.prepare(source.text());
      Resource resource =
          ResourceFactory.newByteArrayResource(prepared.getBytes(StandardCharsets.UTF_8));
      resource.setSourcePath(source.origin());
      DrlParser parser = new DrlParser(LanguageLevelOption.DRL6);
      PackageDescr pkg;
      try {
        pkg = parser.parse(resource);
      } catch (DroolsParserException | java.io.IOException e) {
        problems.add(Problem.error(source.origin(), 1, 1, e.getMessage()));
        continue;
      }
      if (parser.hasErrors() || pkg == null) {
        for (DroolsError error : parser.getErrors()) {
          problems.add(parseProblem(source.origin(), error));
        }
        continue;
      }
      pkg.setResource(resource);
      int before = problems.size();
      DrlLimits.check(source.origin(), pkg, problems);
      if (problems.size() > before) {
        continue; // Drools would fail on it with an exception, not a message
      }
      EdgeTrigger.rewrite(source.origin(), prepared, pkg, problems, edgeRules, indexedEdgeRules);
      packages.add(pkg);
      parsed.add(new RuleSandbox.SourceFile(source.origin(), source.text(), pkg));
    }
    // before the analysis: a window the engine keeps needs no SignalEvent in the session
    keptWindows = List.copyOf(KeptWindows.rewrite(packages).values());
    for (RuleSandbox.SourceFile f : parsed) {
      analysis.analyse(f.file(), f.pkg());
    }
    return packages;
  }

  private static Problem parseProblem(String file, DroolsError error) {
    String message = DroolsMessages.tidy(error.getMessage());
    if (error instanceof ParserError p && p.getRow() > 0) {
      return Problem.error(file, p.getRow(), p.getCol() + 1, message);
    }
    int[] at = DroolsMessages.position(error.getMessage());
    if (at != null) {
      return Problem.error(file, at[0], at[1], message);
    }
    int[] lines = error.getLines();
    return Problem.error(file, lines.length > 0 ? lines[0] : 1, 1, message);
  }

  private static InternalKnowledgeBase newKieBase() {
    var config = KieServices.get().newKieBaseConfiguration();
    config.setOption(EventProcessingOption.STREAM);
    return KnowledgeBaseFactory.newKnowledgeBase(config);
  }

  private InternalKnowledgeBase compile(List<PackageDescr> packages, List<Problem> problems) {
    InternalKnowledgeBase kieBase = newKieBase();
    if (packages.isEmpty()) {
      return kieBase;
    }
    // Drools evaluates some expressions while compiling, so the source is checked first and a
    // refused file is not compiled at all; the compiled classes are checked before any session.
    RuleSandbox check = new RuleSandbox(sandbox, parsed);
    Map<String, KiePackage> kept = keep(kieBase);
    if (kept == null) {
      kieBase = newKieBase(); // compiled again, from the source
      kept = Map.of();
    }
    Map<String, KiePackage> keptNow = kept;
    List<String> toCompile =
        packages.stream().map(PackageDescr::getName).filter(p -> !keptNow.containsKey(p)).toList();
    CompiledClasses classes =
        CompiledClasses.lookUp(
            classCache,
            check.sourceContext(),
            PackageReuse.fingerprints(parsed),
            distinct(toCompile));
    // classes are kept only for files that passed this check, under the same text and context
    if (refuse(check.checkSource(f -> classes.hit(f.pkg().getName())), problems)) {
      return kieBase;
    }
    KnowledgeBuilderImpl builder = classes.newBuilder();
    for (PackageDescr pkg : packages) {
      if (!kept.containsKey(pkg.getName()) && !addPackage(builder, pkg, problems)) {
        return kieBase;
      }
    }
    Map<String, String> texts = new HashMap<>();
    parsed.forEach(f -> texts.put(f.file(), f.text()));
    for (KnowledgeBuilderError error : builder.getErrors()) {
      List<Problem> placed =
          error instanceof RuleBuildError r
              ? ConsequenceErrors.locate(builder, r, fileOf(error), texts)
              : List.of();
      if (placed.isEmpty()) {
        problems.add(buildProblem(error));
      } else {
        problems.addAll(placed);
      }
    }
    if (!builder.hasErrors() && !refuse(check.checkCompiled(builder), problems)) {
      kieBase.addPackages(builder.getKnowledgePackages());
      if (!problems.stream().anyMatch(Problem::isError)) {
        classes.keep(builder);
        share(kieBase, toCompile);
      }
      cached = classes.hits();
    }
    return kieBase;
  }

  private static List<String> distinct(List<String> names) {
    return List.copyOf(new LinkedHashSet<>(names));
  }

  /**
   * Puts the packages an earlier build compiled, and this one may keep, into the new knowledge base
   * (Drools copies a package another knowledge base holds); none when that fails.
   */
  private Map<String, KiePackage> keep(InternalKnowledgeBase kieBase) {
    Map<String, String> fingerprints = PackageReuse.fingerprints(parsed);
    Map<String, KiePackage> kept =
        pool != null
            ? PackageReuse.reusable(pool, sandbox, fingerprints)
            : PackageReuse.reusable(previous, fingerprints);
    if (kept.isEmpty()) {
      return kept;
    }
    try {
      kieBase.addPackages(kept.values());
    } catch (RuntimeException e) {
      return null;
    }
    reused = kept.size();
    // Drools moves a declared type's class to the copy: the next build copies from this one
    if (pool != null) {
      for (String pkg : kept.keySet()) {
        pool.put(PackageReuse.poolKey(pkg, sandbox, fingerprints), kieBase, pkg);
      }
    }
    return kept;
  }

  /** Leaves the packages this build compiled in the pool, for the builds after it. */
  private void share(InternalKnowledgeBase kieBase, List<String> compiled) {
    if (pool == null) {
      return;
    }
    Map<String, String> fingerprints = PackageReuse.fingerprints(parsed);
    for (String pkg : distinct(compiled)) {
      pool.put(PackageReuse.poolKey(pkg, sandbox, fingerprints), kieBase, pkg);
    }
  }

  /**
   * A backstop for what Drools throws instead of reporting (a limit of the class file format, a
   * recursion too deep for the stack): the file is named, and nothing is built.
   */
  private static boolean addPackage(
      KnowledgeBuilderImpl builder, PackageDescr pkg, List<Problem> problems) {
    String file = pkg.getResource() == null ? "<drl>" : pkg.getResource().getSourcePath();
    try {
      builder.addPackage(pkg);
      return true;
    } catch (StackOverflowError e) {
      problems.add(
          Problem.error(
              file,
              1,
              1,
              "this file is nested too deeply for Drools to compile with the current thread stack;"
                  + " nest brackets less deeply (docs/rule-authoring.md gives the limits)"));
    } catch (RuntimeException e) {
      problems.add(
          Problem.error(
              file,
              1,
              1,
              "Drools could not compile this file: "
                  + DroolsMessages.tidy(String.valueOf(e.getMessage()))
                  + " (look for an over-long name or string, or a value out of range)"));
    }
    return false;
  }

  private static boolean refuse(List<Refusal> refusals, List<Problem> problems) {
    for (Refusal r : refusals) {
      problems.add(Problem.error(r.file(), r.line(), r.column(), r.message()));
    }
    return !refusals.isEmpty();
  }

  /**
   * Drools infers how long a {@code SignalEvent} must live from the windows and temporal operators
   * that match it; one pattern without either keeps every event forever. Cap that at the retention,
   * so memory stays bounded on an endless stream. When rules see events only through sliding time
   * windows, an event past the expiry is in no match, so the evaluator drops events itself, oldest
   * first, and Drools schedules no expiry job per event.
   *
   * @return the expiry in effect
   */
  private EventExpiry boundEventExpiry(InternalKnowledgeBase kieBase, List<PackageDescr> packages) {
    List<ObjectTypeNode> nodes = EventWindows.eventNodes(kieBase);
    EventWindows.keepInArrivalOrder(nodes);
    for (ObjectTypeNode node : nodes) {
      if (node.getObjectType() instanceof ClassObjectType type
          && type.getClassType() == SignalEvent.class) {
        long inferred = node.getExpirationOffset();
        if (inferred < 0 || inferred == Long.MAX_VALUE) {
          node.setExpirationOffset(eventRetentionMillis);
          return new EventExpiry(eventRetentionMillis, false);
        }
        // an @expires shorter than a window takes events out of it: Drools' own expiry, kept
        boolean byEngine =
            EventWindows.onlyThroughTimeWindows(nodes)
                && inferred >= EventWindows.longestWindow(nodes)
                && packages.stream().noneMatch(EventWindows::namedInCode);
        if (byEngine) {
          node.setExpirationOffset(-1); // no expiry job per event: the evaluator drops them
        }
        return new EventExpiry(inferred, byEngine);
      }
    }
    return new EventExpiry(0, false);
  }

  /** How long events live, and whether the evaluator, not Drools, drops them then. */
  private record EventExpiry(long millis, boolean byEngine) {}

  private static String fileOf(KnowledgeBuilderError error) {
    return error.getResource() != null && error.getResource().getSourcePath() != null
        ? error.getResource().getSourcePath()
        : "<drl>";
  }

  private static Problem buildProblem(KnowledgeBuilderError error) {
    String file = fileOf(error);
    int[] lines = error.getLines();
    int line = lines != null && lines.length > 0 ? lines[0] : 1;
    int column = error instanceof DescrBuildError d ? d.getColumn() + 1 : 1;
    return Problem.error(file, line, column, DroolsMessages.tidy(error.getMessage()));
  }

  /**
   * Scenario and rule names identify what made a request in the output, so they must be unique
   * across every file: scenarios, and DRL rules in any package.
   */
  private void checkNames(List<PackageDescr> packages, List<Problem> problems) {
    Map<String, String> seen = new HashMap<>();
    for (Scenario s : scenarios) {
      String first = seen.putIfAbsent(s.name(), s.origin().toString());
      if (first != null) {
        problems.add(
            Problem.error(
                s.origin().file(),
                s.origin().line(),
                s.origin().column(),
                "duplicate scenario name '" + s.name() + "' (first defined at " + first + ")"));
      }
    }
    for (PackageDescr pkg : packages) {
      String file = pkg.getResource() == null ? "<drl>" : pkg.getResource().getSourcePath();
      for (RuleDescr rule : pkg.getRules()) {
        String here = file + ":" + rule.getLine() + ":" + (rule.getColumn() + 1);
        String first = seen.putIfAbsent(rule.getName(), here);
        if (first != null) {
          problems.add(
              Problem.error(
                  file,
                  rule.getLine(),
                  rule.getColumn() + 1,
                  "rule name '"
                      + rule.getName()
                      + "' is already used at "
                      + first
                      + "; names must be unique across scenarios and rules"));
        }
      }
    }
  }

  private void checkPaths(DrlAnalysis analysis, List<Problem> problems) {
    if (knownPath == null) {
      return;
    }
    for (Scenario s : scenarios) {
      templatePaths(s, problems);
      if (s.condition() == null) {
        continue;
      }
      for (Conditions.SignalUse c : Conditions.signalUses(s.condition())) {
        if (!knownPath.test(c.path())) {
          problems.add(
              unknownPath(c.path(), c.origin().file(), c.origin().line(), c.origin().column()));
        }
      }
    }
    for (IndexedEdgeRule rule : indexedEdgeRules) {
      for (Condition.Comparison c : Conditions.comparisons(rule.scenario().condition())) {
        if (!knownPath.test(c.path())) {
          problems.add(
              unknownPath(c.path(), c.origin().file(), c.origin().line(), c.origin().column()));
        }
      }
    }
    for (DrlAnalysis.PathUse use : analysis.pathUses) {
      if (!knownPath.test(use.path())) {
        problems.add(unknownPath(use.path(), use.file(), use.line(), use.column() + 1));
      }
    }
  }

  /** The signals an action's {@code ${path}} parameters are filled from. */
  private void templatePaths(Scenario s, List<Problem> problems) {
    for (ScenarioAction a : s.actions()) {
      a.params()
          .forEach(
              (name, value) -> {
                if (!ParamTemplate.mayHold(value)) {
                  return;
                }
                Origin o = a.paramOrigins().getOrDefault(name, s.origin());
                for (String path : ParamTemplate.parse((String) value).paths()) {
                  if (!knownPath.test(path)) {
                    problems.add(unknownPath(path, o.file(), o.line(), o.column()));
                  }
                }
              });
    }
  }

  private Problem unknownPath(String path, String file, int line, int column) {
    String message = "signal '" + path + "' is not in the VSS catalogue";
    return strictPaths
        ? Problem.error(file, line, column, message)
        : Problem.warning(file, line, column, message);
  }
}
