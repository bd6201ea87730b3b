#!/usr/bin/env python3
"""Save -> printed result of `piccolo rules watch`: copies the example rules to a temp folder,
starts the watcher on it, then saves one rule file N times (a write of changed text) and times
each save until the watcher's result line ('HH:MM:SS.mmm rules ...') is read. Prints p50/p99.

usage: scripts/bench-rules-watch.py [SAVES] [FILE under rules/]"""
import os, shutil, subprocess, sys, tempfile, time

saves = int(sys.argv[1]) if len(sys.argv) > 1 else 30
target = sys.argv[2] if len(sys.argv) > 2 else "policies/no-video-while-moving.drl"
home = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
work = tempfile.mkdtemp(prefix="piccolo-watch-bench-")
rules = os.path.join(work, "rules")
shutil.copytree(os.path.join(home, "rules"), rules)
proc = subprocess.Popen([os.path.join(home, "piccolo"), "rules", "watch", rules],
                        stdout=subprocess.PIPE, text=True, bufsize=1)

def result_line():
    while True:
        line = proc.stdout.readline()
        if not line:
            sys.exit("the watcher ended")
        if " rules ok " in line or " rules have errors " in line:
            return line.strip()

def until_watching():
    while "watching" not in proc.stdout.readline():
        pass

result_line()
until_watching()
path = os.path.join(rules, target)
original = open(path).read()
times = []
for i in range(saves + 3):  # the first 3 warm the JVM and are not counted
    time.sleep(0.5)  # apart from the debounce, so each save is one result
    start = time.monotonic()
    with open(path, "w") as f:
        f.write(original + "\n// save %d\n" % i)
    line = result_line()
    if i >= 3:
        times.append((time.monotonic() - start) * 1000)
proc.terminate()
proc.wait()
shutil.rmtree(work)
times.sort()
p = lambda q: times[min(len(times) - 1, int(q * len(times)))]
print("%d saves of %s: p50 %.0f ms, p99 %.0f ms, max %.0f ms (last: %s)"
      % (len(times), target, p(0.5), p(0.99), times[-1], line))
