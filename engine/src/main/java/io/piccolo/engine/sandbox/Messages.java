package io.piccolo.engine.sandbox;

/** Why a use is refused and what to use instead, in the author's terms. */
final class Messages {
  static final String ALLOWED =
      "rules may use facts, actions, declared types, the file's functions, String, numbers,"
          + " Math, java.util collections and java.time values (see the sandbox in"
          + " docs/rule-authoring.md)";

  private Messages() {}

  /** A method called on a value that no allowed class has. */
  static String refusedMethod(String name) {
    if (SandboxPolicy.REFUSED_EVERYWHERE.contains(name)) {
      return refused("java.lang.Object", name);
    }
    return "'" + name + "(...)' is not a method rules may call; " + ALLOWED;
  }

  static String refused(Reference use) {
    if (SandboxPolicy.DEFAULT_LOCALE.contains(
        use.owner() + "#" + use.member() + "#" + use.descriptor())) {
      return defaultLocale(use.describe());
    }
    return refused(use.owner(), use.member());
  }

  /** A method that formats with the process's default locale. */
  static String defaultLocale(String what) {
    return "'"
        + what
        + "' without a Locale uses the machine's default locale, so a rule would not decide the"
        + " same way everywhere; pass one, e.g. String.format(java.util.Locale.ROOT, ...) or"
        + " toUpperCase(java.util.Locale.ROOT)";
  }

  /** A member ({@code member} non-null) or a class ({@code member} null) is refused. */
  static String refused(String owner, String member) {
    String what = new Reference(owner, member, 0).describe();
    if (member != null && SandboxPolicy.WALL_CLOCK.contains(member)
        || owner.equals("java.lang.System")
            && ("currentTimeMillis".equals(member) || "nanoTime".equals(member))) {
      return "'"
          + what
          + "' reads the wall clock; rules read the session clock: use a fact's time (e.g."
          + " Signal's time) instead";
    }
    if ("getClass".equals(member)
        || owner.equals("java.lang.Class")
        || owner.startsWith("java.lang.reflect.")) {
      return "'" + what + "' is reflection, which rules may not use; " + ALLOWED;
    }
    if (owner.equals("org.drools.core.rule.consequence.KnowledgeHelper")
        || owner.equals("org.kie.api.runtime.rule.RuleContext")) {
      return "'"
          + (member == null ? "drools" : "drools." + member)
          + "' is not allowed: on drools and kcontext rules may use getRule(), insert, update"
          + " and delete only";
    }
    if (member != null && member.startsWith("ofLocalized")) {
      return defaultLocale(what);
    }
    if (member != null
        && SandboxPolicy.REFUSED_MEMBERS.getOrDefault(owner, java.util.Set.of()).contains(member)
        && !"shuffle".equals(member)) {
      return "'" + what + "' reads a system property, which rules may not use; " + ALLOWED;
    }
    if ("printStackTrace".equals(member)) {
      return "'" + what + "' writes to the process's output, which rules may not use; " + ALLOWED;
    }
    if ("random".equals(member) || "shuffle".equals(member)) {
      return "'"
          + what
          + "' is random, so a replay would not decide the same way twice; "
          + ALLOWED;
    }
    return "'" + what + "' is not allowed in rules; " + ALLOWED;
  }
}
