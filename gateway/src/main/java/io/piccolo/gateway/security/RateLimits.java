package io.piccolo.gateway.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket per API key: {@code rate} requests per second on average, up to {@code burst} at
 * once. A request beyond it is refused with how long to wait; refusals are counted per key.
 */
public final class RateLimits {
  public static final String LIMITED = "piccolo.http.rate.limited";

  private final Map<String, Bucket> buckets = new HashMap<>();
  private final Map<String, Counter> refused = new HashMap<>();
  private final LongSupplier nanoTime;

  /**
   * @param rate requests per second for keys without their own
   * @param burst requests at once for keys without their own
   */
  public RateLimits(
      ApiKeys keys, int rate, int burst, MeterRegistry meters, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    for (ApiKey key : keys.keys()) {
      int keyRate = key.rate().orElse(rate);
      int keyBurst = key.burst().orElse(burst);
      buckets.put(key.name(), new Bucket(keyRate, keyBurst, nanoTime.getAsLong()));
      refused.put(
          key.name(),
          Counter.builder(LIMITED)
              .description("requests refused because their API key exceeded its rate limit")
              .tag("key", key.name())
              .register(meters));
    }
  }

  /**
   * Takes one request from the key's bucket.
   *
   * @return 0 when the request may go on, else the nanoseconds until it could
   */
  public long acquire(String keyName) {
    Bucket bucket = buckets.get(keyName);
    if (bucket == null) {
      return 0;
    }
    long wait = bucket.take(nanoTime.getAsLong());
    if (wait > 0) {
      refused.get(keyName).increment();
    }
    return wait;
  }

  /** Whole seconds to wait, at least 1, as {@code Retry-After} says it. */
  public static long retryAfterSeconds(long waitNanos) {
    return Math.max(1, (waitNanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
  }

  private static final class Bucket {
    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last;

    Bucket(int rate, int burst, long now) {
      this.perNano = rate / 1e9;
      this.capacity = Math.max(1, burst);
      this.tokens = capacity;
      this.last = now;
    }

    synchronized long take(long now) {
      tokens = Math.min(capacity, tokens + (now - last) * perNano);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - tokens) / perNano);
    }
  }
}
