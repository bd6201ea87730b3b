package io.piccolo.adapters.bluechi;

/**
 * A cause no retry mends (an unknown node, a job that failed, an error systemd answered), told as
 * the failed result's reason.
 */
final class WorkRefused extends RuntimeException {
  WorkRefused(String reason) {
    super(reason, null, false, false);
  }
}
