/*
 * A periodic test workload on libtimpani: each job computes for --compute-us of its own CPU time,
 * then waits for the next release. --name sets the process name (comm) a Schedule's task matches;
 * --plain runs the same loop on nanosleep without the library (policy and affinity still apply,
 * misses are not measured).
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include "timpani.h"

static int64_t thread_cpu_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void compute(long us) {
  int64_t until = thread_cpu_ns() + (int64_t)us * 1000;
  while (thread_cpu_ns() < until) {
  }
}

static void on_term(int sig) {
  (void)sig;
  timpani_close();
  _exit(0);
}

static void usage(void) {
  fprintf(stderr,
          "usage: timpani-workload [--name NAME] [--compute-us N] [--jobs N] [--open-after-ms N]"
          " [--plain]\n"
          "  --name NAME        process name (at most 15 characters) a Schedule task matches\n"
          "  --compute-us N     CPU time each job takes, in microseconds (default 100)\n"
          "  --jobs N           exit after N jobs (default: run until stopped)\n"
          "  --open-after-ms N  open its libtimpani record N ms after saying ready, as a task\n"
          "                     still starting up does (default: before)\n"
          "  --plain            do not use libtimpani: sleep 1 ms between jobs\n");
  exit(2);
}

int main(int argc, char **argv) {
  long compute_us = 100, jobs = -1, open_after_ms = 0;
  int plain = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--name") == 0 && i + 1 < argc) {
      prctl(PR_SET_NAME, argv[++i], 0, 0, 0);
    } else if (strcmp(argv[i], "--compute-us") == 0 && i + 1 < argc) {
      compute_us = atol(argv[++i]);
    } else if (strcmp(argv[i], "--jobs") == 0 && i + 1 < argc) {
      jobs = atol(argv[++i]);
    } else if (strcmp(argv[i], "--open-after-ms") == 0 && i + 1 < argc) {
      open_after_ms = atol(argv[++i]);
    } else if (strcmp(argv[i], "--plain") == 0) {
      plain = 1;
    } else {
      usage();
    }
  }
  signal(SIGTERM, on_term);
  signal(SIGINT, on_term);
  if (!plain && open_after_ms == 0 && timpani_open() != 0) {
    perror("timpani_open");
    return 1;
  }
  printf("ready %d\n", getpid());
  fflush(stdout);
  if (open_after_ms > 0) {
    struct timespec wait = {open_after_ms / 1000, (open_after_ms % 1000) * 1000000};
    nanosleep(&wait, NULL);
  }
  for (long n = 0; jobs < 0 || n < jobs; n++) {
    if (plain) {
      struct timespec step = {0, 1000000};
      nanosleep(&step, NULL);
    } else if (timpani_wait_next_period() != 0) {
      perror("timpani_wait_next_period");
      return 1;
    }
    compute(compute_us);
  }
  timpani_close();
  return 0;
}
