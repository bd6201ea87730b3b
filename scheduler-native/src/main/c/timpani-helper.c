/*
 * The TIMPANI executor's hands on the kernel. A line protocol on stdin/stdout: one request line,
 * one reply line ("ok ..." or "err ERRNO text"); lines starting with "event" come whenever a
 * watched task misses a deadline, reports release jitter or exits. Running it as a separate
 * process keeps a failing system call or a crash out of the JVM.
 *
 *   ping                                              -> ok timpani-helper 1
 *   sched TID POLICY PRIO NICE RUNTIME DEADLINE PERIOD (POLICY: OTHER FIFO RR DEADLINE; ns)
 *   get TID                                           -> ok POLICY PRIO NICE RUNTIME DEADLINE PERIOD CPUS
 *   affinity TID CPUS                                 (CPUS: a list such as 0-1,3)
 *   cpuset GROUP CPUS TID                             (v1 cpuset cgroup GROUP, e.g. piccolo/x)
 *   rtbudget TID RUNTIME_US                           (the TID's v1 cpu cgroup and its parents)
 *   watch TID PERIOD DEADLINE                         -> ok watching | ok pending
 *     (pending: the task has no libtimpani record yet; it is watched from the moment it opens one)
 *   unwatch TID
 *
 *   event miss TID COUNT LATENESS_NS REALTIME_NS
 *   event jitter TID NS...
 *   event exit TID
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "timpani_record.h"

#ifndef SCHED_DEADLINE
#define SCHED_DEADLINE 6
#endif

struct sched_attr_v1 {
  uint32_t size;
  uint32_t sched_policy;
  uint64_t sched_flags;
  int32_t sched_nice;
  uint32_t sched_priority;
  uint64_t sched_runtime;
  uint64_t sched_deadline;
  uint64_t sched_period;
};

static const char *CPUSET_ROOT = "/sys/fs/cgroup/cpuset";
static const char *CPU_ROOT = "/sys/fs/cgroup/cpu";

static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;

static void say(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  pthread_mutex_lock(&out_lock);
  vfprintf(stdout, fmt, ap);
  fputc('\n', stdout);
  fflush(stdout);
  pthread_mutex_unlock(&out_lock);
  va_end(ap);
}

static const char *errno_name(int e) {
  switch (e) {
    case EPERM: return "EPERM";
    case ESRCH: return "ESRCH";
    case EINVAL: return "EINVAL";
    case EBUSY: return "EBUSY";
    case EACCES: return "EACCES";
    case ENOENT: return "ENOENT";
    case ENOSPC: return "ENOSPC";
    case EROFS: return "EROFS";
    case E2BIG: return "E2BIG";
    default: return "EOTHER";
  }
}

static int fail(const char *what) {
  int e = errno;
  say("err %s %s: %s", errno_name(e), what, strerror(e));
  return -1;
}

static int parse_cpus(const char *list, cpu_set_t *set) {
  CPU_ZERO(set);
  const char *p = list;
  while (*p) {
    char *end;
    long a = strtol(p, &end, 10);
    if (end == p || a < 0 || a >= CPU_SETSIZE) return -1;
    long b = a;
    if (*end == '-') {
      p = end + 1;
      b = strtol(p, &end, 10);
      if (end == p || b < a || b >= CPU_SETSIZE) return -1;
    }
    for (long c = a; c <= b; c++) CPU_SET(c, set);
    p = end;
    if (*p == ',') p++;
    else if (*p) return -1;
  }
  return 0;
}

static void format_cpus(const cpu_set_t *set, char *out, size_t size) {
  size_t n = 0;
  out[0] = 0;
  for (int c = 0; c < CPU_SETSIZE; c++) {
    if (!CPU_ISSET(c, set)) continue;
    int d = c;
    while (d + 1 < CPU_SETSIZE && CPU_ISSET(d + 1, set)) d++;
    n += snprintf(out + n, size - n, n ? ",%d" : "%d", c);
    if (d > c) n += snprintf(out + n, size - n, "-%d", d);
    c = d;
    if (n >= size) break;
  }
}

static int write_file(const char *path, const char *value) {
  int fd = open(path, O_WRONLY);
  if (fd < 0) return -1;
  ssize_t w = write(fd, value, strlen(value));
  int e = errno;
  close(fd);
  errno = e;
  return w < 0 ? -1 : 0;
}

static int read_file(const char *path, char *out, size_t size) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  ssize_t r = read(fd, out, size - 1);
  close(fd);
  if (r < 0) return -1;
  out[r] = 0;
  while (r > 0 && (out[r - 1] == '\n' || out[r - 1] == ' ')) out[--r] = 0;
  return 0;
}

static const char *policy_name(int p) {
  switch (p) {
    case SCHED_OTHER: return "OTHER";
    case SCHED_FIFO: return "FIFO";
    case SCHED_RR: return "RR";
    case SCHED_BATCH: return "BATCH";
    case SCHED_IDLE: return "IDLE";
    case SCHED_DEADLINE: return "DEADLINE";
    default: return "UNKNOWN";
  }
}

static int policy_of(const char *name) {
  if (strcmp(name, "OTHER") == 0) return SCHED_OTHER;
  if (strcmp(name, "FIFO") == 0) return SCHED_FIFO;
  if (strcmp(name, "RR") == 0) return SCHED_RR;
  if (strcmp(name, "DEADLINE") == 0) return SCHED_DEADLINE;
  return -1;
}

static void cmd_sched(char *args) {
  int tid, prio, nice;
  char policy[16];
  unsigned long long runtime, deadline, period;
  if (sscanf(args, "%d %15s %d %d %llu %llu %llu", &tid, policy, &prio, &nice, &runtime,
             &deadline, &period) != 7 || policy_of(policy) < 0) {
    say("err EINVAL usage: sched TID OTHER|FIFO|RR|DEADLINE PRIO NICE RUNTIME DEADLINE PERIOD");
    return;
  }
  struct sched_attr_v1 attr = {0};
  attr.size = sizeof attr;
  attr.sched_policy = (uint32_t)policy_of(policy);
  attr.sched_priority = attr.sched_policy == SCHED_FIFO || attr.sched_policy == SCHED_RR ? prio : 0;
  attr.sched_nice = attr.sched_policy == SCHED_OTHER ? nice : 0;
  if (attr.sched_policy == SCHED_DEADLINE) {
    attr.sched_runtime = runtime;
    attr.sched_deadline = deadline;
    attr.sched_period = period;
  }
  if (syscall(SYS_sched_setattr, tid, &attr, 0) != 0) {
    fail("sched_setattr");
    return;
  }
  say("ok");
}

static void cmd_get(char *args) {
  int tid;
  if (sscanf(args, "%d", &tid) != 1) {
    say("err EINVAL usage: get TID");
    return;
  }
  struct sched_attr_v1 attr = {0};
  if (syscall(SYS_sched_getattr, tid, &attr, sizeof attr, 0) != 0) {
    fail("sched_getattr");
    return;
  }
  cpu_set_t set;
  if (sched_getaffinity(tid, sizeof set, &set) != 0) {
    fail("sched_getaffinity");
    return;
  }
  char cpus[512];
  format_cpus(&set, cpus, sizeof cpus);
  say("ok %s %u %d %llu %llu %llu %s", policy_name((int)attr.sched_policy), attr.sched_priority,
      attr.sched_nice, (unsigned long long)attr.sched_runtime,
      (unsigned long long)attr.sched_deadline, (unsigned long long)attr.sched_period, cpus);
}

static void cmd_affinity(char *args) {
  int tid;
  char list[512];
  cpu_set_t set;
  if (sscanf(args, "%d %511s", &tid, list) != 2 || parse_cpus(list, &set) != 0) {
    say("err EINVAL usage: affinity TID CPUS");
    return;
  }
  if (sched_setaffinity(tid, sizeof set, &set) != 0) {
    fail("sched_setaffinity");
    return;
  }
  say("ok");
}

static int valid_group(const char *g) {
  if (!*g || g[0] == '/' || strstr(g, "..")) return 0;
  for (const char *p = g; *p; p++)
    if (!(*p == '/' || *p == '-' || *p == '_' || *p == '.' || (*p >= '0' && *p <= '9') ||
          (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
      return 0;
  return 1;
}

/* Makes every level of GROUP under the cpuset root; the upper levels get every CPU and memory
 * node of the root, the last one CPUS. */
static void cmd_cpuset(char *args) {
  char group[256], list[512];
  int tid;
  cpu_set_t set;
  if (sscanf(args, "%255s %511s %d", group, list, &tid) != 3 || !valid_group(group) ||
      parse_cpus(list, &set) != 0) {
    say("err EINVAL usage: cpuset GROUP CPUS TID");
    return;
  }
  char root_cpus[512], root_mems[256], path[600], file[700];
  snprintf(file, sizeof file, "%s/cpuset.cpus", CPUSET_ROOT);
  if (read_file(file, root_cpus, sizeof root_cpus) != 0) {
    fail("the v1 cpuset cgroup (/sys/fs/cgroup/cpuset) is not mounted");
    return;
  }
  snprintf(file, sizeof file, "%s/cpuset.mems", CPUSET_ROOT);
  if (read_file(file, root_mems, sizeof root_mems) != 0) {
    fail(file);
    return;
  }
  /* another process may remove an empty upper level (rmcpuset) between our mkdirs: start again */
  int attempts = 0;
again:
  for (char *slash = group;; slash++) {
    slash = strchr(slash, '/');
    int last = slash == NULL;
    if (!last) *slash = 0;
    snprintf(path, sizeof path, "%s/%s", CPUSET_ROOT, group);
    if (mkdir(path, 0755) != 0 && errno != EEXIST) {
      if (errno == ENOENT && ++attempts < 5) {
        if (!last) *slash = '/';
        goto again;
      }
      fail(path);
      return;
    }
    snprintf(file, sizeof file, "%s/cpuset.mems", path);
    if (write_file(file, root_mems) != 0) {
      fail(file);
      return;
    }
    snprintf(file, sizeof file, "%s/cpuset.cpus", path);
    if (write_file(file, last ? list : root_cpus) != 0) {
      fail(file);
      return;
    }
    if (last) break;
    *slash = '/';
  }
  char value[32];
  snprintf(value, sizeof value, "%d", tid);
  snprintf(file, sizeof file, "%s/tasks", path);
  if (write_file(file, value) != 0) {
    fail(file);
    return;
  }
  say("ok %s", path);
}

/* Removes GROUP under the cpuset root, moving any thread still in it to the root cpuset first,
 * then each level above it that is left empty (one another workload still uses stays). */
static void cmd_rmcpuset(char *args) {
  char group[256], path[600], file[700], line[64];
  if (sscanf(args, "%255s", group) != 1 || !valid_group(group)) {
    say("err EINVAL usage: rmcpuset GROUP");
    return;
  }
  snprintf(path, sizeof path, "%s/%s", CPUSET_ROOT, group);
  snprintf(file, sizeof file, "%s/tasks", path);
  FILE *tasks = fopen(file, "r");
  if (!tasks) {
    if (errno == ENOENT) say("ok 0");
    else fail(file);
    return;
  }
  char root_tasks[600];
  snprintf(root_tasks, sizeof root_tasks, "%s/tasks", CPUSET_ROOT);
  while (fgets(line, sizeof line, tasks)) {
    line[strcspn(line, "\n")] = 0;
    if (line[0]) write_file(root_tasks, line); /* a thread that ended meanwhile needs no move */
  }
  fclose(tasks);
  int removed = 0;
  for (;;) {
    snprintf(path, sizeof path, "%s/%s", CPUSET_ROOT, group);
    if (rmdir(path) != 0) {
      if (removed == 0 && errno != ENOENT) {
        fail(path);
        return;
      }
      break; /* an upper level another group still uses */
    }
    removed++;
    char *slash = strrchr(group, '/');
    if (!slash) break;
    *slash = 0;
  }
  say("ok %d", removed);
}

static long read_long(const char *path) {
  char buf[64];
  if (read_file(path, buf, sizeof buf) != 0) return -1;
  return atol(buf);
}

/* The RT budget of the children of DIR, leaving out CHILD (a name) whose budget is taken to be
 * CHILD_BUDGET. */
static long children_budget(const char *dir, const char *child, long child_budget) {
  DIR *d = opendir(dir);
  if (!d) return -1;
  long sum = 0;
  struct dirent *e;
  char file[1024];
  while ((e = readdir(d)) != NULL) {
    if (e->d_type != DT_DIR || e->d_name[0] == '.') continue;
    if (child && strcmp(e->d_name, child) == 0) {
      sum += child_budget;
      continue;
    }
    snprintf(file, sizeof file, "%s/%s/cpu.rt_runtime_us", dir, e->d_name);
    long v = read_long(file);
    if (v > 0) sum += v;
  }
  closedir(d);
  return sum;
}

/* Gives the TID's cpu cgroup at least RUNTIME_US of RT time per period, raising its parents as far
 * as the kernel requires (a group's budget may not exceed its parent's, nor its children's sum the
 * parent's). The root group's budget is the kernel's and is left alone. */
static void cmd_rtbudget(char *args) {
  int tid;
  long need;
  if (sscanf(args, "%d %ld", &tid, &need) != 2 || need < 0) {
    say("err EINVAL usage: rtbudget TID RUNTIME_US");
    return;
  }
  char file[1024], line[1024], cgroup[1024] = "";
  snprintf(file, sizeof file, "/proc/%d/cgroup", tid);
  FILE *f = fopen(file, "r");
  if (!f) {
    fail(file);
    return;
  }
  while (fgets(line, sizeof line, f)) {
    char *controllers = strchr(line, ':');
    if (!controllers) continue;
    char *path = strchr(controllers + 1, ':');
    if (!path) continue;
    *path++ = 0;
    controllers++;
    char *tok, *save;
    for (tok = strtok_r(controllers, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
      if (strcmp(tok, "cpu") == 0) {
        path[strcspn(path, "\n")] = 0;
        snprintf(cgroup, sizeof cgroup, "%s", path);
      }
    }
  }
  fclose(f);
  if (!cgroup[0]) {
    say("err ENOENT the task is in no v1 cpu cgroup (is /sys/fs/cgroup/cpu mounted?)");
    return;
  }
  if (strcmp(cgroup, "/") == 0) {
    say("ok / root");
    return;
  }
  /* from the leaf up: what each level needs */
  char levels[32][1024];
  long budgets[32];
  int n = 0;
  char rel[1024];
  snprintf(rel, sizeof rel, "%s", cgroup);
  long below = need;
  const char *below_name = NULL;
  char below_buf[256];
  while (strcmp(rel, "/") != 0 && rel[0] && n < 32) {
    char dir[1100];
    snprintf(dir, sizeof dir, "%s%s", CPU_ROOT, rel);
    snprintf(file, sizeof file, "%s/cpu.rt_runtime_us", dir);
    long current = read_long(file);
    if (current < 0) {
      fail(file);
      return;
    }
    long wanted = below;
    if (below_name) {
      long sum = children_budget(dir, below_name, below);
      if (sum > wanted) wanted = sum;
    }
    if (current > wanted) wanted = current;
    snprintf(levels[n], sizeof levels[n], "%s", file);
    budgets[n++] = wanted;
    below = wanted;
    char *slash = strrchr(rel, '/');
    snprintf(below_buf, sizeof below_buf, "%s", slash + 1);
    below_name = below_buf;
    if (slash == rel) break;
    *slash = 0;
  }
  for (int i = n - 1; i >= 0; i--) {
    char value[32];
    snprintf(value, sizeof value, "%ld", budgets[i]);
    /* a sibling group just removed (a container stopped for a restart) still counts against its
     * parent until the kernel releases it, a moment later: wait up to 2 s for that */
    int written, tries = 0;
    while ((written = write_file(levels[i], value)) != 0 && errno == EINVAL && ++tries < 40) {
      struct timespec pause = {0, 50000000};
      nanosleep(&pause, NULL);
    }
    if (written != 0) {
      int e = errno;
      say("err %s %s: %s (writing %ld; the parent's budget, or the root's "
          "sched_rt_runtime_us, leaves no room)",
          errno_name(e), levels[i], strerror(e), budgets[i]);
      return;
    }
  }
  say("ok %s %ld", cgroup, budgets[0]);
}

/* Watching: one thread per task, asleep on its record's miss counter. */
struct watch {
  int tid;
  volatile int active;
  struct timpani_record *record; /* NULL while pending */
  uint64_t period_ns, deadline_ns;
  pthread_t thread;
};

#define MAX_WATCHES 1024
static struct watch watches[MAX_WATCHES];
static pthread_mutex_t watch_lock = PTHREAD_MUTEX_INITIALIZER;

static int alive(int tid) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d", tid);
  struct stat st;
  return stat(path, &st) == 0;
}

/* The task's own id in its PID namespace (the last NSpid), which names its record. */
static int inner_tid(int tid) {
  char path[64], line[256];
  snprintf(path, sizeof path, "/proc/%d/status", tid);
  FILE *f = fopen(path, "r");
  if (!f) return tid;
  int inner = tid;
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, "NSpid:", 6) == 0) {
      char *last = strrchr(line, '\t');
      if (!last) last = strrchr(line, ' ');
      if (last) inner = atoi(last + 1);
    }
  }
  fclose(f);
  return inner;
}

/* The task's libtimpani record, handed its period and deadline; NULL while it has none (it has not
 * called timpani_wait_next_period yet, or does not use libtimpani). */
static struct timpani_record *map_record(int tid, uint64_t period, uint64_t deadline) {
  char path[128];
  snprintf(path, sizeof path, "/proc/%d/root/dev/shm/timpani.%d", tid, inner_tid(tid));
  int fd = open(path, O_RDWR);
  if (fd < 0) return NULL;
  struct timpani_record *r =
      mmap(NULL, sizeof(struct timpani_record), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  close(fd);
  if (r == MAP_FAILED) return NULL;
  if (__atomic_load_n(&r->magic, __ATOMIC_ACQUIRE) != TIMPANI_MAGIC ||
      r->version != TIMPANI_VERSION) {
    munmap(r, sizeof *r);
    return NULL;
  }
  __atomic_store_n(&r->deadline_ns, deadline, __ATOMIC_RELEASE);
  __atomic_store_n(&r->period_ns, period, __ATOMIC_RELEASE);
  return r;
}

/* A task scheduled before it reached its loop opens its record later: look for it every 20 ms for
 * a second, then every 500 ms (a task that never uses libtimpani costs next to nothing), while the
 * task lives. 0 when the task ended or was unwatched first. */
static int await_record(struct watch *w) {
  for (int tries = 0; w->active && alive(w->tid); tries++) {
    w->record = map_record(w->tid, w->period_ns, w->deadline_ns);
    if (w->record != NULL) return 1;
    struct timespec step = {0, tries < 50 ? 20000000 : 500000000};
    nanosleep(&step, NULL);
  }
  return 0;
}

static void release_watch(struct watch *w) {
  pthread_mutex_lock(&watch_lock);
  w->tid = 0;
  w->record = NULL;
  w->active = 0;
  pthread_mutex_unlock(&watch_lock);
}

static void report_jitter(struct watch *w, uint64_t *seen) {
  uint64_t count = __atomic_load_n(&w->record->jitter_count, __ATOMIC_ACQUIRE);
  if (count == *seen) return;
  if (count - *seen > TIMPANI_JITTER_RING) *seen = count - TIMPANI_JITTER_RING;
  char line[TIMPANI_JITTER_RING * 12 + 64];
  size_t n = snprintf(line, sizeof line, "event jitter %d", w->tid);
  for (uint64_t i = *seen; i < count && n < sizeof line - 24; i++)
    n += snprintf(line + n, sizeof line - n, " %lld",
                  (long long)w->record->jitter_ns[i % TIMPANI_JITTER_RING]);
  *seen = count;
  say("%s", line);
}

static void *watcher(void *arg) {
  struct watch *w = arg;
  /* off the task's CPUs when there are others, so an overloaded task does not delay the news of
   * its own misses; else above it. Not both: a FIFO watcher on another CPU would share that CPU's
   * RT budget, which the kernel lends to the overloaded one, and be throttled with it */
  cpu_set_t task_cpus, mine, others;
  int moved = 0;
  if (sched_getaffinity(w->tid, sizeof task_cpus, &task_cpus) == 0 &&
      pthread_getaffinity_np(pthread_self(), sizeof mine, &mine) == 0) {
    CPU_XOR(&others, &mine, &task_cpus);
    CPU_AND(&others, &others, &mine);
    moved = CPU_COUNT(&others) > 0 &&
            pthread_setaffinity_np(pthread_self(), sizeof others, &others) == 0;
  }
  if (moved) {
    /* ahead of ordinary work there, every other session's included */
    struct sched_param ahead = {.sched_priority = 1};
    if (pthread_setschedparam(pthread_self(), SCHED_FIFO, &ahead) != 0)
      setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), -20);
  } else {
    struct sched_param above = {.sched_priority = 90};
    pthread_setschedparam(pthread_self(), SCHED_FIFO, &above); /* refused: stays as it is */
  }
  if (w->record == NULL && !await_record(w)) {
    if (w->active) say("event exit %d", w->tid);
    release_watch(w);
    return NULL;
  }
  uint32_t misses = __atomic_load_n(&w->record->misses, __ATOMIC_ACQUIRE);
  uint64_t jitter_seen = __atomic_load_n(&w->record->jitter_count, __ATOMIC_ACQUIRE);
  struct timespec tick = {0, 100000000};
  struct timespec last_jitter;
  clock_gettime(CLOCK_MONOTONIC, &last_jitter);
  while (w->active) {
    syscall(SYS_futex, &w->record->misses, FUTEX_WAIT, misses, &tick, NULL, 0);
    uint32_t now = __atomic_load_n(&w->record->misses, __ATOMIC_ACQUIRE);
    if (now != misses) {
      say("event miss %d %u %lld %lld", w->tid, now - misses,
          (long long)w->record->last_lateness_ns, (long long)w->record->last_miss_realtime_ns);
      misses = now;
    }
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    if ((t.tv_sec - last_jitter.tv_sec) * 1000000000L + (t.tv_nsec - last_jitter.tv_nsec) >=
        100000000L) {
      last_jitter = t;
      report_jitter(w, &jitter_seen);
      if (!alive(w->tid) || w->record->stopped) {
        if (w->active) say("event exit %d", w->tid);
        break;
      }
    }
  }
  munmap(w->record, sizeof(struct timpani_record));
  release_watch(w);
  return NULL;
}

static void cmd_watch(char *args) {
  int tid;
  unsigned long long period, deadline;
  if (sscanf(args, "%d %llu %llu", &tid, &period, &deadline) != 3 || period == 0) {
    say("err EINVAL usage: watch TID PERIOD_NS DEADLINE_NS");
    return;
  }
  struct timpani_record *r = map_record(tid, period, deadline);
  const char *state = r != NULL ? "ok watching" : "ok pending";
  pthread_mutex_lock(&watch_lock);
  for (int i = 0; i < MAX_WATCHES; i++) {
    if (watches[i].active && watches[i].tid == tid) {
      watches[i].period_ns = period; /* for a pending watch: what it hands the record it finds */
      watches[i].deadline_ns = deadline;
      pthread_mutex_unlock(&watch_lock);
      if (r != NULL) munmap(r, sizeof *r);
      say("%s", state);
      return;
    }
  }
  for (int i = 0; i < MAX_WATCHES; i++) {
    if (!watches[i].active && watches[i].tid == 0) {
      watches[i].tid = tid;
      watches[i].record = r;
      watches[i].period_ns = period;
      watches[i].deadline_ns = deadline;
      watches[i].active = 1;
      pthread_create(&watches[i].thread, NULL, watcher, &watches[i]);
      pthread_detach(watches[i].thread);
      pthread_mutex_unlock(&watch_lock);
      say("%s", state);
      return;
    }
  }
  pthread_mutex_unlock(&watch_lock);
  if (r != NULL) munmap(r, sizeof *r);
  say("err ENOSPC at most %d tasks are watched at once", MAX_WATCHES);
}

static void cmd_unwatch(char *args) {
  int tid;
  if (sscanf(args, "%d", &tid) != 1) {
    say("err EINVAL usage: unwatch TID");
    return;
  }
  pthread_mutex_lock(&watch_lock);
  for (int i = 0; i < MAX_WATCHES; i++)
    if (watches[i].active && watches[i].tid == tid) watches[i].active = 0;
  pthread_mutex_unlock(&watch_lock);
  say("ok");
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  char *line = NULL;
  size_t size = 0;
  ssize_t len;
  while ((len = getline(&line, &size, stdin)) > 0) {
    line[strcspn(line, "\n")] = 0;
    char *args = strchr(line, ' ');
    if (args) *args++ = 0;
    else args = line + strlen(line);
    if (strcmp(line, "ping") == 0) say("ok timpani-helper 1");
    else if (strcmp(line, "sched") == 0) cmd_sched(args);
    else if (strcmp(line, "get") == 0) cmd_get(args);
    else if (strcmp(line, "affinity") == 0) cmd_affinity(args);
    else if (strcmp(line, "cpuset") == 0) cmd_cpuset(args);
    else if (strcmp(line, "rmcpuset") == 0) cmd_rmcpuset(args);
    else if (strcmp(line, "rtbudget") == 0) cmd_rtbudget(args);
    else if (strcmp(line, "watch") == 0) cmd_watch(args);
    else if (strcmp(line, "unwatch") == 0) cmd_unwatch(args);
    else say("err EINVAL unknown request '%s'", line);
  }
  free(line);
  return 0;
}
