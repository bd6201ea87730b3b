/**
 * The TIMPANI executor: a Schedule's tasks checked against this machine and applied to real threads
 * on the Linux scheduler (policy and priority, affinity, a v1 cpuset cgroup, the v1 cpu cgroup's RT
 * budget) through a native helper process, and deadline misses measured by libtimpani turned into
 * {@link io.piccolo.engine.fact.DeadlineMiss} facts.
 */
package io.piccolo.scheduler;
