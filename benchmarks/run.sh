#!/usr/bin/env bash
# Builds the benchmarks and runs them: bare vs metered ChatClient calls and streams, 8 threads, price lookups,
# allocation per call. Prints a Markdown table; the last line is "overhead ratio (metered/bare call): x.xxx".
#
#   benchmarks/run.sh            full run (2 forks, 4 x 2 s warmup, 4 x 2 s measurement; about 12 min on 2 cores)
#   benchmarks/run.sh --quick    quick run (1 fork, 2 x 1 s warmup, 3 x 1 s measurement; about 2.5 min on 2 cores)
#   benchmarks/run.sh [--quick] -- <JMH options>   e.g. -- 'ChatClientBenchmarks.call' -prof jfr
#
# Needs only a JDK 17+ (the Maven wrapper fetches Maven). The JSON result is kept in benchmarks/target/jmh-result.json.
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
  settings=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
else
  settings=(-f 2 -wi 4 -w 2s -i 4 -r 2s)
fi
jar=benchmarks/target/benchmarks.jar
result=benchmarks/target/jmh-result.json
log=benchmarks/target/jmh-output.txt

echo "tokenmeter benchmarks ($mode): $(java -version 2>&1 | head -1), $(nproc) cores, load:$(uptime | sed 's/.*load average://')" >&2
# JMH's own progress goes to a log (tail -f it to follow); the table comes from the JSON result.
java -jar "$jar" "${settings[@]}" -prof gc -rf json -rff "$result" "${extra[@]}" > "$log" 2>&1 || {
  echo "JMH failed; see $log" >&2
  tail -40 "$log" >&2
  exit 1
}
grep -q '<failure>' "$log" && { echo "a benchmark failed; see $log" >&2; grep -A5 '<failure>' "$log" >&2; exit 1; }
java -cp "$jar" io.tokenmeter.benchmarks.Report "$result"
