package io.piccolo.adapters.container;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs operations on the same key one after another, in the order they were handed in; different
 * keys run side by side. Two launches of one Model thus never both find it missing.
 */
public final class KeyedQueue {
  private final Map<String, Future<?>> tails = new ConcurrentHashMap<>();

  public <T> Future<T> run(String key, Supplier<Future<T>> operation) {
    Promise<T> done = Promise.promise();
    Future<?> previous = tails.put(key, done.future());
    Future<?> before = previous == null ? Future.succeededFuture() : previous;
    before
        .transform(ignored -> safely(operation))
        .onComplete(
            result -> {
              tails.remove(key, done.future());
              done.handle(result);
            });
    return done.future();
  }

  private static <T> Future<T> safely(Supplier<Future<T>> operation) {
    try {
      return operation.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
