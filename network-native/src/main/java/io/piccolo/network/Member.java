package io.piccolo.network;

/**
 * A workload on a network, as PHAROS set it up.
 *
 * @param id its number among all workloads (the bridge port {@code phawID}, its own class)
 * @param slot its place in the network's subnet
 * @param className the declared class it is in, or {@link TrafficClass#DEFAULT}
 * @param own the class of its own a {@code qos} action gave it, or null
 */
record Member(
    String model,
    String network,
    String netns,
    int id,
    int slot,
    int address,
    String className,
    OwnClass own) {

  /** A workload's own class: its rate, ceiling and priority, set by {@code qos}. */
  record OwnClass(long rate, long ceil, int priority) {}

  Member withClass(String newClass, OwnClass newOwn) {
    return new Member(model, network, netns, id, slot, address, newClass, newOwn);
  }

  int ownMinor() {
    return Plumbing.FIRST_OWN_MINOR + id;
  }

  /** The class name rules see: its own class is named after the workload. */
  String shownClass() {
    return own != null ? model : className;
  }
}
