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
 * <p>Usage: {@code java -cp benchmarks.jar io.tokenmeter.benchmarks.Report result.json [more.json ...]} prints the
 * tables; its last two lines are {@code own work per call: N ns, B bytes} and
 * {@code overhead ratio (metered/bare call): x.xxx}. With {@code --unresolved} first it prints instead the
 * benchmarks of every comparison whose error is larger than its effect or whose interval straddles its target, one
 * per line, for {@code run.sh} to run again.
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

	private final Map<String, Result> results;

	private final List<String> rows = new ArrayList<>();

	private final List<String> targets = new ArrayList<>();

	/** Benchmarks of comparisons that are not decided by this data (repeat candidates). */
	private final Set<String> unresolved = new LinkedHashSet<>();

	private Report(Map<String, Result> results) {
		this.results = results;
	}

	public static void main(String[] args) {
		boolean listUnresolved = args.length > 0 && args[0].equals("--unresolved");
		List<File> files = new ArrayList<>();
		for (int i = listUnresolved ? 1 : 0; i < args.length; i++) {
			files.add(new File(args[i]));
		}
		if (files.isEmpty()) {
			System.err.println("usage: Report [--unresolved] <jmh-result.json> [more results of the same run ...]");
			System.exit(2);
		}
		Report report = new Report(read(files));
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
		modelRows();
		tracingRows();
		out.add("| case | bare | metered | added | ratio | bytes/op added |");
		out.add("|---|---:|---:|---:|---:|---:|");
		out.addAll(this.rows);
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
			target("in the ChatClient, metered − control ≤ 0.4 µs per call", inPlace, 400, true, time(inPlace),
					metered, control);
		}
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
			target("JSONL ledger on − off ≤ 2 µs per call", added, 2_000, true, time(added), ledger, metered);
		}
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
			target("in the ChatClient, metered − control ≤ 30 ns per chunk", inPlace, 30, true, time(inPlace), metered,
					control);
		}
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
		target("8 threads: metered / bare throughput ≥ 0.95", ratio, 0.95, false, ratio(ratio), metered, bare);
	}

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

	private Result get(String name) {
		return this.results.get(name);
	}

	/** A row of two benchmarks of the same run: both figures, the difference per unit, the ratio and the bytes. */
	private void pairRow(String label, Result bare, Result metered, int per, String unit) {
		Estimate added = difference(metered, bare, per);
		if (added.error > Math.abs(added.value)) {
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
