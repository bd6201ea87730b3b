package io.piccolo.engine.sandbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves a name in a rule file to a class as Drools and MVEL would: MVEL's own names ({@code
 * System}, {@code Runtime}, {@code Array}, ...), declared types, imports, the file's package,
 * {@code java.lang}, then fully qualified names (nested classes too). Classes are looked up without
 * being initialised, so resolving runs no code.
 */
final class TypeNames {
  private final String pkg;
  private final Map<String, String> single = new HashMap<>();
  private final List<String> wildcards = new ArrayList<>();
  private final Set<String> declared;
  private final ClassLoader loader;
  private final Map<String, Optional<String>> cache = new HashMap<>();

  /**
   * MVEL resolves these simple names to its own classes before imports and declared types, so an
   * expression means them whatever else the file defines ({@code AbstractParser.LITERALS}).
   */
  private static final Map<String, String> MVEL_NAMES = mvelNames();

  private static Map<String, String> mvelNames() {
    Map<String, String> names = new HashMap<>();
    for (String n :
        List.of(
            "System",
            "String",
            "CharSequence",
            "Integer",
            "Long",
            "Boolean",
            "Short",
            "Character",
            "Double",
            "Float",
            "Byte",
            "Math",
            "Void",
            "Object",
            "Number",
            "Class",
            "ClassLoader",
            "Runtime",
            "Thread",
            "Exception",
            "StringBuilder")) {
      names.put(n, "java.lang." + n);
    }
    names.put("Array", "java.lang.reflect.Array");
    return Map.copyOf(names);
  }

  /**
   * @param imports import targets as written ({@code java.util.Map}, {@code java.util.*})
   * @param declared fully qualified names of the types the files declare
   */
  TypeNames(String pkg, List<String> imports, Set<String> declared, ClassLoader loader) {
    this.pkg = pkg;
    this.declared = declared;
    this.loader = loader;
    for (String target : imports) {
      if (target.endsWith(".*")) {
        wildcards.add(target.substring(0, target.length() - 2));
      } else {
        single.put(target.substring(target.lastIndexOf('.') + 1), target);
      }
    }
    wildcards.add("java.lang");
  }

  boolean isDeclared(String className) {
    return declared.contains(className);
  }

  /** The binary name of the class {@code name} means here, if it means one. */
  Optional<String> resolve(String name) {
    return cache.computeIfAbsent(name, this::lookup);
  }

  private Optional<String> lookup(String name) {
    if (!name.contains(".")) {
      if (MVEL_NAMES.containsKey(name)) {
        return Optional.of(MVEL_NAMES.get(name));
      }
      String local = pkg.isEmpty() ? name : pkg + "." + name;
      if (declared.contains(local)) {
        return Optional.of(local);
      }
      String imported = single.get(name);
      if (imported != null) {
        return binaryName(imported);
      }
      Optional<String> inPackage = exists(local);
      if (inPackage.isPresent()) {
        return inPackage;
      }
      for (String w : wildcards) {
        Optional<String> found = exists(w + "." + name);
        if (found.isPresent()) {
          return found;
        }
      }
      return Optional.empty();
    }
    if (declared.contains(name)) {
      return Optional.of(name);
    }
    String head = name.substring(0, name.indexOf('.'));
    Optional<String> outer = name.contains(".") ? lookup(head) : Optional.empty();
    if (outer.isPresent()) {
      Optional<String> nested =
          exists(outer.get() + "$" + name.substring(head.length() + 1).replace('.', '$'));
      if (nested.isPresent()) {
        return nested;
      }
    }
    return binaryName(name);
  }

  /** {@code a.b.C.D} as the class {@code a.b.C$D} if that is what exists. */
  private Optional<String> binaryName(String dotted) {
    String candidate = dotted;
    while (true) {
      Optional<String> found = exists(candidate);
      if (found.isPresent()) {
        return found;
      }
      int dot = candidate.lastIndexOf('.');
      if (dot < 0) {
        return Optional.empty();
      }
      candidate = candidate.substring(0, dot) + "$" + candidate.substring(dot + 1);
    }
  }

  private Optional<String> exists(String binaryName) {
    if (declared.contains(binaryName)) {
      return Optional.of(binaryName);
    }
    try {
      return Optional.of(Class.forName(binaryName, false, loader).getName());
    } catch (ClassNotFoundException | LinkageError | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
