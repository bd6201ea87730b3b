package io.piccolo.engine.sandbox;

import io.piccolo.engine.Actions;
import io.piccolo.engine.EdgeEpisodes;
import io.piccolo.engine.fact.ActionRequest;
import io.piccolo.engine.fact.ActionResult;
import io.piccolo.engine.fact.DeadlineMiss;
import io.piccolo.engine.fact.Decision;
import io.piccolo.engine.fact.ModelSpec;
import io.piccolo.engine.fact.ModelState;
import io.piccolo.engine.fact.NetworkUsage;
import io.piccolo.engine.fact.PackageSpec;
import io.piccolo.engine.fact.PackageState;
import io.piccolo.engine.fact.PolicySpec;
import io.piccolo.engine.fact.ResourceState;
import io.piccolo.engine.fact.ScenarioState;
import io.piccolo.engine.fact.Signal;
import io.piccolo.engine.fact.SignalEvent;
import io.piccolo.engine.fact.SignalValues;
import io.piccolo.engine.fact.WindowValue;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What rule code may use: the engine's facts and {@code actions}, value types and pure methods. A
 * reference is allowed when its class is on the list (and, for the few classes that list their
 * members, the member is one of them) and the member is not one refused everywhere (reflection,
 * monitors, the wall clock, randomness, printing a stack trace) nor one of the few members of
 * allowed classes that read system properties or are random ({@link #REFUSED_MEMBERS}). Declared
 * types and functions of the rule files are always allowed; the checker adds them.
 *
 * <p>A deployment extends the list with {@link #allow}: {@code a.b.C} allows a class, {@code a.b.*}
 * a package, {@code a.b.C#m} one member of a class (this also lifts a refusal everywhere, such as
 * {@code java.time.Instant#now}).
 */
public final class SandboxPolicy {
  /** Engine facts and the {@code actions} global: every fact a rule matches or creates. */
  static final List<Class<?>> ENGINE_TYPES =
      List.of(
          Actions.class,
          EdgeEpisodes.class,
          ActionRequest.class,
          ActionResult.class,
          Decision.class,
          Signal.class,
          SignalEvent.class,
          WindowValue.class,
          ResourceState.class,
          ScenarioState.class,
          PackageState.class,
          ModelState.class,
          PackageSpec.class,
          ModelSpec.class,
          PolicySpec.class,
          NetworkUsage.class,
          DeadlineMiss.class,
          SignalValues.class);

  private static final List<String> VALUE_TYPES =
      List.of(
          "java.lang.String",
          "java.lang.CharSequence",
          "java.lang.StringBuilder",
          "java.lang.Math",
          "java.lang.StrictMath",
          "java.lang.Number",
          "java.lang.Integer",
          "java.lang.Long",
          "java.lang.Double",
          "java.lang.Float",
          "java.lang.Short",
          "java.lang.Byte",
          "java.lang.Boolean",
          "java.lang.Character",
          "java.lang.Comparable",
          "java.lang.Iterable",
          "java.lang.IllegalArgumentException",
          "java.lang.IllegalStateException",
          "java.lang.ArithmeticException",
          "java.lang.RuntimeException",
          "java.math.BigDecimal",
          "java.math.BigInteger",
          "java.math.RoundingMode",
          "java.math.MathContext",
          "java.util.Collection",
          "java.util.List",
          "java.util.ArrayList",
          "java.util.LinkedList",
          "java.util.Map",
          "java.util.Map$Entry",
          "java.util.HashMap",
          "java.util.LinkedHashMap",
          "java.util.TreeMap",
          "java.util.SortedMap",
          "java.util.NavigableMap",
          "java.util.Set",
          "java.util.HashSet",
          "java.util.LinkedHashSet",
          "java.util.TreeSet",
          "java.util.SortedSet",
          "java.util.NavigableSet",
          "java.util.Queue",
          "java.util.Deque",
          "java.util.ArrayDeque",
          "java.util.PriorityQueue",
          "java.util.Iterator",
          "java.util.ListIterator",
          "java.util.Collections",
          "java.util.Arrays",
          "java.util.Objects",
          "java.util.Optional",
          "java.util.OptionalInt",
          "java.util.OptionalLong",
          "java.util.OptionalDouble",
          "java.util.Comparator",
          "java.util.StringJoiner",
          "java.util.function.*",
          "java.util.stream.Stream",
          "java.util.stream.IntStream",
          "java.util.stream.LongStream",
          "java.util.stream.DoubleStream",
          "java.util.stream.Collectors",
          "java.util.stream.Collector",
          "java.time.Duration",
          "java.time.Instant",
          "java.time.LocalDate",
          "java.time.LocalDateTime",
          "java.time.LocalTime",
          "java.time.ZonedDateTime",
          "java.time.OffsetDateTime",
          "java.time.OffsetTime",
          "java.time.ZoneId",
          "java.time.ZoneOffset",
          "java.time.Period",
          "java.time.DayOfWeek",
          "java.time.Month",
          "java.time.Year",
          "java.time.YearMonth",
          "java.time.MonthDay",
          "java.time.temporal.ChronoUnit",
          "java.time.temporal.ChronoField",
          "java.time.format.DateTimeFormatter");

  /**
   * Classes of which only the listed members may be used. The Drools handles ({@code drools},
   * {@code kcontext}) name their rule and change working memory, nothing else; the others are what
   * Drools' own generated code calls.
   */
  private static final Map<String, Set<String>> ONLY_MEMBERS =
      Map.of(
          "java.lang.Object", Set.of("<init>", "equals", "hashCode", "toString"),
          "java.lang.Enum", Set.of("name", "ordinal", "compareTo", "equals", "toString"),
          "org.drools.core.rule.consequence.KnowledgeHelper", handleMembers(),
          "org.kie.api.runtime.rule.RuleContext", handleMembers(),
          "org.kie.api.definition.rule.Rule", Set.of("getName", "getPackageName", "getMetaData"),
          "org.drools.mvel.field.FieldFactory", Set.of("getInstance", "getFieldValue"),
          "java.util.Locale",
              Set.of(
                  "ROOT",
                  "ENGLISH",
                  "US",
                  "UK",
                  "forLanguageTag",
                  "toLanguageTag",
                  "equals",
                  "hashCode",
                  "toString"));

  /**
   * Overloads that format with the process's default locale (a decimal comma on one machine, a
   * point on another), as {@code class#method#descriptor}; the overloads taking a {@code Locale}
   * stay allowed.
   */
  static final Set<String> DEFAULT_LOCALE =
      Set.of(
          "java.lang.String#format#(Ljava/lang/String;[Ljava/lang/Object;)Ljava/lang/String;",
          "java.lang.String#formatted#([Ljava/lang/Object;)Ljava/lang/String;",
          "java.lang.String#toUpperCase#()Ljava/lang/String;",
          "java.lang.String#toLowerCase#()Ljava/lang/String;",
          "java.time.format.DateTimeFormatter#ofPattern#"
              + "(Ljava/lang/String;)Ljava/time/format/DateTimeFormatter;");

  /** Drools' generated code for {@code modify} and property reactivity. */
  private static final List<String> ENGINE_INTERNALS =
      List.of("io.piccolo.engine.fact.*", "org.drools.util.bitmask.*");

  /**
   * Refused on every class: reflection and monitors ({@code getClass}, {@code wait}, ...), the wall
   * clock (rules read the session clock) and randomness (a replay must decide the same way twice).
   */
  static final Set<String> REFUSED_EVERYWHERE =
      Set.of(
          "getClass",
          "wait",
          "notify",
          "notifyAll",
          "finalize",
          "getDeclaringClass",
          "describeConstable",
          "now",
          "systemDefault",
          "random",
          "printStackTrace");

  /**
   * Members of allowed classes that reach outside the rule: system properties ({@code
   * Integer.getInteger}, {@code Long.getLong}, {@code Boolean.getBoolean}) and randomness ({@code
   * Collections.shuffle}).
   */
  static final Map<String, Set<String>> REFUSED_MEMBERS =
      Map.of(
          "java.lang.Integer", Set.of("getInteger"),
          "java.lang.Long", Set.of("getLong"),
          "java.lang.Boolean", Set.of("getBoolean"),
          "java.util.Collections", Set.of("shuffle"),
          "java.time.format.DateTimeFormatter",
              Set.of("ofLocalizedDate", "ofLocalizedTime", "ofLocalizedDateTime"));

  static final Set<String> WALL_CLOCK = Set.of("now", "systemDefault");

  private final Set<String> classes;
  private final Set<String> packages;
  private final Map<String, Set<String>> onlyMembers;
  private final Set<String> extraMembers;
  private final List<String> extensions;
  private Set<String> methodNames;

  private SandboxPolicy(
      Set<String> classes,
      Set<String> packages,
      Map<String, Set<String>> onlyMembers,
      Set<String> extraMembers,
      List<String> extensions) {
    this.classes = classes;
    this.packages = packages;
    this.onlyMembers = onlyMembers;
    this.extraMembers = extraMembers;
    this.extensions = extensions;
  }

  private static Set<String> handleMembers() {
    return Set.of("getRule", "insert", "insertLogical", "update", "delete", "retract");
  }

  /** The engine's facts, {@code actions}, value types and pure methods. */
  public static SandboxPolicy defaults() {
    Set<String> classes = new HashSet<>();
    Set<String> packages = new HashSet<>();
    ENGINE_TYPES.forEach(c -> classes.add(c.getName()));
    for (String entry : VALUE_TYPES) {
      addClassOrPackage(entry, classes, packages);
    }
    ENGINE_INTERNALS.forEach(entry -> addClassOrPackage(entry, classes, packages));
    return new SandboxPolicy(classes, packages, ONLY_MEMBERS, Set.of(), List.of());
  }

  private static void addClassOrPackage(String entry, Set<String> classes, Set<String> packages) {
    if (entry.endsWith(".*")) {
      packages.add(entry.substring(0, entry.length() - 2));
    } else {
      classes.add(entry);
    }
  }

  /**
   * This policy with more allowed: each entry is {@code a.b.C} (a class), {@code a.b.*} (a package)
   * or {@code a.b.C#member} (one method or field; {@code <init>} for constructors).
   *
   * @throws IllegalArgumentException for an entry of another shape, naming it
   */
  public SandboxPolicy allow(Collection<String> entries) {
    Set<String> moreClasses = new HashSet<>(classes);
    Set<String> morePackages = new HashSet<>(packages);
    Set<String> moreMembers = new HashSet<>(extraMembers);
    List<String> all = new java.util.ArrayList<>(extensions);
    for (String entry : entries) {
      String e = entry == null ? "" : entry.trim();
      if (!e.matches("[\\w$]+(\\.[\\w$]+)*(\\.\\*|#[\\w$<>]+)?")) {
        throw new IllegalArgumentException(
            "'"
                + entry
                + "' is not an allow-list entry: write a class (java.util.UUID), a package"
                + " (java.util.concurrent.*) or a member (java.util.UUID#randomUUID)");
      }
      if (e.contains("#")) {
        moreMembers.add(e);
      } else {
        addClassOrPackage(e, moreClasses, morePackages);
      }
      all.add(e);
    }
    return new SandboxPolicy(moreClasses, morePackages, onlyMembers, moreMembers, List.copyOf(all));
  }

  /** The entries added to the defaults, in order. */
  public List<String> extensions() {
    return extensions;
  }

  /** Whether code may name {@code className} at all: create it, refer to its class, call it. */
  public boolean allowsType(String className) {
    return classes.contains(className)
        || onlyMembers.containsKey(className)
        || packages.contains(packageOf(className));
  }

  /** Whether code may use {@code member} (a method, field or {@code <init>}) of {@code owner}. */
  public boolean allowsMember(String owner, String member) {
    if (extraMembers.contains(owner + "#" + member)) {
      return true;
    }
    if (member != null && REFUSED_EVERYWHERE.contains(member)
        || member != null && REFUSED_MEMBERS.getOrDefault(owner, Set.of()).contains(member)) {
      return false;
    }
    Set<String> only = onlyMembers.get(owner);
    if (only != null) {
      return only.contains(member);
    }
    return classes.contains(owner) || packages.contains(packageOf(owner));
  }

  /** Like {@link #allowsMember(String, String)}, and not an overload using the default locale. */
  public boolean allowsMember(String owner, String member, String descriptor) {
    if (descriptor != null
        && DEFAULT_LOCALE.contains(owner + "#" + member + "#" + descriptor)
        && !extraMembers.contains(owner + "#" + member)) {
      return false;
    }
    return allowsMember(owner, member);
  }

  /**
   * Whether some allowed class has a public method of this name. An expression's receiver can only
   * be a value of an allowed type (facts, literals, results of allowed methods), so a method name
   * no allowed class has cannot be called safely on it.
   */
  public synchronized boolean allowsMethodName(String name) {
    if (methodNames == null) {
      methodNames = collectMethodNames();
    }
    return methodNames.contains(name);
  }

  private Set<String> collectMethodNames() {
    Set<String> names = new LinkedHashSet<>();
    Set<String> owners = new HashSet<>(classes);
    owners.addAll(onlyMembers.keySet());
    for (String owner : owners) {
      Class<?> type = load(owner);
      if (type == null) {
        continue;
      }
      for (Method m : type.getMethods()) {
        if (Modifier.isPublic(m.getModifiers()) && allowsMember(owner, m.getName())) {
          names.add(m.getName());
        }
      }
    }
    for (String member : extraMembers) {
      names.add(member.substring(member.indexOf('#') + 1));
    }
    return names;
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, SandboxPolicy.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  static String packageOf(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? "" : className.substring(0, dot);
  }
}
