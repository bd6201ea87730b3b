package io.piccolo.engine.rulebase;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.drools.drl.ast.descr.AndDescr;
import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.GlobalDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;

/**
 * Turns a rule with {@code @trigger(edge)} into one that runs its consequence once per episode of a
 * match: every firing inserts an {@code Episode} of the rule and the facts of its positive patterns
 * logically, and the consequence runs only when that episode is new. Drools retracts the episode
 * when the match goes away, which re-arms the rule; an update of a matched fact that keeps the
 * match finds the episode still held and runs nothing.
 *
 * <p>The guard goes on the consequence's first line of code, so every line of the file stays where
 * the author wrote it.
 */
final class EdgeTrigger {
  static final String ATTRIBUTE = "trigger";
  private static final String GLOBAL_TYPE = "io.piccolo.engine.EdgeEpisodes";
  private static final String GLOBAL = RuleBase.EDGE_GLOBAL;
  private static final String BOUND = "$piccoloEdge";

  private EdgeTrigger() {}

  /**
   * Rewrites the package's edge-triggered rules in place.
   *
   * @param text the text the package was parsed from, for the rules' fingerprints
   * @param fingerprints receives each edge-triggered rule's name and a hash of its text
   * @param indexed receives the rules the condition index evaluates ({@link SignalOnlyRule})
   */
  static void rewrite(
      String file,
      String text,
      PackageDescr pkg,
      List<Problem> problems,
      Map<String, String> fingerprints,
      List<IndexedEdgeRule> indexed) {
    boolean any = false;
    for (RuleDescr rule : pkg.getRules()) {
      AnnotationDescr trigger = rule.getAnnotation(ATTRIBUTE);
      if (trigger == null || !edge(file, text, rule, trigger, problems)) {
        continue;
      }
      String fingerprint = fingerprint(pkg.getName(), text, rule);
      fingerprints.put(rule.getName(), fingerprint);
      IndexedEdgeRule simple = SignalOnlyRule.compile(file, rule, fingerprint);
      if (simple != null) {
        indexed.add(simple);
        continue;
      }
      List<String> facts = new ArrayList<>();
      bindPositivePatterns(rule.getLhs(), facts);
      rule.setConsequence(guarded(String.valueOf(rule.getConsequence()), facts));
      any = true;
    }
    if (any && pkg.getGlobals().stream().noneMatch(g -> g.getIdentifier().equals(GLOBAL))) {
      pkg.addGlobal(new GlobalDescr(GLOBAL, GLOBAL_TYPE));
    }
  }

  /** Whether the rule asks for an edge trigger; a value other than edge or level is a problem. */
  private static boolean edge(
      String file, String text, RuleDescr rule, AnnotationDescr trigger, List<Problem> problems) {
    Object raw = trigger.getSingleValueStripped();
    String value = raw == null ? "" : String.valueOf(raw).strip();
    int line = trigger.getLine() > 0 ? trigger.getLine() : rule.getLine();
    int column = columnOf(text, line, "@" + ATTRIBUTE);
    if (rule.isQuery()) {
      problems.add(
          Problem.error(
              file,
              line,
              column,
              "query '"
                  + rule.getName()
                  + "': @trigger applies to rules; a query never fires (remove it)"));
      return false;
    }
    if (!value.equals("edge") && !value.equals("level")) {
      problems.add(
          Problem.error(
              file,
              line,
              column,
              "rule '"
                  + rule.getName()
                  + "': unknown trigger '"
                  + value
                  + "' (use @trigger(edge) to fire once per match, re-armed when it goes away, or"
                  + " @trigger(level), the default, to fire on every change of the match)"));
      return false;
    }
    if (value.equals("edge") && !rule.getNamedConsequences().isEmpty()) {
      problems.add(
          Problem.error(
              file,
              line,
              column,
              "rule '"
                  + rule.getName()
                  + "': @trigger(edge) guards the then block only; named consequences (then[...])"
                  + " would fire on every change: move their code into rules of their own"));
      return false;
    }
    return value.equals("edge");
  }

  /** Drools keeps no column for metadata: the first mention on its line, else the line's start. */
  private static int columnOf(String text, int line, String word) {
    String[] lines = text.split("\n", -1);
    int at = line >= 1 && line <= lines.length ? lines[line - 1].indexOf(word) : -1;
    return at < 0 ? 1 : at + 1;
  }

  /**
   * The patterns whose facts make a match what it is: positive patterns on working memory, outside
   * {@code not}, {@code exists}, {@code forall}, {@code or} and {@code from} (an accumulate's
   * result is a new object at every change, so it is not part of the episode). Unbound ones get a
   * name.
   */
  private static void bindPositivePatterns(AndDescr and, List<String> facts) {
    for (BaseDescr child : and.getDescrs()) {
      if (child instanceof AndDescr nested) {
        bindPositivePatterns(nested, facts);
      } else if (child instanceof PatternDescr p && p.getSource() == null && !p.isQuery()) {
        if (p.getIdentifier() == null || p.getIdentifier().isEmpty()) {
          p.setIdentifier(BOUND + facts.size());
        }
        facts.add(p.getIdentifier());
      }
    }
  }

  private static String guarded(String consequence, List<String> facts) {
    String guard =
        "if (!"
            + GLOBAL
            + ".open(drools.insertLogical(new io.piccolo.engine.fact.Episode("
            + "drools.getRule().getName(), new Object[] {"
            + String.join(", ", facts)
            + "})))) { return; } ";
    int code = 0;
    while (code < consequence.length() && Character.isWhitespace(consequence.charAt(code))) {
      code++;
    }
    return consequence.substring(0, code) + guard + consequence.substring(code);
  }

  /** The rule's own text and package: an unchanged rule keeps its episodes across a reload. */
  private static String fingerprint(String pkg, String text, RuleDescr rule) {
    int from = Math.max(0, rule.getStartCharacter());
    int to =
        rule.getEndCharacter() > from
            ? Math.min(text.length(), rule.getEndCharacter())
            : text.length();
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(pkg.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(text.substring(from, to).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
