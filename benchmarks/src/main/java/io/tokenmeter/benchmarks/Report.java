package io.tokenmeter.benchmarks;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.commons.math3.distribution.TDistribution;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns JMH JSON results ({@code -rf json}) into the tables of {@code docs/benchmarks.md}: every figure with its
 * 99.9 % confidence interval, what tokenmeter adds per call or per chunk (a difference of two benchmarks measured in
 * the same run, its error the root of the summed squares), and the targets of issue 19 decided from the intervals:
 * <b>met</b> when the whole interval is on the right side of the target, <b>not met</b> when the whole interval is
 * on the wrong side, <b>undecided</b> when it straddles the target.
 *
 * <p>Several result files of the same benchmarks (a case repeated because its error exceeded its effect) are pooled:
 * their iterations are put together and the mean and interval computed from all of them.
 *
 * <p>With {@code --paired paired.json} (the rounds of {@link PairedClientBenchmark}) the {@code ChatClient}
 * differences are also given paired, and the two {@code ChatClient} targets are decided from them: per round, the
 * difference of two clients' mean times per call (or per chunk); over the rounds without a collection, their
 * {@value #TRIM_PERCENT} % trimmed mean with its 99.9 % interval (Yuen's: Student's t with the winsorized variance),
 * plus the collections' pause time charged by bytes allocated.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.tokenmeter.benchmarks.Report [--paired paired.json] result.json
 * [more.json ...]} prints the tables; its last two lines are {@code own work per call: N ns, B bytes} and
 * {@code overhead ratio (metered/bare call): x.xxx}. With {@code --unresolved} first it prints instead the
 * benchmarks of every comparison whose error is larger than its effect or whose interval straddles its target, one
 * per line, for {@code run.sh} to run again; {@code --paired-follows} then leaves out the {@code ChatClient}
 * comparisons that the paired measurement run after it decides.
 */
public final class Report {

	private static final String CLIENT = ChatClientBenchmarks.class.getName() + ".";

	private static final String MODEL = ModelCallBenchmarks.class.getName() + ".";

	private static final String PRICING = PricingBenchmarks.class.getName() + ".";

	private static final String ADVISOR = AdvisorBenchmarks.class.getName() + ".";

	private static final String TRACING = "io.tokenmeter.benchmarks.TracingBenchmarks.";

	private static final String ALLOC = "gc.alloc.rate.norm";

	/** Chunks the advisor sees per stream: the content chunks and OpenAI's final usage chunk. */
	private static final int CHUNKS = OpenAiLikeChatModel.STREAM_CONTENT_CHUNKS + 1;

	private static final double CONFIDENCE = 0.999;

	/** Per cent of the paired rounds trimmed from each end (interference in one block, not the code's cost). */
	static final int TRIM_PERCENT = 10;

	/** The JMH benchmarks whose differences the paired measurement gives (no repeats for them when it follows). */
	private static final Set<String> PAIRED = Set.of(CLIENT + "callBare", CLIENT + "callMetered",
			CLIENT + "callPassThrough", CLIENT + "callMeteredWithoutCallCost", CLIENT + "streamBare",
			CLIENT + "streamMetered", CLIENT + "streamPassThrough", CLIENT + "callMeteredLedger");

	private final Map<String, Result> results;

	private final List<String> rows = new ArrayList<>();

	private final List<String> targets = new ArrayList<>();

	/** Lines printed under the table (how the paired figures were measured). */
	private final List<String> notes = new ArrayList<>();

	/** Benchmarks of comparisons that are not decided by this data (repeat candidates). */
	private final Set<String> unresolved = new LinkedHashSet<>();

	/** The paired rounds of calls and of streams, or null. */
	private final JsonNode paired;

	/** Whether the paired measurement decides the ChatClient differences (given, or run after this). */
	private final boolean pairedDecides;

	private Report(Map<String, Result> results, JsonNode paired, boolean pairedDecides) {
		this.results = results;
		this.paired = paired;
		this.pairedDecides = pairedDecides || paired != null;
	}

	public static void main(String[] args) {
		boolean listUnresolved = false;
		boolean pairedFollows = false;
		JsonNode paired = null;
		List<File> files = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--unresolved" -> listUnresolved = true;
				case "--paired-follows" -> pairedFollows = true;
				case "--paired" -> paired = JsonMapper.builder().build().readTree(new File(args[++i]));
				default -> files.add(new File(args[i]));
			}
		}
		if (files.isEmpty()) {
			System.err.println("usage: Report [--unresolved [--paired-follows]] [--paired <paired.json>] "
					+ "<jmh-result.json> [more results of the same run ...]");
			System.exit(2);
		}
		Report report = new Report(read(files), paired, pairedFollows);
		List<String> lines = report.lines();
		if (listUnresolved) {
			report.unresolved.forEach(System.out::println);
			return;
		}
		lines.forEach(System.out::println);
	}

	/** The tables, then the two summary lines (the last is the overhead ratio). */
	List<String> lines() {
		List<String> out = new ArrayList<>();
		callRows();
		streamRows();
		pricingRows();
		concurrencyRows();
		pairedConcurrencyRows();
		modelRows();
		tracingRows();
		out.add("| case | bare | metered | added | ratio | bytes/op added |");
		out.add("|---|---:|---:|---:|---:|---:|");
		out.addAll(this.rows);
		if (!this.notes.isEmpty()) {
			out.add("");
			out.addAll(this.notes);
		}
		Result build = this.results.get(PRICING + "buildTable");
		if (build != null) {
			out.add("");
			out.add("Building the 2,000-model rate table (startup): " + ms(build) + ".");
		}
		if (!this.targets.isEmpty()) {
			out.add("");
			out.add("| target | measured (99.9 % interval) | met |");
			out.add("|---|---:|:---:|");
			out.addAll(this.targets);
		}
		out.add("");
		Result own = this.results.get(ADVISOR + "adviseCall");
		out.add(own == null ? "own work per call: n/a"
				: String.format(Locale.ROOT, "own work per call: %.0f ns, %.0f bytes", own.mean,
						own.allocated == null ? Double.NaN : own.allocated));
		Result bare = this.results.get(CLIENT + "callBare");
		Result metered = this.results.get(CLIENT + "callMetered");
		out.add("overhead ratio (metered/bare call): " + (bare == null || metered == null ? "n/a"
				: String.format(Locale.ROOT, "%.3f", metered.mean / bare.mean)));
		return out;
	}

	private void callRows() {
		Result bare = get(CLIENT + "callBare");
		Result metered = get(CLIENT + "callMetered");
		Result control = get(CLIENT + "callPassThrough");
		Result observed = get(CLIENT + "callMeteredObserved");
		Result ledger = get(CLIENT + "callMeteredLedger");
		Result own = get(ADVISOR + "adviseCall");
		if (bare != null && metered != null) {
			pairRow("1 sync call: metrics, pricing, 2 budgets, spend report", bare, metered, 1, "per call");
		}
		if (bare != null && observed != null) {
			pairRow("1 same, advisor observed by Spring AI (`tokenmeter.advisor.observations=true`)", bare, observed,
					1, "per call");
		}
		if (bare != null && control != null) {
			pairRow("1 control: a do-nothing advisor instead (Spring AI's cost of one more advisor)", bare, control,
					1, "per call");
		}
		if (control != null && metered != null) {
			Estimate inPlace = difference(metered, control, 1);
			pairRow("1 tokenmeter in place: metered − control", control, metered, 1, "per call");
			if (this.paired == null) {
				target("in the ChatClient, metered − control ≤ 0.4 µs per call", inPlace, 400, true, time(inPlace),
						metered, control);
			}
		}
		pairedRows("calls", "call", 1, "per call", CLIENT_PAIRS, "in the ChatClient, metered − control ≤ 0.4 µs per call",
				400);
		if (own != null) {
			this.rows.add("| 1 tokenmeter's own work: the advisor alone | | " + time(own) + " | | | +"
					+ bytes(own.allocated) + " |");
			Estimate time = new Estimate(own.mean, own.error);
			target("own work per call (the advisor alone) ≤ 300 ns", time, 300, true, time(time), own);
			if (own.allocated != null) {
				Estimate allocated = new Estimate(own.allocated, own.allocatedError);
				target("own work per call allocates ≤ 300 B", allocated, 300, true, bytes(allocated), own);
			}
		}
		if (own != null) {
			for (String[] part : new String[][] {
					{ "WithoutMetrics", "its Micrometer meters (timer, token and cost counters)" },
					{ "WithoutBudgets", "two tracked budgets" },
					{ "WithoutReport", "the in-memory spend report" } }) {
				Result without = get(ADVISOR + "adviseCall" + part[0]);
				if (without != null) {
					pairRow("1 of the advisor's own work: " + part[1] + " (with vs without)", without, own, 1,
							"per call");
				}
			}
		}
		if (metered != null && ledger != null) {
			Estimate added = difference(ledger, metered, 1);
			pairRow("2 sync call, JSONL ledger on (vs off)", metered, ledger, 1, "per call");
			if (this.paired == null || this.paired.get("ledger") == null) {
				target("JSONL ledger on − off ≤ 2 µs per call", added, 2_000, true, time(added), ledger, metered);
			}
		}
		pairedRows("ledger", "call", 2, "per call", LEDGER_PAIRS, "JSONL ledger on − off ≤ 2 µs per call", 2_000);
		if (bare != null && metered != null && bare.allocated != null && metered.allocated != null) {
			this.rows.add("| 6 allocation per sync call | " + bytes(bare.allocated) + " | " + bytes(metered.allocated)
					+ " | | | " + signedBytes(metered.allocated - bare.allocated) + " |");
		}
	}

	private void streamRows() {
		Result bare = get(CLIENT + "streamBare");
		Result metered = get(CLIENT + "streamMetered");
		Result control = get(CLIENT + "streamPassThrough");
		Result chunks = get(ADVISOR + "streamChunks");
		Result own = get(ADVISOR + "adviseStream");
		if (bare != null && metered != null) {
			pairRow("3 stream of " + CHUNKS + " chunks", bare, metered, CHUNKS, "per chunk");
		}
		if (bare != null && control != null) {
			pairRow("3 control: a do-nothing advisor instead", bare, control, CHUNKS, "per chunk");
		}
		if (control != null && metered != null) {
			Estimate inPlace = difference(metered, control, CHUNKS);
			pairRow("3 tokenmeter in place: metered − control", control, metered, CHUNKS, "per chunk");
			if (this.paired == null) {
				target("in the ChatClient, metered − control ≤ 30 ns per chunk", inPlace, 30, true, time(inPlace),
						metered, control);
			}
		}
		pairedRows("streams", "stream", 3, "per chunk", CLIENT_PAIRS,
				"in the ChatClient, metered − control ≤ 30 ns per chunk", 30);
		if (chunks != null && own != null) {
			Estimate perChunk = difference(own, chunks, CHUNKS);
			pairRow("3 tokenmeter's own work: the advisor alone vs the bare chunks", chunks, own, CHUNKS,
					"per chunk");
			target("own work per streamed chunk ≤ 10 ns", perChunk, 10, true, time(perChunk), own, chunks);
		}
	}

	private void pricingRows() {
		for (String[] lookup : new String[][] { { "lookupKnownId", "4 price lookup, 2,000 models: known id (cached)" },
				{ "lookupUnknownId", "4 price lookup: unknown id (cached)" },
				{ "resolveKnownId", "4 price resolution, first sight: dated id by pattern" },
				{ "resolveUnknownId", "4 price resolution, first sight: unknown id" },
				{ "priceCall", "4 price a call: lookup + cost" } }) {
			Result result = get(PRICING + lookup[0]);
			if (result != null) {
				this.rows.add("| " + lookup[1] + " | | " + time(result) + " | | | " + bytes(result.allocated) + " |");
			}
		}
	}

	private void concurrencyRows() {
		Result bare = get(CLIENT + "concurrentCallBare");
		Result metered = get(CLIENT + "concurrentCallMetered");
		if (bare == null || metered == null) {
			return;
		}
		Estimate ratio = ratio(metered, bare);
		this.rows.add("| 5 8 threads, throughput | " + throughput(bare) + " | " + throughput(metered) + " | | "
				+ ratio(ratio) + " | " + bytesAdded(bare, metered) + " |");
		Result control = get(CLIENT + "concurrentCallPassThrough");
		if (control != null) {
			// The floor of metered / bare: a do-nothing advisor's own ratio, and tokenmeter's against it.
			this.rows.add("| 5 8 threads, throughput: control (do-nothing advisor) / bare | " + throughput(bare)
					+ " | " + throughput(control) + " | | " + ratio(ratio(control, bare)) + " | "
					+ bytesAdded(bare, control) + " |");
			this.rows.add("| 5 8 threads, throughput: metered / control | " + throughput(control) + " | "
					+ throughput(metered) + " | | " + ratio(ratio(metered, control)) + " | "
					+ bytesAdded(control, metered) + " |");
		}
		if (this.paired == null || this.paired.get("concurrent") == null) {
			target("8 threads: metered / bare throughput ≥ 0.95", ratio, 0.95, false, ratio(ratio), metered, bare);
		}
	}

	/**
	 * The eight-thread part of the paired measurement: per round, each pair's throughput ratio (the inverse ratio
	 * of the two clients' block times, a collection's pause charged by bytes as for the differences), trimmed mean
	 * over the rounds. The first pair decides the target.
	 */
	private void pairedConcurrencyRows() {
		JsonNode data = this.paired == null ? null : this.paired.get("concurrent");
		if (data == null) {
			return;
		}
		PairedRounds paired = new PairedRounds(data);
		// A collection's pause, charged by the bytes each client allocates (all eight threads wait for it).
		List<double[]> rounds = paired.pausesCharged();
		for (String[] pair : CONCURRENT_PAIRS) {
			int a = paired.clients.indexOf(pair[0]);
			int b = paired.clients.indexOf(pair[1]);
			if (a < 0 || b < 0 || rounds.size() < 3) {
				continue;
			}
			List<Double> ratios = new ArrayList<>();
			List<Double> first = new ArrayList<>();
			List<Double> second = new ArrayList<>();
			for (double[] round : rounds) {
				ratios.add(round[b] / round[a]);
				first.add(1e9 / round[a]);
				second.add(1e9 / round[b]);
			}
			double[] trimmed = trimmedStats(ratios);
			Estimate ratio = new Estimate(trimmed[0], trimmed[1]);
			double[] of = stats(first);
			double[] to = stats(second);
			double bytesAdded = paired.bytesPerOperation(a) - paired.bytesPerOperation(b);
			this.rows.add("| 5 8 threads (paired): throughput " + pair[2] + " | "
					+ String.format(Locale.ROOT, "%,.0f ± %,.0f calls/s", to[0], to[1]) + " | "
					+ String.format(Locale.ROOT, "%,.0f ± %,.0f calls/s", of[0], of[1]) + " | | " + ratio(ratio)
					+ " | " + signedBytes(bytesAdded) + " |");
			if (pair == CONCURRENT_PAIRS[0]) {
				target("8 threads: metered / bare throughput ≥ 0.95 (paired)", ratio, 0.95, false, ratio(ratio));
			}
			else if (pair == CONCURRENT_PAIRS[1]) {
				target("8 threads: the floor, control / bare ≥ 0.95 (paired; a do-nothing advisor, not a target of "
						+ "issue 19)", ratio, 0.95, false, ratio(ratio));
			}
		}
		this.notes.add(String.format(Locale.ROOT,
				"Paired 8 threads: %d rounds of %d clients × 2 blocks of %d calls (%d threads × %d) in one JVM (%.0f s "
						+ "after %.0f s of warm-up), %d with a collection left out, pauses charged at %.2f ns per KB "
						+ "allocated; %d %% trimmed mean of the rounds' throughput ratios, 99.9 %% interval (Yuen).",
				rounds.size() + paired.collected, paired.clients.size(), data.get("operationsPerBlock").asInt(),
				PairedClientBenchmark.THREADS_AT_ONCE, PairedClientBenchmark.CONCURRENT_CALLS_PER_THREAD,
				data.get("seconds").asDouble(), data.get("warmupSeconds").asDouble(), paired.collected,
				paired.gcNanosPerByte * 1024, TRIM_PERCENT));
	}

	/**
	 * One part of the paired measurement as its JSON holds it: the clients, each round's nanoseconds per operation
	 * of each client (the rounds a collection ran in left out, and counted), and the collections' pause time per byte
	 * allocated, to charge each client by what it allocates.
	 */
	private static final class PairedRounds {

		final List<String> clients = new ArrayList<>();

		final List<double[]> rounds = new ArrayList<>();

		final int collected;

		final double gcNanosPerByte;

		private final JsonNode data;

		PairedRounds(JsonNode data) {
			this.data = data;
			data.get("clients").forEach(client -> this.clients.add(client.asString()));
			int left = 0;
			for (JsonNode round : data.get("rounds")) {
				if (round.get("gc").asLong() > 0) {
					left++;
					continue;
				}
				double[] nanos = new double[this.clients.size()];
				for (int i = 0; i < nanos.length; i++) {
					nanos[i] = round.get("nanosPerOperation").get(i).asDouble();
				}
				this.rounds.add(nanos);
			}
			this.collected = left;
			long bytes = data.get("bytes").asLong();
			this.gcNanosPerByte = bytes == 0 ? 0 : data.get("gcMillis").asDouble() * 1e6 / bytes;
		}

		double bytesPerOperation(int client) {
			return this.data.get("bytesPerOperation").get(client).asDouble();
		}

		/** The rounds with the collections' pause time charged to each client by the bytes it allocates. */
		List<double[]> pausesCharged() {
			List<double[]> charged = new ArrayList<>();
			for (double[] round : this.rounds) {
				double[] nanos = new double[round.length];
				for (int i = 0; i < nanos.length; i++) {
					nanos[i] = round[i] + this.gcNanosPerByte * bytesPerOperation(i);
				}
				charged.add(nanos);
			}
			return charged;
		}

	}

	/** The paired eight-thread ratios: client, client it is divided by, label (the first decides the target). */
	private static final String[][] CONCURRENT_PAIRS = { { "metered", "bare", "metered / bare" },
			{ "control", "bare", "control (do-nothing advisor) / bare" },
			{ "metered", "control", "metered / control" } };

	private void modelRows() {
		Result unobserved = get(MODEL + "modelCallUnobserved");
		Result bare = get(MODEL + "modelCallBare");
		Result metered = get(MODEL + "modelCallMetered");
		Result own = get(ADVISOR + "adviseCall");
		if (unobserved != null && bare != null) {
			pairRow("7 direct ChatModel.call: Spring AI's own observation and metrics (vs the model unobserved)",
					unobserved, bare, 1, "per call");
		}
		if (bare != null && metered != null) {
			pairRow("7 direct ChatModel.call: tokenmeter's model-level path (vs Spring AI's observation alone)", bare,
					metered, 1, "per call");
		}
		if (unobserved != null && bare != null) {
			Estimate springAi = difference(bare, unobserved, 1);
			if (own != null) {
				Estimate ownTime = new Estimate(own.mean, own.error);
				target("tokenmeter's own work per call < Spring AI's own metrics per call (" + time(springAi) + ")",
						difference(ownTime, springAi), 0, true, time(ownTime) + " vs " + time(springAi), own, bare,
						unobserved);
			}
			if (metered != null) {
				Estimate modelPath = difference(metered, bare, 1);
				target("model-level path per call < Spring AI's own metrics per call (" + time(springAi) + ")",
						difference(modelPath, springAi), 0, true, time(modelPath) + " vs " + time(springAi), metered,
						bare, unobserved);
			}
		}
	}

	/** Engineer B's tracing benchmarks: every result, and each xxxOff / xxxOn (or xxxUntraced / xxxTraced) pair. */
	private void tracingRows() {
		for (Map.Entry<String, Result> entry : this.results.entrySet()) {
			String name = entry.getKey();
			if (!name.startsWith(TRACING)) {
				continue;
			}
			String shortName = name.substring(TRACING.length());
			for (String[] suffixes : new String[][] { { "Off", "On" }, { "Untraced", "Traced" } }) {
				if (shortName.endsWith(suffixes[1])) {
					String base = shortName.substring(0, shortName.length() - suffixes[1].length());
					Result off = get(TRACING + base + suffixes[0]);
					if (off != null) {
						pairRow("8 tracing: " + base + ", " + suffixes[1].toLowerCase(Locale.ROOT) + " vs "
								+ suffixes[0].toLowerCase(Locale.ROOT), off, entry.getValue(), 1, "per call");
					}
				}
			}
		}
		if (this.rows.stream().noneMatch(row -> row.startsWith("| 8 "))) {
			this.results.keySet()
				.stream()
				.filter(name -> name.startsWith(TRACING))
				.forEach(name -> this.rows.add("| 8 " + name.substring(TRACING.length()) + " | | "
						+ time(this.results.get(name)) + " | | | " + bytes(this.results.get(name).allocated) + " |"));
		}
	}

	/**
	 * The paired differences of one kind (calls, streams, the ledger pair) and the target decided from the first
	 * pair.
	 * @param operation what one operation is (call, stream)
	 * @param group the row group of the JMH rows of the same kind
	 * @param pairs client, client compared with, label; the first pair decides {@code goal}
	 */
	private void pairedRows(String kind, String operation, int group, String unit, String[][] pairs, String goal,
			double limit) {
		JsonNode data = this.paired == null ? null : this.paired.get(kind);
		if (data == null) {
			return;
		}
		PairedRounds paired = new PairedRounds(data);
		int per = data.get("unitsPerOperation").asInt();
		List<double[]> rounds = paired.rounds;
		for (String[] pair : pairs) {
			int a = paired.clients.indexOf(pair[0]);
			int b = paired.clients.indexOf(pair[1]);
			if (a < 0 || b < 0 || rounds.size() < 3) {
				continue;
			}
			List<Double> differences = new ArrayList<>();
			List<Double> first = new ArrayList<>();
			List<Double> second = new ArrayList<>();
			for (double[] round : rounds) {
				differences.add((round[a] - round[b]) / per);
				first.add(round[a]);
				second.add(round[b]);
			}
			double bytesAdded = paired.bytesPerOperation(a) - paired.bytesPerOperation(b);
			double[] trimmed = trimmedStats(differences);
			Estimate added = new Estimate(trimmed[0] + paired.gcNanosPerByte * bytesAdded / per, trimmed[1]);
			double[] of = stats(first);
			double[] to = stats(second);
			this.rows.add("| " + group + " in the ChatClient (paired): " + pair[2] + " | "
					+ duration(to[0]) + " ± " + duration(to[1]) + " | " + duration(of[0]) + " ± " + duration(of[1])
					+ " | " + signed(added) + " " + unit + " | " + String.format(Locale.ROOT, "%.3f", of[0] / to[0])
					+ " | " + signedBytes(bytesAdded) + " |");
			if (pair == pairs[0]) {
				target(goal + " (paired)", added, limit, true, time(added));
			}
		}
		this.notes.add(String.format(Locale.ROOT,
				"Paired %s: %d rounds of %d clients × 2 blocks of %d %s(s) in one JVM (%.0f s after %.0f s of warm-up), "
						+ "%d with a collection left out, pauses charged at %.2f ns per KB allocated; "
						+ "%d %% trimmed mean of the rounds' differences, 99.9 %% interval (Yuen).",
				kind, rounds.size() + paired.collected, paired.clients.size(), data.get("operationsPerBlock").asInt(),
				operation, data.get("seconds").asDouble(), data.get("warmupSeconds").asDouble(), paired.collected,
				paired.gcNanosPerByte * 1024, TRIM_PERCENT));
	}

	/** The paired ChatClient differences: client, client compared with, label (the first decides the target). */
	private static final String[][] CLIENT_PAIRS = { { "metered", "control", "metered − control" },
			{ "meteredWithoutCallCost", "control",
					"metered without call-site cost (`tokenmeter.advisor.call-cost=false`) − control" },
			{ "control", "bare", "control − bare" } };

	/** The paired JSONL ledger difference. */
	private static final String[][] LEDGER_PAIRS = { { "meteredLedger", "metered", "JSONL ledger on − off" } };

	private Result get(String name) {
		return this.results.get(name);
	}

	/** A row of two benchmarks of the same run: both figures, the difference per unit, the ratio and the bytes. */
	private void pairRow(String label, Result bare, Result metered, int per, String unit) {
		Estimate added = difference(metered, bare, per);
		boolean pairedDecided = this.pairedDecides && PAIRED.contains(bare.name) && PAIRED.contains(metered.name);
		if (added.error > Math.abs(added.value) && !pairedDecided) {
			this.unresolved.add(bare.name);
			this.unresolved.add(metered.name);
		}
		String ratio = bare.throughput ? "" : String.format(Locale.ROOT, "%.3f", metered.mean / bare.mean);
		this.rows.add("| " + label + " | " + time(bare) + " | " + time(metered) + " | " + signed(added) + " " + unit
				+ " | " + ratio + " | " + bytesAdded(bare, metered) + " |");
	}

	/**
	 * A target decided from the interval of its estimate.
	 * @param atMost true for "value ≤ limit", false for "value ≥ limit"
	 * @param involved the benchmarks to repeat when the interval straddles the limit
	 */
	private void target(String what, Estimate estimate, double limit, boolean atMost, String shown,
			Result... involved) {
		double low = estimate.value - estimate.error;
		double high = estimate.value + estimate.error;
		String verdict;
		if (atMost ? high <= limit : low >= limit) {
			verdict = "met";
		}
		else if (atMost ? low > limit : high < limit) {
			verdict = "**not met**";
		}
		else {
			verdict = "undecided";
			for (Result result : involved) {
				this.unresolved.add(result.name);
			}
		}
		this.targets.add("| " + what + " | " + shown + " | " + verdict + " |");
	}

	private static Estimate difference(Result a, Result b, int per) {
		return new Estimate((a.mean - b.mean) / per, Math.hypot(a.error, b.error) / per);
	}

	private static Estimate difference(Estimate a, Estimate b) {
		return new Estimate(a.value - b.value, Math.hypot(a.error, b.error));
	}

	private static Estimate ratio(Result a, Result b) {
		double ratio = a.mean / b.mean;
		return new Estimate(ratio, ratio * Math.hypot(a.error / a.mean, b.error / b.mean));
	}

	private static String time(Result result) {
		if (result.throughput) {
			return throughput(result);
		}
		return duration(result.mean) + " ± " + duration(result.error);
	}

	private static String time(Estimate estimate) {
		return duration(estimate.value) + " ± " + duration(estimate.error);
	}

	private static String signed(Estimate estimate) {
		return (estimate.value >= 0 ? "+" : "") + time(estimate);
	}

	private static String ratio(Estimate estimate) {
		return String.format(Locale.ROOT, "%.3f ± %.3f", estimate.value, estimate.error);
	}

	private static String ms(Result result) {
		return String.format(Locale.ROOT, "%.1f ± %.1f ms", result.mean / 1e6, result.error / 1e6);
	}

	private static String duration(double nanos) {
		double abs = Math.abs(nanos);
		if (abs >= 1_000_000) {
			return String.format(Locale.ROOT, "%.2f ms", nanos / 1_000_000);
		}
		if (abs >= 1_000) {
			return String.format(Locale.ROOT, "%.2f µs", nanos / 1_000);
		}
		return String.format(Locale.ROOT, "%.1f ns", nanos);
	}

	private static String throughput(Result result) {
		return String.format(Locale.ROOT, "%,.0f ± %,.0f calls/s", result.mean, result.error);
	}

	private static String bytesAdded(Result bare, Result metered) {
		if (bare.allocated == null || metered.allocated == null) {
			return "";
		}
		return signedBytes(metered.allocated - bare.allocated);
	}

	private static String signedBytes(double bytes) {
		return (bytes >= 0 ? "+" : "−") + bytes(Math.abs(bytes));
	}

	private static String bytes(Double bytes) {
		return bytes == null ? "" : String.format(Locale.ROOT, "%,.0f B", bytes);
	}

	private static String bytes(Estimate bytes) {
		return String.format(Locale.ROOT, "%,.0f ± %,.0f B", bytes.value, bytes.error);
	}

	/** Results by full benchmark name, pooled over the files; times in nanoseconds, throughput in ops per second. */
	static Map<String, Result> read(List<File> files) {
		Map<String, List<Double>> samples = new LinkedHashMap<>();
		Map<String, List<Double>> allocations = new LinkedHashMap<>();
		Map<String, Boolean> throughput = new LinkedHashMap<>();
		JsonMapper mapper = JsonMapper.builder().build();
		for (File file : files) {
			for (JsonNode benchmark : mapper.readTree(file)) {
				String name = benchmark.get("benchmark").asString();
				JsonNode primary = benchmark.get("primaryMetric");
				String unit = primary.get("scoreUnit").asString();
				boolean opsPerTime = unit.startsWith("ops/");
				double scale = opsPerTime ? 1 : toNanos(unit);
				throughput.put(name, opsPerTime);
				List<Double> values = samples.computeIfAbsent(name, any -> new ArrayList<>());
				for (JsonNode fork : primary.get("rawData")) {
					for (JsonNode iteration : fork) {
						values.add(iteration.asDouble() * scale);
					}
				}
				JsonNode alloc = benchmark.path("secondaryMetrics").get(ALLOC);
				if (alloc != null) {
					List<Double> bytes = allocations.computeIfAbsent(name, any -> new ArrayList<>());
					for (JsonNode fork : alloc.get("rawData")) {
						for (JsonNode iteration : fork) {
							bytes.add(iteration.asDouble());
						}
					}
				}
			}
		}
		Map<String, Result> results = new LinkedHashMap<>();
		samples.forEach((name, values) -> {
			double[] time = stats(values);
			List<Double> bytes = allocations.get(name);
			double[] allocated = bytes == null || bytes.isEmpty() ? null : stats(bytes);
			results.put(name, new Result(name, time[0], time[1], throughput.get(name),
					allocated == null ? null : allocated[0], allocated == null ? null : allocated[1]));
		});
		return results;
	}

	/** Mean and the half-width of its 99.9 % confidence interval (Student's t), as JMH computes it. */
	private static double[] stats(List<Double> values) {
		int n = values.size();
		double mean = values.stream().mapToDouble(Double::doubleValue).sum() / n;
		if (n < 2) {
			return new double[] { mean, Double.NaN };
		}
		double squares = 0;
		for (double value : values) {
			squares += (value - mean) * (value - mean);
		}
		double deviation = Math.sqrt(squares / (n - 1));
		double t = new TDistribution(n - 1).inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
		return new double[] { mean, t * deviation / Math.sqrt(n) };
	}

	/**
	 * The trimmed mean ({@value #TRIM_PERCENT} % off each end) and the half-width of its 99.9 % interval: Yuen's,
	 * Student's t with n − 2k − 1 degrees of freedom on the winsorized standard deviation / ((1 − 2g) √n).
	 */
	static double[] trimmedStats(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(null);
		int n = sorted.size();
		int k = n * TRIM_PERCENT / 100;
		int kept = n - 2 * k;
		double mean = sorted.subList(k, n - k).stream().mapToDouble(Double::doubleValue).sum() / kept;
		if (kept < 2) {
			return new double[] { mean, Double.NaN };
		}
		double low = sorted.get(k);
		double high = sorted.get(n - k - 1);
		double winsorized = 0;
		for (double value : sorted) {
			winsorized += Math.min(Math.max(value, low), high);
		}
		winsorized /= n;
		double squares = 0;
		for (double value : sorted) {
			double clamped = Math.min(Math.max(value, low), high);
			squares += (clamped - winsorized) * (clamped - winsorized);
		}
		double deviation = Math.sqrt(squares / (n - 1));
		double t = new TDistribution(kept - 1).inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
		return new double[] { mean, t * deviation / (((double) kept / n) * Math.sqrt(n)) };
	}

	private static double toNanos(String unit) {
		String time = unit.substring(0, unit.indexOf('/'));
		return switch (time) {
			case "ns" -> 1;
			case "us" -> 1_000;
			case "ms" -> 1_000_000;
			case "s" -> 1_000_000_000;
			default -> throw new IllegalArgumentException("unit " + unit);
		};
	}

	/** A derived figure and the half-width of its interval. */
	record Estimate(double value, double error) {
	}

	/**
	 * @param name the benchmark's full name
	 * @param mean average time in ns, or throughput in ops/s
	 * @param error half-width of the 99.9 % interval of the mean, same unit
	 * @param throughput whether the figure is ops per second
	 * @param allocated bytes allocated per operation, or null without {@code -prof gc}
	 * @param allocatedError half-width of its interval
	 */
	record Result(String name, double mean, double error, boolean throughput, Double allocated,
			Double allocatedError) {
	}

}
