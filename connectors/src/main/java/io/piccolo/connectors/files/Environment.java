package io.piccolo.connectors.files;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * What compiled rule classes depend on outside the rule files: the JVM, and every jar and folder of
 * the classpath (PICCOLO itself, Drools, any class a deployment allows rules to use), each by name,
 * size and modification time.
 */
final class Environment {
  static final String CURRENT = describe();

  private Environment() {}

  private static String describe() {
    StringBuilder out = new StringBuilder();
    out.append(Runtime.version()).append('\0');
    out.append(System.getProperty("java.vm.name")).append('\0');
    for (Path entry : classpath()) {
      out.append(entry).append('\0');
      stamp(entry, out);
    }
    return out.toString();
  }

  /** The classpath's entries, with those a jar's manifest adds (as {@code java -jar} reads it). */
  private static List<Path> classpath() {
    Set<Path> entries = new LinkedHashSet<>();
    for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      if (e.isEmpty()) {
        continue;
      }
      Path path = Path.of(e).toAbsolutePath().normalize();
      entries.add(path);
      if (Files.isRegularFile(path)) {
        entries.addAll(manifestClassPath(path));
      }
    }
    return new ArrayList<>(entries);
  }

  private static List<Path> manifestClassPath(Path jar) {
    List<Path> out = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile(), false)) {
      Manifest manifest = file.getManifest();
      String classPath =
          manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
      if (classPath == null) {
        return out;
      }
      Path base = jar.getParent();
      for (String e : classPath.trim().split("\\s+")) {
        if (!e.isEmpty()) {
          String local = e.startsWith("file:") ? Path.of(java.net.URI.create(e)).toString() : e;
          out.add(base.resolve(local).toAbsolutePath().normalize());
        }
      }
    } catch (IOException | RuntimeException e) {
      // an unreadable jar is stamped by its size and time alone
    }
    return out;
  }

  private static void stamp(Path entry, StringBuilder out) {
    try {
      if (Files.isDirectory(entry)) {
        try (Stream<Path> files = Files.walk(entry)) {
          files
              .filter(Files::isRegularFile)
              .sorted()
              .forEach(
                  f -> {
                    out.append(entry.relativize(f)).append(' ');
                    stampFile(f, out);
                  });
        }
      } else {
        stampFile(entry, out);
      }
    } catch (IOException | RuntimeException e) {
      out.append("unreadable\0");
    }
  }

  private static void stampFile(Path file, StringBuilder out) {
    try {
      out.append(Files.size(file))
          .append(' ')
          .append(Files.getLastModifiedTime(file).toMillis())
          .append('\0');
    } catch (IOException e) {
      out.append("missing\0");
    }
  }
}
