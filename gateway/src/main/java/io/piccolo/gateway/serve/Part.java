package io.piccolo.gateway.serve;

import io.piccolo.engine.Lifecycle;
import io.vertx.core.Future;

/**
 * One part of the live process, in Vert.x terms: started in dependency order, stopped in reverse.
 * Engine and connector parts have the JDK shape ({@link Lifecycle}) and are adapted here.
 */
interface Part {
  String name();

  Future<Void> start();

  Future<Void> stop();

  /** A part from the engine's or connectors' lifecycle shape. */
  static Part of(String name, Lifecycle lifecycle) {
    return new Part() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Future<Void> start() {
        return Future.fromCompletionStage(lifecycle.start());
      }

      @Override
      public Future<Void> stop() {
        return Future.fromCompletionStage(lifecycle.stop());
      }
    };
  }
}
