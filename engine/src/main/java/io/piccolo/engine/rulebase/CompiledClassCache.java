package io.piccolo.engine.rulebase;

import java.util.Map;
import java.util.Optional;

/**
 * Keeps the Java classes compiled from a DRL package's consequences, {@code eval}s and functions
 * between builds, so a package built before is not compiled again. A key names a package's text
 * with that of every package it names, the sandbox's allow-list and the cache's format; an
 * implementation adds what else the classes depend on (the classpath, the JVM) to it. A cache that
 * cannot read or write answers as if it held nothing: a build never fails because of it.
 */
public interface CompiledClassCache {
  /** The classes kept for {@code key}, by resource name ({@code a/b/Rule_x.class}). */
  Optional<Map<String, byte[]>> read(String key);

  /** Keeps {@code classes} for {@code key}, replacing what was kept for it. */
  void write(String key, Map<String, byte[]> classes);
}
