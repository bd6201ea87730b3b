#!/usr/bin/env bash
# Replay benchmark: one generated trace (the demo drive looped to N samples), replayed by
# `simulate` in a bounded heap; with BASELINE_JAR set, the same trace and rules are also replayed
# by that build, alternating runs, so both are measured side by side on the same machine state.
#
#   scripts/bench-replay.sh [SAMPLES] [RULES] [HEAP]
#   BASELINE_JAR=/path/to/old/piccolo.jar scripts/bench-replay.sh 5000000 rules 2g
#   STREAM=1 scripts/bench-replay.sh 100000000 rules/media 256m   # through a pipe, no file
#   REPORT=1 scripts/bench-replay.sh 5000000 rules 256m   # each run without and with --report
#
# Prints, per run: wall seconds, user CPU seconds, peak RSS, and simulate's own summary line.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
samples="${1:-5000000}"
rules="${2:-$home/rules}"
heap="${3:-256m}"
runs="${RUNS:-3}"
jar="$home/gateway/target/piccolo.jar"
"$home/piccolo" --version >/dev/null # builds the jar when sources changed
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

measure() { # label jar trace-or-dash [more simulate options]
  local label="$1" which="$2" trace="$3"
  shift 3
  /usr/bin/time -f "$label: %e s wall, %U s user, %M KB peak RSS" \
    java "-Xmx$heap" "-Dpiccolo.home=$home" -jar "$which" simulate --rules "$rules" \
    --trace "$trace" --out "$work/$label.jsonl" "$@" 2>&1 | grep -v ': note: '
}

if [ "${STREAM:-0}" = 1 ]; then
  java -Xmx64m -jar "$jar" bench trace --samples "$samples" \
    | measure streamed "$jar" /dev/stdin
  exit 0
fi

java -Xmx64m -jar "$jar" bench trace --samples "$samples" --out "$work/trace.csv"
echo "trace: $samples samples, $(du -h "$work/trace.csv" | cut -f1); rules: $rules; heap: $heap"
for run in $(seq "$runs"); do
  if [ "${REPORT:-0}" = 1 ]; then
    measure "plain-$run" "$jar" "$work/trace.csv"
    measure "report-$run" "$jar" "$work/trace.csv" --report "$work/report-$run.html"
    echo "run $run: report $(stat -c %s "$work/report-$run.html") bytes"
    cmp -s "$work/plain-$run.jsonl" "$work/report-$run.jsonl" \
      && echo "run $run: identical decisions" || echo "run $run: DECISIONS DIFFER"
    continue
  fi
  measure "current-$run" "$jar" "$work/trace.csv"
  if [ -n "${BASELINE_JAR:-}" ]; then
    measure "baseline-$run" "$BASELINE_JAR" "$work/trace.csv" || true
    cmp -s "$work/current-$run.jsonl" "$work/baseline-$run.jsonl" \
      && echo "run $run: identical decisions" || echo "run $run: DECISIONS DIFFER"
  fi
done
