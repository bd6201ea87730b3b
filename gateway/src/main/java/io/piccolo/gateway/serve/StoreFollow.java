package io.piccolo.gateway.serve;

import io.piccolo.connectors.store.PackageStateDeriver;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StoreFacts;
import io.piccolo.engine.LiveEvaluator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Keeps the evaluator's store facts current ({@code PackageSpec}, {@code ModelSpec}, {@code
 * PolicySpec} and every recorded state, through {@link StoreFacts}), and each Package's state
 * derived from its Models' as they change. Derivations race safely: each is a compare-and-set
 * transition, so several processes sharing one etcd agree.
 */
final class StoreFollow implements Part {
  private final Vertx vertx;
  private final StateStore store;
  private final LiveEvaluator evaluator;
  private StateStore.Watch facts;
  private PackageStateDeriver packages;

  StoreFollow(Vertx vertx, StateStore store, LiveEvaluator evaluator) {
    this.vertx = vertx;
    this.store = store;
    this.evaluator = evaluator;
  }

  @Override
  public String name() {
    return "store facts";
  }

  @Override
  public Future<Void> start() {
    return vertx.executeBlocking(
        () -> {
          facts = StoreFacts.follow(store, evaluator::replaceFacts);
          packages = PackageStateDeriver.start(store);
          return null;
        });
  }

  @Override
  public Future<Void> stop() {
    return vertx.executeBlocking(
        () -> {
          if (packages != null) {
            packages.close();
          }
          if (facts != null) {
            facts.close();
          }
          return null;
        });
  }
}
