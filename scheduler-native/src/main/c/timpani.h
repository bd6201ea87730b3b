/*
 * TIMPANI periodic task support. A task calls timpani_wait_next_period() at the top of its loop:
 *
 *   for (;;) { timpani_wait_next_period(); do_the_job(); }
 *
 * The call marks the end of the previous job, then blocks until the next release of the task's own
 * POSIX timer (CLOCK_MONOTONIC, signalling this thread, received with sigwait). The period and
 * deadline are the ones the TIMPANI executor applied; until it applies one the call waits in 1 ms
 * steps. A job that ends after its deadline, or is still running at the next release, is a miss,
 * recorded where the executor reads it (see timpani_record.h).
 */
#ifndef TIMPANI_H
#define TIMPANI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Makes this thread's record and timer now, so the executor finds the task from its start; the
 * first timpani_wait_next_period() does it otherwise. 0, or -1 with errno set. */
int timpani_open(void);

/* 0 once released; -1 with errno set when the record or the timer could not be made. */
int timpani_wait_next_period(void);

/* Misses this thread has recorded so far. */
uint32_t timpani_misses(void);

/* Marks the task stopped and removes its record; call before leaving the loop. */
void timpani_close(void);

#ifdef __cplusplus
}
#endif

#endif
