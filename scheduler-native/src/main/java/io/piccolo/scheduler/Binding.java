package io.piccolo.scheduler;

/** Which thread (or process: its main thread) runs a Schedule task. */
public record Binding(Task task, long tid) {}
