#!/usr/bin/env bash
# End-to-end check of the operations kit against real processes: builds and starts the sample app, starts a real
# Prometheus (scraping every second, evaluating ops/prometheus/alerts.yml every second), drives a fixed series of
# /chat and /chat/stream calls, then asks Prometheus' HTTP API whether
#   - sum(llm_cost_usd_total) is the cost worked out below from the rate table,
#   - the alert rules the series is built to trigger fire,
#   - every PromQL query of the Grafana dashboard returns data,
# and runs promtool's config and rule checks and rule unit tests. Prints PASS/FAIL per check and "N passed, M failed";
# exits non-zero on any failure. Every process it starts is stopped by PID on exit, and its temp dir removed.
# Needs java, python3, curl, prometheus and promtool (Debian: apt-get install prometheus).
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=sample-app/target/tokenmeter-sample-app-0.2.0-SNAPSHOT.jar
DASHBOARD=ops/grafana/tokenmeter-dashboard.json
WAIT_SECONDS=60

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tokenmeter-e2e.XXXXXX")
pids=()

cleanup() {
  local status=$?
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT

passed=0
failed=0

pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }

# Runs "$@" quietly and records it as one check named $name.
check() {
  local name=$1
  shift
  if "$@" >"$tmp/check.out" 2>&1; then
    pass "$name"
  else
    fail "$name"
    sed 's/^/     /' "$tmp/check.out" | tail -20
  fi
}

summary() {
  echo "$passed passed, $failed failed"
}

# Stops early when a step everything after it needs has failed.
abort() {
  fail "$1"
  if [ -n "${2:-}" ] && [ -f "$2" ]; then
    tail -40 "$2" | sed 's/^/     /'
  fi
  summary
  exit 1
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_for() { # url log
  local i
  for i in $(seq 1 "$WAIT_SECONDS"); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 1
  done
  return 1
}

# ---------------------------------------------------------------------------------------------------------------
# Expected cost of one call, from the demo model's usage (sample-app DemoUsage) and the sample's rate table
# (sample-app application.yml, USD per 1,000,000 tokens):
#   m = ⌈characters / 4⌉ tokens of message text
#   prompt = 1200 + m tokens, of which 1024 are cache reads and 176 + m are uncached input
#   output = 64 + m tokens, plus 96 thinking tokens for Claude (billed as output)
#   gpt-4o             (176 + m) × $2.50 + 1024 × $1.25  + (64 + m) × $10.00
#   gpt-4o-mini        (176 + m) × $0.15 + 1024 × $0.075 + (64 + m) × $0.60
#   claude-sonnet-4-5  (176 + m) × $3.00 + 1024 × $0.30  + (64 + m + 96) × $15.00
#   my-local-llm       no price: unpriced, no cost
expected_cost() { # model message
  local m=$(((${#2} + 3) / 4))
  case $1 in
    gpt-4o) awk -v m="$m" 'BEGIN { printf "%.10f", ((176 + m) * 2.50 + 1024 * 1.25 + (64 + m) * 10.00) / 1e6 }' ;;
    gpt-4o-mini) awk -v m="$m" 'BEGIN { printf "%.10f", ((176 + m) * 0.15 + 1024 * 0.075 + (64 + m) * 0.60) / 1e6 }' ;;
    claude-sonnet-4-5) awk -v m="$m" 'BEGIN { printf "%.10f", ((176 + m) * 3.00 + 1024 * 0.30 + (64 + m + 96) * 15.00) / 1e6 }' ;;
    *) echo unpriced ;;
  esac | trim
}

# 0.0024475000 -> 0.0024475
trim() {
  sed -E 's/(\.[0-9]*[1-9])0+$/\1/; s/\.0+$//'
}

usd() {
  case $1 in unpriced) echo "unpriced" ;; *) echo "\$$1" ;; esac
}

same_amount() { # a b
  awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d < 1e-9) }'
}

# The fixed series, sent twice (a scrape apart, so every counter has an increase for rate() to see):
#   user   agent           model              message
CALLS=(
  "alice|support-bot|gpt-4o|How do I reset my password?"
  "bob|support-bot|gpt-4o-mini|Where is my order #4711?"
  "carol|research-agent|claude-sonnet-4-5|Why did churn rise in Q3? Think step by step."
  "erin|support-bot|my-local-llm|Hello from a model without a price"
)
STREAM="dave|support-bot|gpt-4o-mini|Stream me a short greeting."
ROUNDS=2

# ---------------------------------------------------------------------------------------------------------------
echo "== promtool"
check "promtool check config ops/prometheus/prometheus.yml" promtool check config ops/prometheus/prometheus.yml
check "promtool check rules ops/prometheus/alerts.yml" promtool check rules ops/prometheus/alerts.yml
check "promtool test rules ops/prometheus/alerts.test.yml" promtool test rules ops/prometheus/alerts.test.yml

echo "== sample app"
./mvnw -B -ntp -q -pl sample-app -am package -DskipTests >"$tmp/build.log" 2>&1 || abort "build the sample app" "$tmp/build.log"
app_port=$(free_port)
# The monthly global budget is lowered to $0.01 so that the series crosses it (and 80% of it).
cat >"$tmp/e2e.yml" <<'YAML'
tokenmeter:
  budgets:
    - name: daily-per-user
      limit: 0.05
      window: day
      scope: user
      enforce: true
    - name: monthly-global
      limit: 0.01
      window: month
      scope: global
YAML
java -jar "$JAR" --server.address=127.0.0.1 --server.port="$app_port" --spring.config.additional-location="file:$tmp/e2e.yml" \
  >"$tmp/app.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$app_port/actuator/health" || abort "sample app up on port $app_port" "$tmp/app.log"
pass "sample app up on port $app_port"

echo "== prometheus"
prom_port=$(free_port)
mkdir -p "$tmp/prometheus"
cp ops/prometheus/alerts.yml "$tmp/prometheus/alerts.yml"
sed -E -e 's/^(\s*)(scrape_interval|evaluation_interval):.*/\1\2: 1s/' \
  -e "s/localhost:8080/127.0.0.1:$app_port/" ops/prometheus/prometheus.yml >"$tmp/prometheus/prometheus.yml"
check "promtool check config (the copy scraping every 1s)" promtool check config "$tmp/prometheus/prometheus.yml"
prometheus --config.file="$tmp/prometheus/prometheus.yml" --storage.tsdb.path="$tmp/prometheus/data" \
  --web.listen-address="127.0.0.1:$prom_port" >"$tmp/prometheus.log" 2>&1 &
pids+=($!)
PROM="http://127.0.0.1:$prom_port"
wait_for "$PROM/-/ready" || abort "prometheus up on port $prom_port" "$tmp/prometheus.log"
pass "prometheus up on port $prom_port"

# Prints the value of an instant query's single result, or nothing.
query_value() {
  curl -fsS --get --data-urlencode "query=$1" "$PROM/api/v1/query" | python3 -c '
import json, sys
result = json.load(sys.stdin)["data"]["result"]
print(result[0]["value"][1] if len(result) == 1 else "")'
}

# Waits until an instant query's single value equals the expected amount; prints the last value seen.
await_value() { # query expected
  local value=""
  for _ in $(seq 1 "$WAIT_SECONDS"); do
    value=$(query_value "$1")
    if [ -n "$value" ] && same_amount "$value" "$2"; then
      echo "$value"
      return 0
    fi
    sleep 0.5
  done
  echo "${value:-no value}"
  return 1
}

check "prometheus scrapes the sample app" await_value 'up{job="tokenmeter-sample"}' 1

echo "== calls"
post_chat() { # user agent model message
  local body
  body=$(python3 -c 'import json, sys; print(json.dumps(dict(zip(("user", "agent", "model", "message"), sys.argv[1:]))))' "$@")
  curl -sS -o "$tmp/reply.json" -w '%{http_code}' -H 'Content-Type: application/json' -d "$body" \
    "http://127.0.0.1:$app_port/chat"
}

post_stream() { # user agent model message
  local body
  body=$(python3 -c 'import json, sys; print(json.dumps(dict(zip(("user", "agent", "model", "message"), sys.argv[1:]))))' "$@")
  curl -sS -N -o "$tmp/stream.txt" -w '%{http_code}' -H 'Content-Type: application/json' -d "$body" \
    "http://127.0.0.1:$app_port/chat/stream"
}

reply_cost() { # file with JSON
  python3 -c 'import json, sys; c = json.load(open(sys.argv[1])).get("cost"); print("unpriced" if c is None else c)' "$1"
}

stream_cost() { # file with SSE
  python3 -c '
import json, sys
events, name = [], None
for line in open(sys.argv[1]).read().splitlines():
    if line.startswith("event:"):
        name = line[6:].strip()
    elif line.startswith("data:"):
        events.append((name, json.loads(line[5:])))
deltas = [e for n, e in events if n == "delta"]
done = [e for n, e in events if n == "done"]
if not deltas or len(done) != 1:
    sys.exit("expected delta events then one done event, got %d events" % len(events))
c = done[0].get("cost")
print("unpriced" if c is None else c)' "$1"
}

call_ok() { # status file-cost expected
  [ "$1" = 200 ] || { echo "HTTP $1"; return 1; }
  if [ "$3" = unpriced ]; then [ "$2" = unpriced ]; else same_amount "$2" "$3"; fi || {
    echo "cost $2, expected $3"
    return 1
  }
}

total=0
for round in $(seq 1 "$ROUNDS"); do
  for call in "${CALLS[@]}"; do
    IFS='|' read -r user agent model message <<<"$call"
    expected=$(expected_cost "$model" "$message")
    status=$(post_chat "$user" "$agent" "$model" "$message")
    cost=$(reply_cost "$tmp/reply.json" 2>/dev/null || echo "?")
    check "round $round: /chat $user $model: $(usd "$expected")" call_ok "$status" "$cost" "$expected"
    [ "$expected" = unpriced ] || total=$(awk -v t="$total" -v c="$expected" 'BEGIN { printf "%.10f", t + c }' | trim)
  done
  IFS='|' read -r user agent model message <<<"$STREAM"
  expected=$(expected_cost "$model" "$message")
  status=$(post_stream "$user" "$agent" "$model" "$message")
  cost=$(stream_cost "$tmp/stream.txt" 2>&1 || true)
  check "round $round: /chat/stream $user $model: deltas, then done with $(usd "$expected")" call_ok "$status" "$cost" "$expected"
  total=$(awk -v t="$total" -v c="$expected" 'BEGIN { printf "%.10f", t + c }' | trim)
  # Wait until Prometheus has scraped this round, so the next one is an increase it can see.
  check "round $round: Prometheus sees sum(llm_cost_usd_total) = \$$total" await_value 'sum(llm_cost_usd_total)' "$total"
done

echo "== metrics and alerts"
# Two rounds: 2 × ($0.0024475 gpt-4o + $0.0001461 gpt-4o-mini + $0.0034512 claude-sonnet-4-5
#                  + $0.00014685 streamed gpt-4o-mini) = $0.0123833; my-local-llm adds nothing.
check "sum(llm_cost_usd_total) = \$$total (2 × the round worked out from the rate table)" \
  await_value 'sum(llm_cost_usd_total)' "$total"
check "reasoning tokens: 2 Claude calls × 96 thinking tokens = 192" \
  await_value 'sum(llm_tokens_total{type="reasoning"})' 192
check "unpriced calls: 2 to my-local-llm" await_value 'sum(llm_calls_unpriced_total{model="my-local-llm"})' 2
check "metering errors: none" await_value 'sum(tokenmeter_errors_total)' 0

alert_firing() { # alertname [label=value]
  local _
  for _ in $(seq 1 "$WAIT_SECONDS"); do
    if curl -fsS "$PROM/api/v1/alerts" | python3 -c '
import json, sys
name, labels = sys.argv[1], dict(a.split("=", 1) for a in sys.argv[2:])
alerts = json.load(sys.stdin)["data"]["alerts"]
sys.exit(0 if any(a["labels"].get("alertname") == name and a["state"] == "firing"
                  and all(a["labels"].get(k) == v for k, v in labels.items()) for a in alerts) else 1)' "$@"; then
      return 0
    fi
    sleep 0.5
  done
  curl -fsS "$PROM/api/v1/alerts"
  return 1
}

# The global budget's limit is $0.01 and the series spends $0.0123833: utilization 124% > 80%.
check "alert LlmBudgetNearlySpent fires for monthly-global" alert_firing LlmBudgetNearlySpent budget=monthly-global
check "alert LlmModelUnpriced fires for my-local-llm" alert_firing LlmModelUnpriced model=my-local-llm
check "BudgetAlerts paged for the monthly-global crossing" grep -q "PAGE on-call: budget 'monthly-global' exceeded" "$tmp/app.log"

echo "== dashboard queries"
# Grafana's variables replaced as Grafana would for "All applications" over the last 5 minutes: a window that holds
# the whole run, so every rate() sees the increase from round 1 to round 2 however long the run took.
python3 - "$DASHBOARD" >"$tmp/queries.tsv" <<'PY'
import json, sys
dashboard = json.load(open(sys.argv[1]))
for panel in dashboard["panels"]:
    for target in panel.get("targets", []):
        expr = (target["expr"].replace("$application", ".*").replace("$__rate_interval", "5m")
                .replace("$__range", "5m").replace("\n", " "))
        print(panel["title"] + " [" + target["refId"] + "]\t" + expr)
PY
has_data() { # query
  curl -fsS --get --data-urlencode "query=$1" "$PROM/api/v1/query" | python3 -c '
import json, math, sys
result = json.load(sys.stdin)["data"]["result"]
values = [float(r["value"][1]) for r in result]
print(len(result), "series:", values[:5])
sys.exit(0 if any(not math.isnan(v) for v in values) else 1)'
}
while IFS=$'\t' read -r title expr; do
  check "dashboard panel returns data: $title" has_data "$expr"
done <"$tmp/queries.tsv"

summary
[ "$failed" -eq 0 ]
