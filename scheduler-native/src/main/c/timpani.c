/* TIMPANI periodic task support: see timpani.h. */
#define _GNU_SOURCE
#include "timpani.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "timpani_record.h"

#define TIMPANI_SIGNAL (SIGRTMIN + 1)

static __thread struct timpani_record *record;
static __thread char record_path[64];
static __thread timer_t timer;
static __thread int timer_made;
static __thread uint64_t armed_period, armed_deadline;
static __thread int64_t next_release, job_release;
static __thread int in_job;

static int64_t monotonic_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static int64_t realtime_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static int open_record(void) {
  snprintf(record_path, sizeof record_path, "/dev/shm/timpani.%ld", (long)syscall(SYS_gettid));
  int fd = open(record_path, O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return -1;
  if (ftruncate(fd, sizeof(struct timpani_record)) != 0) {
    close(fd);
    return -1;
  }
  void *p = mmap(NULL, sizeof(struct timpani_record), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  close(fd);
  if (p == MAP_FAILED) return -1;
  record = p;
  record->version = TIMPANI_VERSION;
  __atomic_store_n(&record->magic, TIMPANI_MAGIC, __ATOMIC_RELEASE);
  return 0;
}

static int make_timer(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, TIMPANI_SIGNAL);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  struct sigevent ev;
  memset(&ev, 0, sizeof ev);
  ev.sigev_notify = SIGEV_THREAD_ID;
  ev.sigev_signo = TIMPANI_SIGNAL;
  ev._sigev_un._tid = (pid_t)syscall(SYS_gettid); /* sigev_notify_thread_id */
  if (timer_create(CLOCK_MONOTONIC, &ev, &timer) != 0) return -1;
  timer_made = 1;
  return 0;
}

static void arm(uint64_t period, uint64_t deadline) {
  next_release = monotonic_ns() + (int64_t)period;
  struct itimerspec spec = {
      .it_value = {next_release / 1000000000, next_release % 1000000000},
      .it_interval = {(time_t)(period / 1000000000), (long)(period % 1000000000)},
  };
  timer_settime(timer, TIMER_ABSTIME, &spec, NULL);
  armed_period = period;
  armed_deadline = deadline;
  in_job = 0; /* a job begun under the old period is not judged against the new one */
}

static void miss(int64_t lateness) {
  record->last_lateness_ns = lateness;
  record->last_miss_realtime_ns = realtime_ns();
  __atomic_add_fetch(&record->misses, 1, __ATOMIC_RELEASE);
  syscall(SYS_futex, &record->misses, FUTEX_WAKE, 1, NULL, NULL, 0);
}

static void complete(int64_t now) {
  __atomic_add_fetch(&record->completions, 1, __ATOMIC_RELAXED);
  int64_t due = job_release + (int64_t)armed_deadline;
  if (now > due) miss(now - due);
  in_job = 0;
}

int timpani_open(void) {
  if (record == NULL && open_record() != 0) return -1;
  if (!timer_made && make_timer() != 0) return -1;
  return 0;
}

int timpani_wait_next_period(void) {
  if (timpani_open() != 0) return -1;
  if (in_job) complete(monotonic_ns());
  uint64_t period = __atomic_load_n(&record->period_ns, __ATOMIC_ACQUIRE);
  uint64_t deadline = __atomic_load_n(&record->deadline_ns, __ATOMIC_ACQUIRE);
  while (period == 0) {
    struct timespec step = {0, 1000000};
    nanosleep(&step, NULL);
    period = __atomic_load_n(&record->period_ns, __ATOMIC_ACQUIRE);
    deadline = __atomic_load_n(&record->deadline_ns, __ATOMIC_ACQUIRE);
  }
  if (deadline == 0 || deadline > period) deadline = period;
  if (period != armed_period || deadline != armed_deadline) arm(period, deadline);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, TIMPANI_SIGNAL);
  int sig;
  while (sigwait(&set, &sig) != 0) {
  }
  int64_t woke = monotonic_ns();
  int overrun = timer_getoverrun(timer);
  for (int i = 0; i < overrun; i++) {
    /* releases that passed while the job ran: each found it still running */
    miss(woke - (next_release + (int64_t)armed_deadline));
    next_release += (int64_t)armed_period;
  }
  uint64_t n = record->jitter_count;
  record->jitter_ns[n % TIMPANI_JITTER_RING] = woke - next_release;
  __atomic_store_n(&record->jitter_count, n + 1, __ATOMIC_RELEASE);
  __atomic_add_fetch(&record->releases, 1, __ATOMIC_RELAXED);
  job_release = next_release;
  next_release += (int64_t)armed_period;
  in_job = 1;
  return 0;
}

uint32_t timpani_misses(void) {
  return record == NULL ? 0 : __atomic_load_n(&record->misses, __ATOMIC_ACQUIRE);
}

void timpani_close(void) {
  if (record != NULL) {
    __atomic_store_n(&record->stopped, 1, __ATOMIC_RELEASE);
    syscall(SYS_futex, &record->misses, FUTEX_WAKE, 1, NULL, NULL, 0);
    unlink(record_path);
  }
  if (timer_made) {
    timer_delete(timer);
    timer_made = 0;
  }
}
