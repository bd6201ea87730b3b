#!/usr/bin/env bash
# Time to ready of `piccolo serve`: the example rules plus N generated YAML scenarios, a local
# store, port 0. Each run starts a fresh JVM, waits for the "ready in N ms" line, reads the rule
# base build time from /metrics, then stops it with SIGTERM.
#
#   scripts/bench-serve-ready.sh [SCENARIOS]        # default 100; RUNS=5 by default
#   BASELINE_JAR=/path/to/old/piccolo.jar scripts/bench-serve-ready.sh   # alternating runs
#
# Prints, per run: the ready figure serve prints (JVM start to port open, rules built), the wall
# time from process start to that line, and the rule base build time.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scenarios="${1:-100}"
runs="${RUNS:-5}"
jar="$home/gateway/target/piccolo.jar"
"$home/piccolo" --version >/dev/null # builds the jar when sources changed
work="$(mktemp -d)"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

mkdir -p "$work/scenarios"
for i in $(seq "$scenarios"); do
  cat >"$work/scenarios/generated-$i.yaml" <<YAML
kind: Scenario
metadata: {name: generated-$i}
spec:
  when: {signal: Vehicle.Speed, op: gt, value: $i}
  action: launch
  target: app-$i
YAML
done
# the current build's audit log goes beside the run, not into the user's data folder,
# and its compiled class cache too: the first run compiles, the later ones find the classes
printf 'audit.file: %s\nrules.cache: %s\n' "$work/audit.jsonl" "$work/cache" >"$work/config.yaml"
echo "rules: $home/rules + $scenarios YAML scenarios; $(nproc) cores; $(java -version 2>&1 | head -1)"

measure() { # label jar [serve options]
  local label="$1" which="$2"
  shift 2
  rm -f "$work/store.json" "$work/err.txt"
  begin=$(date +%s%N)
  # the current build as ./piccolo starts it (its JVM options and class-data-sharing archive), a
  # baseline jar as the previous launcher did
  local launch=("$home/piccolo")
  [ "$which" = "$jar" ] || launch=(java "-Dpiccolo.home=$home" -jar "$which")
  "${launch[@]}" serve --port 0 --store "$work/store.json" "$@" \
    --rules "$home/rules" --rules "$work/scenarios" >/dev/null 2>"$work/err.txt" &
  pid=$!
  until grep -q "ready in" "$work/err.txt" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/err.txt"; exit 1; }
    sleep 0.02
  done
  wall=$((($(date +%s%N) - begin) / 1000000))
  line="$(grep "ready in" "$work/err.txt")"
  url="$(sed -E 's/.* on (http:[^ ]+) .*/\1/' <<<"$line")"
  build="$(curl -s "$url/metrics" | awk '/^piccolo_rulebase_build_seconds /{printf "%.0f", $2 * 1000}')"
  echo "$label: $(sed -E 's/.*(ready in [0-9]+ ms).*/\1/' <<<"$line"), $wall ms wall to the line, rule base built in $build ms"
  kill -TERM "$pid"
  wait "$pid" || true
  pid=""
}

for run in $(seq "$runs"); do
  measure "current-$run" "$jar" --config "$work/config.yaml"
  if [ -n "${BASELINE_JAR:-}" ]; then
    measure "baseline-$run" "$BASELINE_JAR"
  fi
done
