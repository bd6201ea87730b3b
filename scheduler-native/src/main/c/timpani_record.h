/*
 * The record a periodic task shares with the TIMPANI executor: one file per task thread under
 * /dev/shm, named timpani.<tid> (the thread id as the task's own PID namespace sees it). The task
 * creates it; the executor writes the period and deadline it applied, and reads releases,
 * completions, misses and release jitter. Every field is 64-bit aligned, little-endian (x86-64).
 */
#ifndef TIMPANI_RECORD_H
#define TIMPANI_RECORD_H

#include <stdint.h>

#define TIMPANI_MAGIC 0x4e504d54u /* "TMPN" */
#define TIMPANI_VERSION 1u
#define TIMPANI_JITTER_RING 256

struct timpani_record {
  uint32_t magic;
  uint32_t version;
  /* written by the executor; 0 until it applied a schedule */
  uint64_t period_ns;
  uint64_t deadline_ns;
  /* futex word: the task adds one per miss and wakes the executor's watcher */
  uint32_t misses;
  uint32_t stopped; /* set by the task when it leaves its loop */
  uint64_t releases;
  uint64_t completions;
  int64_t last_lateness_ns;      /* how late the last missed job ended */
  int64_t last_miss_realtime_ns; /* when it was seen, CLOCK_REALTIME */
  uint64_t jitter_count;         /* jitter samples written so far */
  int64_t jitter_ns[TIMPANI_JITTER_RING]; /* release latency of recent releases, a ring */
};

#endif
