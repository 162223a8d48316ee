#!/usr/bin/env bash
# Builds the benchmarks and runs them: bare vs metered ChatClient calls and streams, the do-nothing-advisor control,
# tokenmeter's own work (the advisor alone), the JSONL ledger, 8 threads, the model-level path against Spring AI's
# own observation, tracing, price lookups, allocation per call. Prints Markdown tables with every figure's 99.9 %
# interval and the targets decided from those intervals; the last two lines are
# "own work per call: N ns, B bytes" and "overhead ratio (metered/bare call): x.xxx".
#
#   benchmarks/run.sh            full run (2 forks, 4 x 2 s warmup, 4 x 2 s measurement; about 25 min on 2 cores)
#   benchmarks/run.sh --quick    quick run (1 fork, 2 x 0.5 s warmup, 3 x 1 s measurement, no price lookups and no
#                                observed-advisor case; under 3 min on 2 cores with the build)
#   benchmarks/run.sh [--quick] -- <JMH options>   e.g. -- 'ChatClientBenchmarks.call' -prof jfr
#
# A comparison whose error is larger than its effect, or whose interval straddles its target, is run again once (at
# most 12 benchmarks in a full run, 6 in a quick one) and the iterations of both runs pooled. Machine load is sampled every 10 s and
# reported. Needs only a JDK 17+ (the Maven wrapper fetches Maven). Results: benchmarks/target/jmh-result*.json.
set -euo pipefail

cd "$(dirname "$0")/.."
mode=full
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) mode=quick; shift ;;
    --) shift; extra=("$@"); break ;;
    *) echo "usage: benchmarks/run.sh [--quick] [-- <JMH options>]" >&2; exit 2 ;;
  esac
done

./mvnw -B -ntp -q -pl benchmarks -am package -DskipTests

if [[ $mode == quick ]]; then
  settings=(-f 1 -wi 2 -w 500ms -i 3 -r 1s)
  repeats=1
  cap=6
  # The targets' benchmarks only: price lookups and the observed-advisor case are for the full run.
  selection=('^io\.tokenmeter\.benchmarks\.(ChatClientBenchmarks\.(call(Bare|Metered|MeteredLedger|PassThrough)|stream(Bare|Metered|PassThrough)|concurrentCall(Bare|Metered))$|AdvisorBenchmarks\.(adviseCall|adviseStream|streamChunks)$|ModelCallBenchmarks|TracingBenchmarks)')
else
  settings=(-f 2 -wi 4 -w 2s -i 4 -r 2s)
  repeats=1
  cap=12
  selection=()
fi
if [[ ${#extra[@]} -gt 0 ]]; then
  selection=()
fi
jar=benchmarks/target/benchmarks.jar
log=benchmarks/target/jmh-output.txt
loads=benchmarks/target/load.txt
rm -f benchmarks/target/jmh-result*.json "$loads"

(while true; do echo "$(date -u +%H:%M:%S) $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)" >> "$loads"; sleep 10; done) &
sampler=$!
trap 'kill "$sampler" 2>/dev/null || true' EXIT

echo "tokenmeter benchmarks ($mode): $(java -version 2>&1 | head -1), $(nproc) cores, load:$(uptime | sed 's/.*load average://')" >&2

# Runs JMH with the given benchmark selection into the given result file; JMH's progress goes to the log.
jmh() {
  local result=$1; shift
  java -jar "$jar" "${settings[@]}" -prof gc -rf json -rff "$result" "$@" >> "$log" 2>&1 || {
    echo "JMH failed; see $log" >&2
    tail -40 "$log" >&2
    exit 1
  }
  if grep -q '<failure>' "$log"; then
    echo "a benchmark failed; see $log" >&2
    grep -A5 '<failure>' "$log" >&2
    exit 1
  fi
}

: > "$log"
results=(benchmarks/target/jmh-result.json)
jmh "${results[0]}" "${selection[@]}" "${extra[@]}"
for ((round = 1; round <= repeats; round++)); do
  unresolved=$(java -cp "$jar" io.tokenmeter.benchmarks.Report --unresolved "${results[@]}" | head -n "$cap")
  [[ -z $unresolved ]] && break
  pattern="^($(echo "$unresolved" | sed 's/\./\\./g; s/$/$/' | paste -sd'|'))"
  echo "round $round: repeating $(echo "$unresolved" | wc -l) benchmarks whose error exceeds their effect or straddles a target" >&2
  results+=("benchmarks/target/jmh-result-$round.json")
  jmh "${results[-1]}" "$pattern"
done

java -cp "$jar" io.tokenmeter.benchmarks.Report "${results[@]}" > benchmarks/target/report.md
kill "$sampler" 2>/dev/null || true
# The load seen during the run, then the tables (whose last line is the overhead ratio).
awk '{ if (min == "" || $2 < min) min = $2; if ($2 > max) max = $2 } END { printf "machine load (1-minute average, sampled every 10 s): %s to %s\n\n", min, max }' "$loads"
cat benchmarks/target/report.md
