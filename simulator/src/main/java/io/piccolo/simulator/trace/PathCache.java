package io.piccolo.simulator.trace;

/**
 * The paths a trace repeats on every line, found again from their characters in the line: no
 * substring and no hash map lookup per sample. A path whose slot another one took is read again as
 * a new string, which is only slower.
 */
final class PathCache {
  private static final int SLOTS = 1 << 12;

  private final String[] slots = new String[SLOTS];

  /** The text of {@code line} from {@code start} to {@code end}, the same string as last time. */
  String get(String line, int start, int end) {
    int hash = 0;
    for (int i = start; i < end; i++) {
      hash = 31 * hash + line.charAt(i);
    }
    int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
    String known = slots[slot];
    int length = end - start;
    if (known != null && known.length() == length && line.regionMatches(start, known, 0, length)) {
      return known;
    }
    String path = line.substring(start, end);
    slots[slot] = path;
    return path;
  }
}
