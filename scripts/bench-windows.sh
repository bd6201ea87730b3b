#!/usr/bin/env bash
# Window benchmark through the whole `simulate` command: the `bench windows` workload (N paths at
# 100 Hz, two DRL rules per path over its 60 s average) written as windows.drl and trace.csv,
# replayed by the current build and, with BASELINE_JAR set, by that build too, alternating runs;
# both must write byte-identical decisions.
#
#   scripts/bench-windows.sh [SAMPLES] [PATHS]
#   BASELINE_JAR=/path/to/old/piccolo.jar RUNS=3 scripts/bench-windows.sh 2000000 10
#
# Prints, per run: wall seconds, user CPU seconds, peak RSS, and simulate's summary line (its
# signals/s counts the replay alone, without the JVM start and the rule build).
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
samples="${1:-2000000}"
paths="${2:-10}"
runs="${RUNS:-3}"
jar="$home/gateway/target/piccolo.jar"
"$home/piccolo" --version >/dev/null # builds the jar when sources changed
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

measure() { # label jar
  local label="$1" which="$2"
  /usr/bin/time -f "$label: %e s wall, %U s user, %M KB peak RSS" \
    java "-Dpiccolo.home=$home" -jar "$which" simulate --rules "$work/windows.drl" \
    --trace "$work/trace.csv" --out "$work/$label.jsonl" 2>&1 | grep -v ': note: \|warning'
}

java -jar "$jar" bench windows --samples "$samples" --paths "$paths" --write "$work"
echo "trace: $samples samples over $paths paths at 100 Hz, $(du -h "$work/trace.csv" | cut -f1)"
for run in $(seq "$runs"); do
  measure "current-$run" "$jar"
  if [ -n "${BASELINE_JAR:-}" ]; then
    measure "baseline-$run" "$BASELINE_JAR" || true
    cmp -s "$work/current-$run.jsonl" "$work/baseline-$run.jsonl" \
      && echo "run $run: identical decisions ($(wc -l <"$work/current-$run.jsonl") lines)" \
      || echo "run $run: DECISIONS DIFFER"
  fi
done
