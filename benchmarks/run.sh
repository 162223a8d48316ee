#!/usr/bin/env bash
# Builds the benchmarks and runs them: bare vs metered ChatClient calls and streams, the do-nothing-advisor control,
# tokenmeter's own work (the advisor alone), the JSONL ledger, 8 threads, the model-level path against Spring AI's
# own observation, tracing, price lookups, allocation per call. Prints Markdown tables with every figure's 99.9 %
# interval and the targets decided from those intervals; the last two lines are
# "own work per call: N ns, B bytes" and "overhead ratio (metered/bare call): x.xxx".
#
# After JMH, the ChatClient differences (metered - control, metered without call-site cost - control,
# control - bare, per call and per chunk) are measured paired: the four clients in one JVM, short blocks of calls or
# streams interleaved A B C D D C B A (io.tokenmeter.benchmarks.PairedClientBenchmark, 20 s warm-up and 90 s each
# for calls, streams, the JSONL ledger on/off pair and eight threads (bare, control, metered; 8 threads at once per
# block), quick: 4 s and 8 s); the two ChatClient targets, the JSONL target and the 8-thread target are decided from
# those. The JMH 8-thread benchmarks run too (full run), with the do-nothing-advisor control beside bare and metered
# (its ratio to bare is the floor of metered / bare). Not run when JMH options are given.
#
#   benchmarks/run.sh            full run (2 forks, 4 x 2 s warmup, 4 x 2 s measurement, then the paired run; about
#                                29 min on 2 cores)
#   benchmarks/run.sh --quick    quick run (1 fork, 2 x 0.5 s warmup, 3 x 1 s measurement, no price lookups, no
#                                observed-advisor case, tracing on/off without the traced controls, the ChatClient
#                                streams and the do-nothing-advisor control paired only, at most 2 repeats; under
#                                3 min on 2 cores with the build)
#   benchmarks/run.sh [--quick] -- <JMH options>   e.g. -- 'ChatClientBenchmarks.call' -prof jfr
#
# A comparison whose error is larger than its effect, or whose interval straddles its target, is run again once (at
# most 12 benchmarks in a full run, 2 in a quick one) and the iterations of both runs pooled. Machine load is sampled every 10 s and
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
  cap=2
  # The targets' benchmarks only: price lookups, the observed-advisor case and the traced controls (tracedCallBare,
  # tracedCallPassThrough) are for the full run; the ChatClient streams and the do-nothing-advisor control are in the
  # paired measurement.
  selection=('^io\.tokenmeter\.benchmarks\.(ChatClientBenchmarks\.call(Bare|Metered|MeteredLedger)$|AdvisorBenchmarks\.(adviseCall|adviseStream|streamChunks)$|ModelCallBenchmarks|TracingBenchmarks\.tracedCallMetered(SpansOff)?$)')
else
  settings=(-f 2 -wi 4 -w 2s -i 4 -r 2s)
  repeats=1
  cap=12
  # Everything but the 8-thread pair, which runs last with its own, longer warm-up (below).
  selection=(-e 'ChatClientBenchmarks\.concurrentCall')
fi
# Eight threads on two cores starve the JIT's compiler threads: throughput still rises for 8 (bare) to 13 (metered)
# 2-second iterations, so 4 warm-up iterations measured the warm-up (a metered/bare ratio of 0.47-0.52 that was 0.78
# once warm). The full run gives the pair 15; the quick run leaves it out (it would not fit in 3 minutes warm).
concurrentSettings=(-f 2 -wi 15 -w 2s -i 4 -r 2s)
paired=true
pairedOptions=()
[[ $mode == quick ]] && pairedOptions=(--quick)
if [[ ${#extra[@]} -gt 0 ]]; then
  selection=()
  paired=false
fi
jar=benchmarks/target/benchmarks.jar
log=benchmarks/target/jmh-output.txt
loads=benchmarks/target/load.txt
pairedResult=benchmarks/target/paired-result.json
rm -f benchmarks/target/jmh-result*.json "$pairedResult" "$loads"

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
  unresolved=$(java -cp "$jar" io.tokenmeter.benchmarks.Report --unresolved $($paired && echo --paired-follows) "${results[@]}" | head -n "$cap")
  [[ -z $unresolved ]] && break
  pattern="^($(echo "$unresolved" | sed 's/\./\\./g; s/$/$/' | paste -sd'|'))"
  echo "round $round: repeating $(echo "$unresolved" | wc -l) benchmarks whose error exceeds their effect or straddles a target" >&2
  results+=("benchmarks/target/jmh-result-$round.json")
  jmh "${results[-1]}" "$pattern"
done

if [[ $mode == full && ${#extra[@]} -eq 0 ]]; then
  echo "8 threads: the concurrent pair with ${concurrentSettings[*]}" >&2
  results+=(benchmarks/target/jmh-result-concurrent.json)
  settings=("${concurrentSettings[@]}")
  jmh "${results[-1]}" '^io\.tokenmeter\.benchmarks\.ChatClientBenchmarks\.concurrentCall(Bare|PassThrough|Metered)$'
fi

report=()
if $paired; then
  # The same heap as JMH's forks.
  java -Xms1g -Xmx1g -cp "$jar" io.tokenmeter.benchmarks.PairedClientBenchmark "${pairedOptions[@]}" "$pairedResult" >> "$log" 2>&1 || {
    echo "the paired measurement failed; see $log" >&2
    tail -40 "$log" >&2
    exit 1
  }
  report=(--paired "$pairedResult")
fi

java -cp "$jar" io.tokenmeter.benchmarks.Report "${report[@]}" "${results[@]}" > benchmarks/target/report.md
kill "$sampler" 2>/dev/null || true
# The load seen during the run, then the tables (whose last line is the overhead ratio).
awk '{ if (min == "" || $2 < min) min = $2; if ($2 > max) max = $2 } END { printf "machine load (1-minute average, sampled every 10 s): %s to %s\n\n", min, max }' "$loads"
cat benchmarks/target/report.md
