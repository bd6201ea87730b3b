package io.piccolo.simulator.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * The keys a spec's readers know, for an editor to offer: the same lists they report unknown keys
 * against.
 */
public final class SpecKeys {
  private SpecKeys() {}

  /** The keys of a case (one YAML document). */
  public static List<String> cases() {
    return SpecFile.KEYS.stream().sorted().toList();
  }

  /** The keys of an expected action. */
  public static List<String> expect() {
    return ExpectReader.EXPECT_KEYS.stream().sorted().toList();
  }

  /** The keys of an item of {@code given}: the fact types it can seed, failing and at. */
  public static List<String> given() {
    List<String> keys = new ArrayList<>(GivenKind.factTypes());
    keys.add(GivenReader.FAILING);
    keys.add(GivenReader.AT);
    return keys;
  }

  /** The fields of one given fact type (or of {@code failing}); none for an unknown type. */
  public static List<String> given(String type) {
    if (type.equals(GivenReader.FAILING)) {
      return GivenReader.FAILING_KEYS.stream().sorted().toList();
    }
    GivenKind kind = GivenKind.named(type);
    return kind == null ? List.of() : List.copyOf(kind.fields.keySet());
  }
}
