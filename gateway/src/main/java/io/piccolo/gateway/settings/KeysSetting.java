package io.piccolo.gateway.settings;

import io.piccolo.connectors.yaml.Node;
import io.piccolo.gateway.security.ApiKey;
import io.piccolo.gateway.security.ApiKeys;
import io.piccolo.gateway.security.KeySecrets;
import io.piccolo.gateway.security.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the {@code keys} section: key name → {@code role}, {@code hash}, and optionally {@code
 * rate} and {@code burst}. A bad entry is refused naming its path, e.g. {@code keys.alice.role}.
 */
final class KeysSetting {
  static final String FORM =
      "a mapping of key names to {role: ROLE, hash: HASH}, as `piccolo keys add` writes it";
  private static final Set<String> FIELDS = Set.of("role", "hash", "rate", "burst");
  private static final int MAX_RATE = 1_000_000;

  private KeysSetting() {}

  static ApiKeys read(Node node) throws Setting.BadValue {
    if (node instanceof Node.Scalar s && s.isNull()) {
      return ApiKeys.NONE;
    }
    if (!(node instanceof Node.MapNode map)) {
      throw new Setting.BadValue("expected " + FORM);
    }
    List<ApiKey> keys = new ArrayList<>();
    for (Map.Entry<String, Node> entry : map.entries().entrySet()) {
      keys.add(key(entry.getKey(), entry.getValue()));
    }
    return new ApiKeys(keys);
  }

  private static ApiKey key(String name, Node node) throws Setting.BadValue {
    String path = "." + name;
    Optional<String> badName = ApiKey.nameProblem(name);
    if (badName.isPresent()) {
      throw new Setting.BadValue(badName.get(), node, path);
    }
    if (!(node instanceof Node.MapNode fields)) {
      throw new Setting.BadValue("expected {role: ROLE, hash: HASH}", node, path);
    }
    for (Map.Entry<String, Node> field : fields.entries().entrySet()) {
      if (!FIELDS.contains(field.getKey())) {
        throw new Setting.BadValue(
            "no such field; a key has role, hash, rate and burst",
            field.getValue(),
            path + "." + field.getKey());
      }
    }
    Node roleNode = required(fields, "role", path, "write one of " + Role.ids());
    String roleText = Setting.scalarText(roleNode, "a role");
    Role role =
        Role.named(roleText)
            .orElseThrow(
                () ->
                    new Setting.BadValue(
                        "'" + roleText + "' is not a role: write one of " + Role.ids(),
                        roleNode,
                        path + ".role"));
    Node hashNode =
        required(fields, "hash", path, "make keys with `piccolo keys add`, which writes it");
    String hash = Setting.scalarText(hashNode, "a key hash");
    Optional<String> badHash = KeySecrets.problem(hash);
    if (badHash.isPresent()) {
      throw new Setting.BadValue(badHash.get(), hashNode, path + ".hash");
    }
    return new ApiKey(
        name, role, hash, number(fields, "rate", path), number(fields, "burst", path));
  }

  private static Node required(Node.MapNode fields, String name, String path, String hint)
      throws Setting.BadValue {
    Node node = fields.get(name);
    if (node == null) {
      throw new Setting.BadValue("missing; " + hint, fields, path + "." + name);
    }
    return node;
  }

  private static OptionalInt number(Node.MapNode fields, String name, String path)
      throws Setting.BadValue {
    Node node = fields.get(name);
    if (node == null) {
      return OptionalInt.empty();
    }
    String form = "a whole number from 1 to " + MAX_RATE;
    String text = Setting.scalarText(node, form);
    try {
      long value = Long.parseLong(text.replace("_", ""));
      if (value >= 1 && value <= MAX_RATE) {
        return OptionalInt.of((int) value);
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new Setting.BadValue("'" + text + "' is not " + form, node, path + "." + name);
  }

  /** The keys as a settings file writes them, on one line. */
  static String format(ApiKeys keys) {
    return keys.keys().stream()
        .map(
            k ->
                k.name()
                    + ": {role: "
                    + k.role()
                    + ", hash: \""
                    + k.hash()
                    + "\""
                    + (k.rate().isPresent() ? ", rate: " + k.rate().getAsInt() : "")
                    + (k.burst().isPresent() ? ", burst: " + k.burst().getAsInt() : "")
                    + "}")
        .collect(Collectors.joining(", ", "{", "}"));
  }
}
