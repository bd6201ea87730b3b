package io.piccolo.scheduler;

import java.util.Locale;

/** A Schedule task's {@code policy}: Pullpiri's three, and {@code DEADLINE} as an extension. */
public enum SchedulingPolicy {
  NORMAL("OTHER"),
  FIFO("FIFO"),
  RR("RR"),
  /** {@code SCHED_DEADLINE}: runtime, deadline and period go to the kernel's EDF scheduler. */
  DEADLINE("DEADLINE");

  private final String kernelName;

  SchedulingPolicy(String kernelName) {
    this.kernelName = kernelName;
  }

  /** As the helper and {@code sched_getattr} name it: OTHER, FIFO, RR, DEADLINE. */
  public String kernelName() {
    return kernelName;
  }

  /** SCHED_FIFO or SCHED_RR: fixed priorities, and an RT budget in the task's cpu cgroup. */
  public boolean realTime() {
    return this == FIFO || this == RR;
  }

  public String label() {
    return "SCHED_" + kernelName.toUpperCase(Locale.ROOT);
  }
}
