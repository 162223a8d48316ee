package io.tokenmeter.benchmarks;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a JMH JSON result ({@code -rf json}) into the Markdown table of {@code docs/benchmarks.md}: each case as bare
 * vs metered, what metering adds per call or per chunk, the ratio, and the allocation it adds (JMH's
 * {@code gc.alloc.rate.norm} when run with {@code -prof gc}). The last line is always
 * {@code overhead ratio (metered/bare call): x.xxx}, the ratio of the average times of the synchronous call.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.tokenmeter.benchmarks.Report result.json}
 */
public final class Report {

	private static final String CLIENT = ChatClientBenchmarks.class.getName() + ".";
	private static final String MODEL = ModelCallBenchmarks.class.getName() + ".";

	private static final String PRICING = PricingBenchmarks.class.getName() + ".";

	private static final String ADVISOR = AdvisorBenchmarks.class.getName() + ".";

	private static final String ALLOC = "gc.alloc.rate.norm";

	private static final String CONTROL = "1 control: a do-nothing advisor instead (Spring AI's cost of one more advisor)";

	/** Chunks the advisor sees per stream: the content chunks and OpenAI's final usage chunk. */
	private static final int CHUNKS = OpenAiLikeChatModel.STREAM_CONTENT_CHUNKS + 1;

	private Report() {
	}

	public static void main(String[] args) {
		if (args.length != 1) {
			System.err.println("usage: Report <jmh-result.json>");
			System.exit(2);
		}
		Map<String, Result> results = read(new File(args[0]));
		List<String> lines = new ArrayList<>();
		Double ratio = report(results, lines);
		lines.forEach(System.out::println);
		System.out.println("overhead ratio (metered/bare call): "
				+ (ratio == null ? "n/a" : String.format(Locale.ROOT, "%.3f", ratio)));
	}

	/** @return the metered/bare ratio of the sync call, or null when the result has no such pair */
	static Double report(Map<String, Result> results, List<String> out) {
		out.add("| case | bare | metered | added | ratio | bytes/op added |");
		out.add("|---|---:|---:|---:|---:|---:|");
		List<String> targets = new ArrayList<>();
		Result callBare = results.get(CLIENT + "callBare");
		Result callMetered = results.get(CLIENT + "callMetered");
		Result passThrough = results.get(CLIENT + "callPassThrough");
		Result advised = results.get(ADVISOR + "adviseCall");
		Double ratio = null;
		if (callBare != null && callMetered != null) {
			ratio = callMetered.score / callBare.score;
			double added = callMetered.score - callBare.score;
			out.add(timeRow("1 sync call: metrics, pricing, 2 budgets", callBare, callMetered, added, "per call"));
			targets.add(target("added per sync call ≤ 2 µs", duration(added),
					advised == null ? "" : duration(advised.score), added <= 2_000));
			targets.add(target("added per sync call ≤ 5% of the bare call", percent(ratio - 1),
					advised == null ? "" : percent(advised.score / callBare.score), ratio <= 1.05));
		}
		Result observed = results.get(CLIENT + "callMeteredObserved");
		if (callBare != null && observed != null) {
			out.add(timeRow("1 same, advisor observed by Spring AI (`tokenmeter.advisor.observations=true`)", callBare,
					observed, observed.score - callBare.score, "per call"));
		}
		if (callBare != null && passThrough != null) {
			out.add(timeRow(CONTROL, callBare, passThrough, passThrough.score - callBare.score, "per call"));
		}
		if (advised != null) {
			out.add("| 1 tokenmeter's own work: the advisor alone | | " + duration(advised.score) + " | +"
					+ duration(advised.score) + " per call | | +" + bytes(advised.allocated) + " |");
		}
		Result ledger = results.get(CLIENT + "callMeteredLedger");
		if (callBare != null && ledger != null) {
			out.add(timeRow("2 sync call, JSONL ledger on", callBare, ledger, ledger.score - callBare.score,
					"per call"));
		}
		Result streamBare = results.get(CLIENT + "streamBare");
		Result streamMetered = results.get(CLIENT + "streamMetered");
		Result chunks = results.get(ADVISOR + "streamChunks");
		Result advisedStream = results.get(ADVISOR + "adviseStream");
		Double ownPerChunk = chunks == null || advisedStream == null ? null
				: (advisedStream.score - chunks.score) / CHUNKS;
		if (streamBare != null && streamMetered != null) {
			double perChunk = (streamMetered.score - streamBare.score) / CHUNKS;
			out.add(timeRow("3 stream of " + CHUNKS + " chunks", streamBare, streamMetered, perChunk, "per chunk"));
			targets.add(target("added per streamed chunk ≤ 100 ns", duration(perChunk),
					ownPerChunk == null ? "" : duration(ownPerChunk), perChunk <= 100));
		}
		Result streamPassThrough = results.get(CLIENT + "streamPassThrough");
		if (streamBare != null && streamPassThrough != null) {
			out.add(timeRow(CONTROL.replace("1 ", "3 "), streamBare, streamPassThrough,
					(streamPassThrough.score - streamBare.score) / CHUNKS, "per chunk"));
		}
		if (chunks != null && advisedStream != null) {
			out.add("| 3 tokenmeter's own work: the advisor alone, " + CHUNKS + " chunks | " + duration(chunks.score) + " | "
					+ duration(advisedStream.score) + " | +" + duration(ownPerChunk) + " per chunk | | "
					+ bytesAdded(chunks, advisedStream) + " |");
		}
		for (String[] lookup : new String[][] { { "lookupKnownId", "4 price lookup, 2,000 models: known id (cached)" },
				{ "lookupUnknownId", "4 price lookup: unknown id (cached)" },
				{ "resolveKnownId", "4 price resolution, first sight: dated id by pattern" },
				{ "resolveUnknownId", "4 price resolution, first sight: unknown id" },
				{ "priceCall", "4 price a call: lookup + cost" } }) {
			Result result = results.get(PRICING + lookup[0]);
			if (result != null) {
				out.add("| " + lookup[1] + " | | " + duration(result.score) + " | | | " + bytes(result.allocated)
						+ " |");
			}
		}
		Result modelBare = results.get(MODEL + "modelCallBare");
		Result modelMetered = results.get(MODEL + "modelCallMetered");
		if (modelBare != null && modelMetered != null) {
			out.add(timeRow("6 direct ChatModel.call, model-level path (vs Spring AI's observation alone)", modelBare,
					modelMetered, modelMetered.score - modelBare.score, "per call"));
		}
		Result concurrentBare = results.get(CLIENT + "concurrentCallBare");
		Result concurrentMetered = results.get(CLIENT + "concurrentCallMetered");
		if (concurrentBare != null && concurrentMetered != null) {
			double throughputRatio = concurrentMetered.score / concurrentBare.score;
			out.add("| 5 8 threads, throughput | " + throughput(concurrentBare) + " | " + throughput(concurrentMetered)
					+ " | | " + String.format(Locale.ROOT, "%.3f", throughputRatio) + " | "
					+ bytesAdded(concurrentBare, concurrentMetered) + " |");
			targets.add(target("8-thread throughput ratio ≥ 0.95", String.format(Locale.ROOT, "%.3f", throughputRatio),
					"", throughputRatio >= 0.95));
		}
		if (callBare != null && callMetered != null && callBare.allocated != null && callMetered.allocated != null) {
			double allocated = callMetered.allocated - callBare.allocated;
			out.add("| 6 allocation per sync call | " + bytes(callBare.allocated) + " | " + bytes(callMetered.allocated)
					+ " | | | " + signedBytes(allocated) + " |");
			targets.add(target("allocated per call ≤ 1 KB", signedBytes(allocated),
					advised == null ? "" : signedBytes(advised.allocated), allocated <= 1024));
		}
		Result build = results.get(PRICING + "buildTable");
		if (build != null) {
			out.add("");
			out.add(String.format(Locale.ROOT, "Building the 2,000-model rate table (startup): %.1f ms.",
					build.score / 1e6));
		}
		if (!targets.isEmpty()) {
			out.add("");
			out.add("| target | in the ChatClient (metered − bare) | tokenmeter's own work | met |");
			out.add("|---|---:|---:|:---:|");
			out.addAll(targets);
		}
		out.add("");
		return ratio;
	}

	private static String percent(double fraction) {
		return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
	}

	private static String timeRow(String label, Result bare, Result metered, double added, String per) {
		return "| " + label + " | " + duration(bare.score) + " | " + duration(metered.score) + " | "
				+ (added >= 0 ? "+" : "") + duration(added) + " " + per + " | "
				+ String.format(Locale.ROOT, "%.3f", metered.score / bare.score) + " | " + bytesAdded(bare, metered)
				+ " |";
	}

	private static String target(String what, String measured, String own, boolean met) {
		return "| " + what + " | " + measured + " | " + own + " | " + (met ? "yes" : "**no**") + " |";
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
		return String.format(Locale.ROOT, "%,.0f calls/s", result.score);
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

	/** Results by full benchmark name, times in nanoseconds (throughput as ops per second). */
	static Map<String, Result> read(File json) {
		JsonNode root = JsonMapper.builder().build().readTree(json);
		Map<String, Result> results = new LinkedHashMap<>();
		for (JsonNode benchmark : root) {
			JsonNode primary = benchmark.get("primaryMetric");
			String unit = primary.get("scoreUnit").asString();
			double score = primary.get("score").asDouble();
			if (!unit.startsWith("ops/")) {
				score = score * toNanos(unit);
			}
			JsonNode alloc = benchmark.path("secondaryMetrics").get(ALLOC);
			Double allocated = alloc == null ? null : alloc.get("score").asDouble();
			results.put(benchmark.get("benchmark").asString(), new Result(score, unit, allocated));
		}
		return results;
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

	/**
	 * @param score average time in ns, or throughput in ops/s
	 * @param unit JMH's unit for the score as reported
	 * @param allocated bytes allocated per operation, or null without {@code -prof gc}
	 */
	record Result(double score, String unit, Double allocated) {
	}

}
