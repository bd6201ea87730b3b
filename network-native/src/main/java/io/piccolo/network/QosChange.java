package io.piccolo.network;

import io.piccolo.connectors.artifact.Bandwidth;

/**
 * Where a {@code qos} request puts a workload: a declared class, and a class of its own when the
 * request names a priority, bandwidth or ceiling (starting from its class's values, the ceiling
 * kept within the link).
 *
 * @param own null when the workload is to be in the declared class itself
 */
record QosChange(String className, Member.OwnClass own) {

  /**
   * @throws IllegalArgumentException for a class the network does not declare, or a ceiling below
   *     the rate
   */
  static QosChange of(Member m, LiveNetwork net, QosRequest q) {
    String className = q.className() != null ? q.className() : m.className();
    if (!className.equals(TrafficClass.DEFAULT) && net.spec.trafficClass(className).isEmpty()) {
      throw new IllegalArgumentException(
          "qos: Network/"
              + m.network()
              + " declares no class '"
              + className
              + "' (classes: "
              + net.spec.classNames()
              + ")");
    }
    if (!q.wantsOwnClass()) {
      return new QosChange(className, null);
    }
    TrafficClass base = net.classOf(className);
    long rate = q.bandwidth() != null ? q.bandwidth() : base.rate();
    long ceil = q.ceil() != null ? q.ceil() : q.bandwidth() != null ? q.bandwidth() : base.ceil();
    if (q.bandwidth() == null) {
      rate = Math.min(rate, ceil); // a lower ceiling alone lowers the guarantee with it
    }
    if (ceil < rate) {
      throw new IllegalArgumentException(
          "qos: ceil "
              + Bandwidth.format(ceil)
              + " is below the rate of "
              + Bandwidth.format(rate));
    }
    if (ceil > net.spec.link()) {
      ceil = net.spec.link();
      rate = Math.min(rate, ceil);
    }
    return new QosChange(
        className,
        new Member.OwnClass(rate, ceil, q.priority() != null ? q.priority() : base.priority()));
  }

  boolean leaves(Member m) {
    return className.equals(m.className()) && java.util.Objects.equals(own, m.own());
  }

  /** Where a workload is, as a {@code qos} result says it. */
  static String describe(Member m) {
    if (m.own() == null) {
      return "in class " + m.className();
    }
    return "in a class of its own: rate "
        + Bandwidth.format(m.own().rate())
        + ", ceil "
        + Bandwidth.format(m.own().ceil())
        + ", priority "
        + m.own().priority();
  }
}
