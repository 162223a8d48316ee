#!/usr/bin/env bash
# Times the JDBC ledger's report query (JdbcSpendQueries: one GROUPING SETS scan per window) on a throw-away
# PostgreSQL cluster holding N generated calls (default 1,000,000) spread over the last 30 days: 10,000 users,
# 20 agents, 8 models, 100,000 sessions. Prints the execution time of each window (hour, day, week, month,
# total) as PostgreSQL measures it (EXPLAIN ANALYZE), best of 3 runs.
# Runs niced (the machine may be shared with builds). Needs Debian's postgresql package (apt-get install -y postgresql). Usage: ops/jdbc-report-timing.sh [rows]
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-1000000}"
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
[ -x "$bin/initdb" ] || { echo "PostgreSQL not found: apt-get install -y postgresql" >&2; exit 1; }
as_pg=()
[ "$(id -u)" = 0 ] && as_pg=(runuser -u postgres --)
data="$(mktemp -d /tmp/tokenmeter-timing-XXXXXX)"
[ "$(id -u)" = 0 ] && chown postgres "$data"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"${as_pg[@]}" "$bin/initdb" -D "$data/pg" -A trust -U postgres -E UTF8 --locale=C >/dev/null
nice -n 10 "${as_pg[@]}" "$bin/pg_ctl" -D "$data/pg" -o "-p $port -k $data/pg -c listen_addresses=127.0.0.1" -l "$data/pg.log" -w start >/dev/null
pid="$(head -1 "$data/pg/postmaster.pid")"
trap 'kill -INT "$pid" 2>/dev/null; while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done; rm -rf "$data"' EXIT
psql=(psql -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1)

"${psql[@]}" -f autoconfigure/src/main/resources/io/tokenmeter/jdbc/postgresql/V1__tokenmeter_llm_call.sql
start=$(date +%s)
"${psql[@]}" <<SQL
INSERT INTO tokenmeter_llm_call (id, started_at, duration_nanos, ttft_nanos, stream, operation, provider,
    requested_model, model, agent, user_id, session_id, outcome, usage_reported, usage_estimated, input_tokens,
    cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost)
SELECT gen_random_uuid(),
       now() - (i::double precision / $rows) * interval '30 days',
       800000000, NULL, i % 3 = 0, CASE WHEN i % 50 = 0 THEN 'embeddings' ELSE 'chat' END, 'openai', 'gpt-4o',
       'model-' || (i % 8), 'agent-' || (i % 20), 'user-' || (i % 10000),
       CASE WHEN i % 4 = 0 THEN NULL ELSE 'session-' || (i % 100000) END,
       (ARRAY['success','success','success','truncated','error'])[1 + i % 5], true, false,
       1000 + i % 500, i % 300, 0, 0, 200 + i % 100, i % 50,
       CASE WHEN i % 97 = 0 THEN NULL ELSE round((1000 + i % 500) * 0.0000025 + (200 + i % 100) * 0.00001, 7) END
FROM generate_series(1, $rows) AS i;
VACUUM ANALYZE tokenmeter_llm_call;
SQL
echo "generated $rows rows in $(( $(date +%s) - start )) s; table + indexes: $("${psql[@]}" -At -c "SELECT pg_size_pretty(pg_total_relation_size('tokenmeter_llm_call'))")"

report_sql() { # $1 = WHERE condition; the text of JdbcSpendQueries.REPORT with the default caps
cat <<SQL
SELECT set_bits, key, calls, cost, unpriced, input_tokens, cache_read_tokens, cache_write_tokens, output_tokens,
    reasoning_tokens, values_in_set
FROM (
    SELECT grouped.*,
        row_number() OVER (PARTITION BY set_bits ORDER BY coalesce(cost, 0) DESC, key COLLATE "C") AS rank,
        count(*) OVER (PARTITION BY set_bits) AS values_in_set
    FROM (
        SELECT GROUPING(outcome, model, agent, user_id, session_id, operation) AS set_bits,
            coalesce(outcome, model, agent, user_id, session_id, operation) AS key,
            count(*) AS calls, sum(cost) AS cost,
            count(*) FILTER (WHERE cost IS NULL AND usage_reported) AS unpriced,
            coalesce(sum(input_tokens) FILTER (WHERE usage_reported), 0) AS input_tokens,
            coalesce(sum(cache_read_tokens) FILTER (WHERE usage_reported), 0) AS cache_read_tokens,
            coalesce(sum(cache_write_5m_tokens + cache_write_1h_tokens) FILTER (WHERE usage_reported), 0) AS cache_write_tokens,
            coalesce(sum(output_tokens) FILTER (WHERE usage_reported), 0) AS output_tokens,
            coalesce(sum(reasoning_tokens) FILTER (WHERE usage_reported), 0) AS reasoning_tokens
        FROM tokenmeter_llm_call
        WHERE $1
        GROUP BY GROUPING SETS ((), (outcome), (model), (agent), (user_id), (session_id), (operation))
    ) grouped
    WHERE key IS NOT NULL OR set_bits = 63
) ranked
WHERE rank <= CASE set_bits WHEN 59 THEN 10000 WHEN 61 THEN 10000 ELSE 1000 END
ORDER BY set_bits, rank
SQL
}

for work_mem in 4MB 64MB; do
echo "work_mem $work_mem (the report sets 64MB for its own transaction: tokenmeter.ledger.jdbc.report-work-mem)"
printf '%-6s %10s %12s\n' window rows "time (ms)"
for window in hour day week month total; do
  case $window in
    total) where="TRUE" ;;
    week) where="started_at >= date_trunc('week', now()) AND started_at < date_trunc('week', now()) + interval '1 week'" ;;
    *) where="started_at >= date_trunc('$window', now()) AND started_at < date_trunc('$window', now()) + interval '1 $window'" ;;
  esac
  in_window="$("${psql[@]}" -At -c "SELECT count(*) FROM tokenmeter_llm_call WHERE $where")"
  best=""
  for run in 1 2 3; do
    ms="$( { echo "SET work_mem = '$work_mem'; EXPLAIN (ANALYZE, TIMING OFF) "; report_sql "$where"; } | "${psql[@]}" -At | sed -n 's/^Execution Time: \([0-9.]*\) ms$/\1/p')"
    if [ -z "$best" ] || awk "BEGIN{exit !($ms < $best)}"; then best="$ms"; fi
  done
  printf '%-6s %10s %12s\n' "$window" "$in_window" "$best"
done
done
echo "PostgreSQL $("${psql[@]}" -At -c 'SHOW server_version'), shared_buffers $("${psql[@]}" -At -c 'SHOW shared_buffers'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
