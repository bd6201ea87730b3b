#!/usr/bin/env bash
# Cold builds through the real CLI, each run a fresh JVM started the way ./piccolo starts it:
#
#   rules-check-one   rules check of one DRL file (rules/camera/rear-camera.drl)
#   simulate-short    simulate of rules/ over a two-sample trace
#   drl-N-new         simulate over N DRL threshold rules of `bench engine`'s form (ten per signal,
#                     thresholds at x.5, 100 rules per file and package) and a one-sample trace:
#                     files to a ready evaluator, with the compiled class cache emptied first
#   drl-N-seen        the same with the cache as the run before left it (the rule set seen before)
#   yaml-M            rules check of M YAML threshold scenarios (1,000 per file)
#
#   scripts/bench-build.sh [N] [M]            # default 1000 and 100000; RUNS=3 by default
#   BASELINE_JAR=/path/to/previous/piccolo.jar scripts/bench-build.sh   # alternating runs
#
# The current build runs through ./piccolo (its JVM options and class-data-sharing archive); the
# baseline jar as the previous launcher ran it, `java -jar`, or, when its folder holds a
# piccolo.jsa (scripts/build-cds-archive.sh FOLDER), with the launcher's quick-start options and
# that archive, for a comparison of the code alone. Prints wall and CPU (user + system) seconds per
# run, then the median of each.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
drl_rules="${1:-1000}"
yaml_scenarios="${2:-100000}"
runs="${RUNS:-3}"
"$home/piccolo" --version >/dev/null # builds the jar when sources changed
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/drl" "$work/yaml"
awk -v n="$drl_rules" -v dir="$work/drl" 'BEGIN {
  for (i = 0; i < n; i++) {
    file = sprintf("%s/bench-%03d.drl", dir, int(i / 100))
    if (i % 100 == 0) printf "package bench.p%d;\n\n", int(i / 100) > file
    k = i % 10
    printf "rule \"bench-%d\"\nwhen\n    Signal(path == \"Vehicle.Bench.Signal%d\", number %s %.1f)\nthen\n    actions.update(\"bench-target-%d\");\nend\n\n", \
      i, int(i / 10), (i % 2 == 0 ? ">" : "<"), (k + 0.5) * 100 - 0.5 + int(i / 10) % 7, i >> file
  }
}'
awk -v n="$yaml_scenarios" -v dir="$work/yaml" 'BEGIN {
  for (i = 0; i < n; i++) {
    file = sprintf("%s/scenarios-%03d.yaml", dir, int(i / 1000))
    k = i % 10
    printf "%skind: Scenario\nmetadata: {name: bench-%d}\nspec:\n  when: {signal: Vehicle.Bench.Signal%d, op: %s, value: %.1f}\n  action: update\n  target: bench-target-%d\n", \
      (i % 1000 == 0 ? "" : "---\n"), i, int(i / 10), (i % 2 == 0 ? "gt" : "lt"), (k + 0.5) * 100 - 0.5 + int(i / 10) % 7, i >> file
  }
}'
printf 'time,path,value\n0,Vehicle.Bench.Signal0,500\n' >"$work/one.csv"
printf 'time,path,value\n0,Vehicle.Speed,0\n0.1,Vehicle.Speed,5\n' >"$work/short.csv"
printf 'rules.cache: %s\n' "$work/cache" >"$work/current.yaml"
: >"$work/baseline.yaml" # the previous build knows no rules.cache
baseline_options=()
baseline_archive="$(dirname "${BASELINE_JAR:-.}")/piccolo.jsa"
if [ -n "${BASELINE_JAR:-}" ] && [ -f "$baseline_archive" ]; then
  # a baseline that knows the setting gets a cache of its own
  printf 'rules.cache: %s\n' "$work/baseline-cache" >"$work/baseline.yaml"
  baseline_options=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto
    "-XX:SharedArchiveFile=$baseline_archive")
fi
echo "$drl_rules DRL rules, $yaml_scenarios YAML scenarios; $(nproc) cores; $(java -version 2>&1 | head -1); load $(cut -d' ' -f1-3 /proc/loadavg)"

timed() { # label command... ; appends "label wall cpu" to results
  local label="$1"
  shift
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" >/dev/null 2>"$work/err" ||
    { cat "$work/err"; exit 1; }
  read -r wall user sys <"$work/time"
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  echo "$label: wall $wall s, cpu $cpu s"
  echo "$label $wall $cpu" >>"$work/results"
}

run_case() { # label cache(new|seen|none) piccolo-args...
  local label="$1" cache="$2"
  shift 2
  [ "$cache" = new ] && rm -rf "$work/cache" "$work/baseline-cache"
  timed "current $label" "$home/piccolo" "$@" --config "$work/current.yaml"
  if [ -n "${BASELINE_JAR:-}" ]; then
    timed "baseline $label" java "${baseline_options[@]}" "-Dpiccolo.home=$home" \
      -jar "$BASELINE_JAR" "$@" --config "$work/baseline.yaml"
  fi
}

for run in $(seq "$runs"); do
  run_case rules-check-one seen rules check "$home/rules/camera/rear-camera.drl"
  run_case simulate-short seen simulate --rules "$home/rules" --trace "$work/short.csv" --out /dev/null
  run_case "drl-$drl_rules-new" new simulate --rules "$work/drl" --trace "$work/one.csv" --out /dev/null
  run_case "drl-$drl_rules-seen" seen simulate --rules "$work/drl" --trace "$work/one.csv" --out /dev/null
  run_case "yaml-$yaml_scenarios" seen rules check "$work/yaml"
done

echo "medians of $runs runs (wall s, cpu s):"
awk '{ key = $1 " " $2; wall[key] = wall[key] " " $3; cpu[key] = cpu[key] " " $4; order[key] = NR }
  function median(list,   a, n, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  END { for (k in wall) printf "%s %s %s\n", k, median(wall[k]), median(cpu[k]) }' "$work/results" | sort -k2,2 -k1,1
