package io.piccolo.scheduler;

import java.util.BitSet;

/** CPU sets as the kernel writes them ({@code 0-1,3}) and as Pullpiri's masks hold them. */
public final class CpuList {
  private CpuList() {}

  public static BitSet ofMask(long mask) {
    return BitSet.valueOf(new long[] {mask});
  }

  /**
   * @throws IllegalArgumentException for text that is no CPU list
   */
  public static BitSet parse(String list) {
    BitSet cpus = new BitSet();
    String text = list.trim();
    if (text.isEmpty()) {
      return cpus;
    }
    for (String part : text.split(",")) {
      String[] range = part.split("-", -1);
      try {
        int from = Integer.parseInt(range[0].trim());
        int to = range.length > 1 ? Integer.parseInt(range[1].trim()) : from;
        if (range.length > 2 || from < 0 || to < from) {
          throw new IllegalArgumentException("'" + list + "' is not a CPU list such as 0-1,3");
        }
        cpus.set(from, to + 1);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + list + "' is not a CPU list such as 0-1,3");
      }
    }
    return cpus;
  }

  public static String format(BitSet cpus) {
    StringBuilder out = new StringBuilder();
    for (int c = cpus.nextSetBit(0); c >= 0; c = cpus.nextSetBit(c + 1)) {
      int end = c;
      while (cpus.get(end + 1)) {
        end++;
      }
      out.append(out.length() == 0 ? "" : ",").append(c);
      if (end > c) {
        out.append('-').append(end);
      }
      c = end;
    }
    return out.toString();
  }
}
