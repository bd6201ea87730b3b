package io.piccolo.connectors.artifact;

import io.piccolo.connectors.artifact.schema.Findings;
import io.piccolo.connectors.yaml.Node;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the shape cannot say about a Network: a subnet PHAROS can hand addresses out of, rates it
 * can shape, classes that fit the link. Whether the networks named in {@code allowFrom} exist is
 * for the executor, which sees every network applied.
 */
final class NetworkCheck {
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

  private NetworkCheck() {}

  static void check(Node spec, Findings findings) {
    if (!(spec instanceof Node.MapNode map)) {
      return; // the shape check has reported it, or there is none
    }
    boolean bridge = "bridge".equals(text(map.get("mode")));
    Node subnet = map.get("subnet");
    if (subnet instanceof Node.Scalar s && !s.isNull()) {
      checkSubnet(s, findings);
    } else if (bridge) {
      findings.error(
          map.get("mode"), "spec.subnet", "required in bridge mode, e.g. subnet: 10.88.0.0/24");
    }
    Long link = rate(map.get("link"), "spec.link", findings);
    if (link == null && bridge && map.get("link") == null) {
      findings.error(map.get("mode"), "spec.link", "required in bridge mode, e.g. link: 100mbit");
    }
    if (map.get("classes") instanceof Node.ListNode classes) {
      checkClasses(classes, link, findings);
    }
  }

  private static void checkSubnet(Node.Scalar node, Findings findings) {
    String text = node.text().trim();
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    Integer prefix = null;
    if (slash > 0) {
      try {
        prefix = Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = null;
      }
    }
    if (!IPV4.matcher(address).matches() || prefix == null) {
      findings.error(
          node, "spec.subnet", "'" + text + "' is not an IPv4 subnet; write it as 10.88.0.0/24");
    } else if (prefix < 16 || prefix > 29) {
      findings.error(
          node,
          "spec.subnet",
          "/" + prefix + " is outside /16 to /29 (a gateway and at least 5 workloads)");
    }
  }

  private static void checkClasses(Node.ListNode classes, Long link, Findings findings) {
    Set<String> names = new HashSet<>();
    long guaranteed = 0;
    for (int i = 0; i < classes.items().size(); i++) {
      if (!(classes.items().get(i) instanceof Node.MapNode c)) {
        continue;
      }
      String field = "spec.classes[" + i + "]";
      String name = text(c.get("name"));
      if (name != null && !names.add(name)) {
        findings.error(c.get("name"), field + ".name", "'" + name + "' is declared twice");
      }
      if (c.get("priority") instanceof Node.Scalar p && p.value() instanceof Long prio) {
        if (prio < 0 || prio > 7) {
          findings.error(p, field + ".priority", prio + " is outside 0 to 7 (0 goes first)");
        }
      }
      Long rate = rate(c.get("rate"), field + ".rate", findings);
      Long ceil = rate(c.get("ceil"), field + ".ceil", findings);
      if (rate != null) {
        guaranteed += rate;
        if (ceil != null && ceil < rate) {
          findings.error(
              c.get("ceil"),
              field + ".ceil",
              Bandwidth.format(ceil) + " is below the class's rate of " + Bandwidth.format(rate));
        }
        if (link != null && rate > link) {
          findings.error(
              c.get("rate"),
              field + ".rate",
              Bandwidth.format(rate) + " exceeds the link's " + Bandwidth.format(link));
        }
      }
      if (ceil != null && link != null && ceil > link) {
        findings.error(
            c.get("ceil"),
            field + ".ceil",
            Bandwidth.format(ceil) + " exceeds the link's " + Bandwidth.format(link));
      }
    }
    if (link != null && guaranteed > link) {
      findings.error(
          classes,
          "spec.classes",
          "the guaranteed rates add up to "
              + Bandwidth.format(guaranteed)
              + ", more than the link's "
              + Bandwidth.format(link));
    }
  }

  private static Long rate(Node node, String field, Findings findings) {
    if (!(node instanceof Node.Scalar s) || s.isNull()) {
      return null;
    }
    try {
      return Bandwidth.parse(s.text());
    } catch (IllegalArgumentException e) {
      findings.error(node, field, e.getMessage());
      return null;
    }
  }

  private static String text(Node node) {
    return node instanceof Node.Scalar s && !s.isNull() ? s.text() : null;
  }
}
