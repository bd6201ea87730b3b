/**
 * Where decided actions become real work: the {@link io.piccolo.adapters.Executor} interface every
 * executor implements, the dispatcher that routes decisions to executors, and the container
 * runtimes (one package per technology).
 */
package io.piccolo.adapters;
