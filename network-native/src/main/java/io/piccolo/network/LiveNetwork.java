package io.piccolo.network;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

/** A network PHAROS has plumbed, and its workloads. */
final class LiveNetwork {
  final int id;
  NetworkSpec spec;
  final Map<String, Member> members = new LinkedHashMap<>();
  private final BitSet slots = new BitSet();

  LiveNetwork(int id, NetworkSpec spec) {
    this.id = id;
    this.spec = spec;
  }

  int takeSlot() {
    int slot = slots.nextClearBit(0);
    if (slot >= spec.subnet().capacity()) {
      throw new IllegalStateException(
          "Network/"
              + spec.name()
              + " is full: "
              + spec.subnet()
              + " has room for "
              + spec.subnet().capacity()
              + " workloads");
    }
    slots.set(slot);
    return slot;
  }

  void freeSlot(int slot) {
    slots.clear(slot);
  }

  /** The HTB minor number of a declared class, or the default class's. */
  int minorOf(String className) {
    for (int i = 0; i < spec.classes().size(); i++) {
      if (spec.classes().get(i).name().equals(className)) {
        return Plumbing.FIRST_DECLARED_MINOR + i;
      }
    }
    return Plumbing.DEFAULT_MINOR;
  }

  /** The minor number a member's traffic is classified into. */
  int minorOf(Member m) {
    return m.own() != null ? m.ownMinor() : minorOf(m.className());
  }

  /** A declared class, or the default class's rate and ceiling (the link's spare rate). */
  TrafficClass classOf(String className) {
    return spec.trafficClass(className)
        .orElseGet(
            () -> {
              long guaranteed = spec.classes().stream().mapToLong(TrafficClass::rate).sum();
              return new TrafficClass(
                  TrafficClass.DEFAULT, 7, Math.max(8_000, spec.link() - guaranteed), spec.link());
            });
  }
}
