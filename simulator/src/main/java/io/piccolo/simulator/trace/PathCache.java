package io.piccolo.simulator.trace;

/**
 * The paths a trace repeats on every line, found again from their characters in the line: no
 * substring and no hash map lookup per sample. An open-addressed table that grows with the paths
 * seen (a trace of 10,000 signals keeps all of them) up to {@link #MAX_SLOTS}; beyond that a new
 * path takes the slot of an old one, which is then read again as a new string, only slower.
 */
final class PathCache {
  private static final int FIRST_SLOTS = 1 << 12;
  private static final int MAX_SLOTS = 1 << 18;
  private static final int PROBES = 8;

  private String[] paths = new String[FIRST_SLOTS];
  private int[] hashes = new int[FIRST_SLOTS];
  private int size;

  /** The text of {@code line} from {@code start} to {@code end}, the same string as last time. */
  String get(String line, int start, int end) {
    int hash = 0;
    for (int i = start; i < end; i++) {
      hash = 31 * hash + line.charAt(i);
    }
    int length = end - start;
    int mask = paths.length - 1;
    int first = slot(hash, mask);
    for (int probe = 0, slot = first; probe < PROBES; probe++, slot = (slot + 1) & mask) {
      String known = paths[slot];
      if (known == null) {
        return add(slot, hash, line.substring(start, end));
      }
      if (hashes[slot] == hash
          && known.length() == length
          && line.regionMatches(start, known, 0, length)) {
        return known;
      }
    }
    if (paths.length < MAX_SLOTS) {
      grow();
      return get(line, start, end);
    }
    String path = line.substring(start, end);
    paths[first] = path; // full: the newest path takes its first slot
    hashes[first] = hash;
    return path;
  }

  /** Paths that differ in their last character hash next to each other: spread them. */
  private static int slot(int hash, int mask) {
    return (hash * 0x9E3779B9) >>> Integer.numberOfLeadingZeros(mask); // the top bits
  }

  private String add(int slot, int hash, String path) {
    paths[slot] = path;
    hashes[slot] = hash;
    if (++size * 2 > paths.length && paths.length < MAX_SLOTS) {
      grow();
    }
    return path;
  }

  private void grow() {
    String[] oldPaths = paths;
    int[] oldHashes = hashes;
    paths = new String[oldPaths.length * 2];
    hashes = new int[oldPaths.length * 2];
    size = 0;
    int mask = paths.length - 1;
    for (int i = 0; i < oldPaths.length; i++) {
      if (oldPaths[i] == null) {
        continue;
      }
      int h = oldHashes[i];
      for (int probe = 0, slot = slot(h, mask); probe < PROBES; probe++) {
        if (paths[slot] == null) {
          paths[slot] = oldPaths[i];
          hashes[slot] = h;
          size++;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
  }
}
