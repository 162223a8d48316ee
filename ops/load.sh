#!/usr/bin/env bash
# Repeatable load check: starts the sample app on a free loopback port with the JSONL ledger on (in a temp dir),
# drives it with CLIENTS concurrent clients for exactly CALLS calls (/chat, every tenth one /chat/stream, a quarter
# of them on a model without a price), then checks that four independent accounts of the same calls agree:
#   - the replies: the sum of every reply's `cost` (the stream's `done` event), exact BigDecimal,
#   - the report:  /actuator/tokenmeter `totals.cost`, exact,
#   - the ledger:  the sum of the JSONL lines' `cost`, exact,
#   - Prometheus:  sum(llm_cost_usd_total) from /actuator/prometheus, a double, within 1e-9 relative,
# to the last digit, and that calls = replies = report calls = ledger records = llm_call_duration_seconds_count,
# with the same count of unpriced calls everywhere. Prints the figures, "PASS"/"FAIL" per check, and exits non-zero
# on any failure. The client and the checker are one single-file Java program (below): exact decimal arithmetic with
# nothing but the JDK. Every process it starts is stopped by PID on exit, and its temp dir removed.
#
#   ops/load.sh [--reuse-jar] [CALLS [CLIENTS]]       defaults: 2000 calls, 16 clients
#
# --reuse-jar skips the build when sample-app/target already holds the jar (as after ./mvnw verify or ops/e2e.sh).
# Needs java (17+) and curl.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=sample-app/target/tokenmeter-sample-app-0.2.0-SNAPSHOT.jar
WAIT_SECONDS=120

reuse_jar=false
if [ "${1:-}" = --reuse-jar ]; then
  reuse_jar=true
  shift
fi
CALLS=${1:-2000}
CLIENTS=${2:-16}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tokenmeter-load.XXXXXX")
app_pid=""

cleanup() {
  local status=$?
  if [ -n "$app_pid" ]; then
    kill "$app_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$app_pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -9 "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT

abort() { # message [log]
  echo "FAIL $1"
  if [ -n "${2:-}" ] && [ -f "$2" ]; then
    tail -40 "$2" | sed 's/^/     /'
  fi
  exit 1
}

echo "== sample app"
if [ "$reuse_jar" = true ] && [ -f "$JAR" ]; then
  echo "reusing $JAR"
else
  ./mvnw -B -ntp -q -pl sample-app -am package -DskipTests >"$tmp/build.log" 2>&1 || abort "build the sample app" "$tmp/build.log"
fi

# Budgets far out of reach, so no call is refused (the check is about counting, not refusing), one of them enforced
# on the priced models so that their calls reserve and commit; an enforced budget refuses a model without a price.
# The demo model answers at once.
mkdir -p "$tmp/ledger"
cat >"$tmp/load.yml" <<YAML
tokenmeter:
  budgets:
    - name: daily-per-user
      limit: 1000000
      window: day
      scope: user
    - name: daily-per-model
      limit: 1000000
      window: day
      scope: model
      match: [gpt-4o, gpt-4o-mini, claude-sonnet-4-5]
      enforce: true
    - name: monthly-global
      limit: 1000000
      window: month
      scope: global
  ledger:
    jsonl:
      enabled: true
      directory: $tmp/ledger
sample:
  demo:
    first-token-delay: 0ms
    chunk-delay: 0ms
YAML
java -jar "$JAR" --server.address=127.0.0.1 --server.port=0 --spring.config.additional-location="file:$tmp/load.yml" \
  >"$tmp/app.log" 2>&1 &
app_pid=$!
port=""
for _ in $(seq 1 "$WAIT_SECONDS"); do
  port=$(grep -oE 'Tomcat started on port [0-9]+' "$tmp/app.log" | grep -oE '[0-9]+$' | head -1 || true)
  [ -n "$port" ] && break
  kill -0 "$app_pid" 2>/dev/null || abort "sample app exited before it started" "$tmp/app.log"
  sleep 1
done
[ -n "$port" ] || abort "sample app up within $WAIT_SECONDS s" "$tmp/app.log"
curl -fsS -o /dev/null "http://127.0.0.1:$port/actuator/health" || abort "sample app healthy on port $port" "$tmp/app.log"
echo "PASS sample app up on 127.0.0.1:$port (pid $app_pid)"

cat >"$tmp/LoadCheck.java" <<'JAVA'
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** The load and the four-way comparison of ops/load.sh: LoadCheck BASE_URL CALLS CLIENTS LEDGER_DIR. */
public class LoadCheck {

	static final String[] MODELS = { "gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5", "my-local-llm" };

	static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	static int failed;

	/** One reply: its HTTP status and cost (null: unpriced, or no reply). */
	record Reply(int call, int status, BigDecimal cost, String problem) {
	}

	public static void main(String[] args) throws Exception {
		String base = args[0];
		int calls = Integer.parseInt(args[1]);
		int clients = Integer.parseInt(args[2]);
		Path ledger = Path.of(args[3]);

		ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
		AtomicInteger next = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		long started = System.nanoTime();
		for (int c = 0; c < clients; c++) {
			pool.execute(() -> {
				for (int i = next.getAndIncrement(); i < calls; i = next.getAndIncrement()) {
					replies.add(call(base, i));
				}
			});
		}
		pool.shutdown();
		if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
			throw new IllegalStateException("the load did not finish within 10 minutes");
		}
		double seconds = (System.nanoTime() - started) / 1e9;

		List<Reply> bad = replies.stream().filter((r) -> r.status() != 200 || r.problem() != null).toList();
		BigDecimal replyCost = BigDecimal.ZERO;
		long replyUnpriced = 0;
		for (Reply r : replies) {
			if (r.cost() != null) {
				replyCost = replyCost.add(r.cost());
			}
			else if (r.status() == 200) {
				replyUnpriced++;
			}
		}
		System.out.printf("load: %d calls, %d clients, %.1f s, %.0f calls/s%n", calls, clients, seconds,
				calls / seconds);

		// The ledger is written off the call thread: wait until every record is on disk.
		Ledger lines = Ledger.read(ledger);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (lines.records() < calls && System.nanoTime() < deadline) {
			Thread.sleep(100);
			lines = Ledger.read(ledger);
		}

		Map<?, ?> report = (Map<?, ?>) Json.parse(get(base + "/actuator/tokenmeter"));
		Map<?, ?> totals = (Map<?, ?>) report.get("totals");
		long reportCalls = ((BigDecimal) totals.get("calls")).longValueExact();
		BigDecimal reportCost = (BigDecimal) totals.get("cost");
		long reportUnpriced = ((BigDecimal) totals.get("unpricedCalls")).longValueExact();

		String scrape = get(base + "/actuator/prometheus");
		double promCost = sum(scrape, "llm_cost_usd_total");
		double promCalls = sum(scrape, "llm_call_duration_seconds_count");
		double promUnpriced = sum(scrape, "llm_calls_unpriced_total");

		System.out.println();
		System.out.printf("%-34s %10s %10s %s%n", "source", "calls", "unpriced", "cost (USD)");
		System.out.printf("%-34s %10d %10d %s%n", "replies", replies.size(), replyUnpriced, replyCost.toPlainString());
		System.out.printf("%-34s %10d %10d %s%n", "/actuator/tokenmeter totals", reportCalls, reportUnpriced,
				reportCost.toPlainString());
		System.out.printf("%-34s %10d %10d %s%n", "JSONL ledger", lines.records(), lines.unpriced(),
				lines.cost().toPlainString());
		System.out.printf("%-34s %10.0f %10.0f %s%n", "/actuator/prometheus (double)", promCalls, promUnpriced,
				BigDecimal.valueOf(promCost).toPlainString());
		System.out.println();

		check("every call answered 200 with a cost or as unpriced (" + bad.size() + " did not"
				+ (bad.isEmpty() ? "" : "; first: call " + bad.get(0).call() + " HTTP " + bad.get(0).status() + " "
						+ bad.get(0).problem()) + ")", bad.isEmpty());
		check("calls = replies = report calls = ledger records = Prometheus calls (" + calls + ")",
				replies.size() == calls && reportCalls == calls && lines.records() == calls && promCalls == calls);
		check("unpriced calls agree: replies = report = ledger = Prometheus (" + replyUnpriced + ")",
				reportUnpriced == replyUnpriced && lines.unpriced() == replyUnpriced && promUnpriced == replyUnpriced);
		check("report cost = sum of reply costs, exactly", reportCost.compareTo(replyCost) == 0);
		check("ledger cost = sum of reply costs, exactly", lines.cost().compareTo(replyCost) == 0);
		double relative = Math.abs(promCost - replyCost.doubleValue()) / Math.max(replyCost.doubleValue(), 1e-300);
		check("Prometheus cost = sum of reply costs within 1e-9 relative (" + relative + ")", relative <= 1e-9);
		check("no ledger line skipped or unreadable (" + lines.unreadable() + ")", lines.unreadable() == 0);
		System.exit(failed == 0 ? 0 : 1);
	}

	static Reply call(String base, int i) {
		String model = MODELS[i % MODELS.length];
		boolean stream = i % 10 == 9;
		// Messages of different lengths, so that calls of one model differ in cost.
		String message = "Load call " + i + ": " + "how much does this cost? ".repeat(1 + i % 7);
		String body = "{\"message\":\"" + message + "\",\"agent\":\"load-agent-" + (i % 4) + "\",\"user\":\"load-user-"
				+ (i % 200) + "\",\"model\":\"" + model + "\"}";
		HttpRequest request = HttpRequest.newBuilder(URI.create(base + (stream ? "/chat/stream" : "/chat")))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(60))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		try {
			HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				return new Reply(i, response.statusCode(), null, response.body());
			}
			Map<?, ?> reply = (Map<?, ?>) Json.parse(stream ? doneEvent(response.body()) : response.body());
			return new Reply(i, 200, (BigDecimal) reply.get("cost"), null);
		}
		catch (Exception ex) {
			return new Reply(i, -1, null, ex.toString());
		}
	}

	/** The data of a stream's single {@code done} event. */
	static String doneEvent(String sse) {
		String event = "message";
		String done = null;
		for (String line : sse.split("\n")) {
			if (line.startsWith("event:")) {
				event = line.substring(6).strip();
			}
			else if (line.startsWith("data:") && event.equals("done")) {
				if (done != null) {
					throw new IllegalStateException("two done events");
				}
				done = line.substring(5);
			}
		}
		if (done == null) {
			throw new IllegalStateException("no done event in the stream");
		}
		return done;
	}

	static String get(String url) throws IOException, InterruptedException {
		HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(url + " answered HTTP " + response.statusCode());
		}
		return response.body();
	}

	/** The sum of a metric's samples over all its series in a Prometheus text exposition. */
	static double sum(String scrape, String metric) {
		double total = 0;
		for (String line : scrape.split("\n")) {
			if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
				total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		return total;
	}

	static void check(String name, boolean ok) {
		System.out.println((ok ? "PASS " : "FAIL ") + name);
		if (!ok) {
			failed++;
		}
	}

	/** The JSONL ledger's records, unpriced records (no cost) and exact cost. */
	record Ledger(long records, long unpriced, BigDecimal cost, long unreadable) {

		static Ledger read(Path directory) throws IOException {
			long records = 0;
			long unpriced = 0;
			long unreadable = 0;
			BigDecimal cost = BigDecimal.ZERO;
			List<Path> files;
			try (Stream<Path> list = Files.list(directory)) {
				files = list.filter((p) -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
			}
			for (Path file : files) {
				for (String line : Files.readAllLines(file)) {
					if (line.isBlank()) {
						continue;
					}
					Object parsed;
					try {
						parsed = Json.parse(line);
					}
					catch (RuntimeException torn) { // a line still being written
						unreadable++;
						continue;
					}
					records++;
					BigDecimal c = (BigDecimal) ((Map<?, ?>) parsed).get("cost");
					if (c == null) {
						unpriced++;
					}
					else {
						cost = cost.add(c);
					}
				}
			}
			return new Ledger(records, unpriced, cost, unreadable);
		}

	}

	/** A small JSON reader: objects, arrays, strings, true/false/null, and every number as an exact BigDecimal. */
	static final class Json {

		private final String text;

		private int at;

		private Json(String text) {
			this.text = text;
		}

		static Object parse(String text) {
			Json json = new Json(text);
			Object value = json.value();
			json.space();
			if (json.at != text.length()) {
				throw json.error("trailing characters");
			}
			return value;
		}

		private Object value() {
			space();
			if (this.at >= this.text.length()) {
				throw error("unexpected end");
			}
			char c = this.text.charAt(this.at);
			switch (c) {
				case '{':
					return object();
				case '[':
					return array();
				case '"':
					return string();
				case 't':
					return literal("true", Boolean.TRUE);
				case 'f':
					return literal("false", Boolean.FALSE);
				case 'n':
					return literal("null", null);
				default:
					return number();
			}
		}

		private Map<String, Object> object() {
			Map<String, Object> map = new LinkedHashMap<>();
			this.at++;
			space();
			if (peek() == '}') {
				this.at++;
				return map;
			}
			while (true) {
				space();
				String key = string();
				space();
				expect(':');
				map.put(key, value());
				space();
				if (peek() == ',') {
					this.at++;
				}
				else {
					expect('}');
					return map;
				}
			}
		}

		private List<Object> array() {
			List<Object> list = new ArrayList<>();
			this.at++;
			space();
			if (peek() == ']') {
				this.at++;
				return list;
			}
			while (true) {
				list.add(value());
				space();
				if (peek() == ',') {
					this.at++;
				}
				else {
					expect(']');
					return list;
				}
			}
		}

		private String string() {
			expect('"');
			StringBuilder out = new StringBuilder();
			while (true) {
				char c = this.text.charAt(this.at++);
				if (c == '"') {
					return out.toString();
				}
				if (c == '\\') {
					char e = this.text.charAt(this.at++);
					switch (e) {
						case 'n' -> out.append('\n');
						case 't' -> out.append('\t');
						case 'r' -> out.append('\r');
						case 'b' -> out.append('\b');
						case 'f' -> out.append('\f');
						case 'u' -> {
							out.append((char) Integer.parseInt(this.text.substring(this.at, this.at + 4), 16));
							this.at += 4;
						}
						default -> out.append(e);
					}
				}
				else {
					out.append(c);
				}
			}
		}

		private BigDecimal number() {
			int start = this.at;
			while (this.at < this.text.length() && "+-0123456789.eE".indexOf(this.text.charAt(this.at)) >= 0) {
				this.at++;
			}
			if (start == this.at) {
				throw error("unexpected character");
			}
			return new BigDecimal(this.text.substring(start, this.at));
		}

		private Object literal(String word, Object value) {
			if (!this.text.startsWith(word, this.at)) {
				throw error("expected " + word);
			}
			this.at += word.length();
			return value;
		}

		private void expect(char c) {
			if (peek() != c) {
				throw error("expected '" + c + "'");
			}
			this.at++;
		}

		private char peek() {
			if (this.at >= this.text.length()) {
				throw error("unexpected end");
			}
			return this.text.charAt(this.at);
		}

		private void space() {
			while (this.at < this.text.length() && Character.isWhitespace(this.text.charAt(this.at))) {
				this.at++;
			}
		}

		private IllegalArgumentException error(String what) {
			return new IllegalArgumentException(what + " at " + this.at);
		}

	}

}
JAVA

echo "== load: $CALLS calls, $CLIENTS clients"
java "$tmp/LoadCheck.java" "http://127.0.0.1:$port" "$CALLS" "$CLIENTS" "$tmp/ledger"
