package io.piccolo.adapters.dispatch;

import java.util.List;

/**
 * A request turned into units of work.
 *
 * @param lane what the request's work is serialised on ({@code Package/NAME} or {@code
 *     Model/NAME}); null when it failed before any unit
 * @param failure why the request has no units at all (an action no executor takes, a Package not
 *     stored), or null
 * @param warm whether the target is a Package marked warm, whose Models are prepared again after a
 *     {@code terminate}
 */
record Resolution(String lane, List<Unit> units, String failure, boolean warm) {
  Resolution(String lane, List<Unit> units, String failure) {
    this(lane, units, failure, false);
  }

  static Resolution failed(String failure) {
    return new Resolution(null, List.of(), failure);
  }
}
