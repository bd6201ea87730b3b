package io.piccolo.network;

/**
 * An IPv4 subnet a network hands addresses out of: the first host address is the gateway on the
 * uplink, the rest go to workloads in the order they join.
 */
record Subnet(int network, int prefix) {
  static Subnet parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("'" + text + "' is not a subnet such as 10.88.0.0/24");
    }
    int prefix = Integer.parseInt(text.substring(slash + 1).trim());
    int address = address(text.substring(0, slash).trim());
    int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
    return new Subnet(address & mask, prefix);
  }

  static int address(String dotted) {
    String[] parts = dotted.split("\\.");
    if (parts.length != 4) {
      throw new IllegalArgumentException("'" + dotted + "' is not an IPv4 address");
    }
    int a = 0;
    for (String p : parts) {
      int octet = Integer.parseInt(p);
      if (octet < 0 || octet > 255) {
        throw new IllegalArgumentException("'" + dotted + "' is not an IPv4 address");
      }
      a = (a << 8) | octet;
    }
    return a;
  }

  static String dotted(int address) {
    return ((address >>> 24) & 0xff)
        + "."
        + ((address >>> 16) & 0xff)
        + "."
        + ((address >>> 8) & 0xff)
        + "."
        + (address & 0xff);
  }

  int gateway() {
    return network + 1;
  }

  /** Workload addresses there are room for: all hosts but the gateway. */
  int capacity() {
    return (1 << (32 - prefix)) - 3;
  }

  /** The address of workload slot {@code slot} (0-based), after the gateway. */
  int workload(int slot) {
    if (slot < 0 || slot >= capacity()) {
      throw new IllegalArgumentException(this + " has room for " + capacity() + " workloads");
    }
    return network + 2 + slot;
  }

  boolean contains(int address) {
    int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
    return (address & mask) == network;
  }

  @Override
  public String toString() {
    return dotted(network) + "/" + prefix;
  }
}
