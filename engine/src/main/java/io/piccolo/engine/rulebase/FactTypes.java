package io.piccolo.engine.rulebase;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fact types every DRL file can match without an import: the classes of the packages the engine
 * imports into each file, read from the class path so a new fact class is offered at once.
 */
public final class FactTypes {
  private static final Pattern WILDCARD = Pattern.compile("import\\s+([\\w.]+)\\.\\*\\s*;");
  private static final Pattern GETTER = Pattern.compile("(?:get|is)([A-Z]\\w*)");
  private static final Pattern QUALIFIER = Pattern.compile("\\b[a-z]\\w*\\.");
  private static volatile List<Class<?>> all;

  private FactTypes() {}

  /** The imported classes that have bean properties, by simple name. */
  public static List<Class<?>> all() {
    if (all == null) {
      List<Class<?>> found = new ArrayList<>();
      Matcher m = WILDCARD.matcher(DrlPreparer.IMPORTS);
      while (m.find()) {
        for (String name : classNames(m.group(1))) {
          load(name).filter(c -> !properties(c).isEmpty()).ifPresent(found::add);
        }
      }
      found.sort(Comparator.comparing(Class::getSimpleName));
      all = List.copyOf(found);
    }
    return all;
  }

  /**
   * A class's bean properties (getX, isX for a boolean), each with its Java type as written in
   * source without package names, e.g. {@code params -> Map<String, Object>}.
   */
  public static Map<String, String> properties(Class<?> type) {
    Map<String, String> properties = new LinkedHashMap<>();
    Method[] methods = type.getMethods();
    Arrays.sort(methods, Comparator.comparing(Method::getName));
    for (Method method : methods) {
      Matcher m = GETTER.matcher(method.getName());
      boolean getter =
          m.matches()
              && method.getParameterCount() == 0
              && !Modifier.isStatic(method.getModifiers())
              && method.getDeclaringClass() != Object.class
              && (method.getName().startsWith("get") || method.getReturnType() == boolean.class);
      if (getter) {
        properties.put(
            decapitalize(m.group(1)),
            QUALIFIER.matcher(method.getGenericReturnType().getTypeName()).replaceAll(""));
      }
    }
    return properties;
  }

  /** As java.beans does: {@code Number -> number}, {@code URL -> URL}. */
  private static String decapitalize(String name) {
    if (name.length() > 1 && Character.isUpperCase(name.charAt(1))) {
      return name;
    }
    return Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  private static Optional<Class<?>> load(String name) {
    try {
      Class<?> c = Class.forName(name, false, FactTypes.class.getClassLoader());
      boolean fact =
          Modifier.isPublic(c.getModifiers()) && !c.isInterface() && !c.isEnum() && !c.isRecord();
      return fact ? Optional.of(c) : Optional.empty();
    } catch (ClassNotFoundException | LinkageError e) {
      return Optional.empty();
    }
  }

  /** The top-level classes of a package, in a folder or a jar on the class path. */
  private static TreeSet<String> classNames(String pkg) {
    String folder = pkg.replace('.', '/');
    TreeSet<String> names = new TreeSet<>();
    try {
      Enumeration<URL> places = FactTypes.class.getClassLoader().getResources(folder);
      while (places.hasMoreElements()) {
        URL place = places.nextElement();
        if (place.getProtocol().equals("jar")) {
          JarURLConnection connection = (JarURLConnection) place.openConnection();
          connection.setUseCaches(false);
          try (JarFile jar = connection.getJarFile()) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
              String entry = e.nextElement().getName();
              if (entry.startsWith(folder + "/")) {
                classIn(pkg, entry.substring(folder.length() + 1), names);
              }
            }
          }
        } else if (place.getProtocol().equals("file")) {
          String[] files = new File(place.toURI()).list();
          for (String file : files == null ? new String[0] : files) {
            classIn(pkg, file, names);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return names;
  }

  private static void classIn(String pkg, String file, TreeSet<String> names) {
    if (file.endsWith(".class") && !file.contains("/") && !file.contains("$")) {
      names.add(pkg + "." + file.substring(0, file.length() - ".class".length()));
    }
  }
}
