package io.piccolo.gateway.security;

/** Path patterns of the access table: {@code *} is one segment, {@code **} any number of them. */
final class PathPattern {
  private PathPattern() {}

  static boolean matches(String pattern, String path) {
    return matches(split(pattern), 0, split(path), 0);
  }

  private static String[] split(String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
  }

  private static boolean matches(String[] pattern, int p, String[] path, int s) {
    if (p == pattern.length) {
      return s == path.length;
    }
    if (pattern[p].equals("**")) {
      for (int rest = s; rest <= path.length; rest++) {
        if (matches(pattern, p + 1, path, rest)) {
          return true;
        }
      }
      return false;
    }
    if (s == path.length) {
      return false;
    }
    boolean segment = pattern[p].equals("*") || pattern[p].equals(path[s]);
    return segment && matches(pattern, p + 1, path, s + 1);
  }
}
