package io.tokenmeter.benchmarks;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The application configurations compared. They differ only in tokenmeter's properties, so the {@code ChatClient}s
 * they build differ only by the tokenmeter advisor.
 */
enum Variant {

	/** tokenmeter off: the auto-configured {@code ChatClient} as Spring AI builds it. */
	BARE(Map.of("tokenmeter.enabled", "false")),

	/** The control: tokenmeter off, a do-nothing advisor in its place that Spring AI does not observe either. */
	CONTROL(Map.of("tokenmeter.enabled", "false", "benchmark.pass-through.unobserved", "true")),

	/** Metrics, pricing (bundled catalog, dated id resolved by pattern) and two budgets tracked, not enforced. */
	METERED(metered()),

	/** The metered variant with tokenmeter's Micrometer meters off (the parts of its own work, one by one). */
	METERED_WITHOUT_METRICS(with(metered(), "tokenmeter.metrics.enabled", "false")),

	/** The metered variant without the two tracked budgets. */
	METERED_WITHOUT_BUDGETS(Map.of("tokenmeter.enabled", "true")),

	/** The metered variant without the ledger stage (no spend report, no call-record event). */
	METERED_WITHOUT_REPORT(with(metered(), "tokenmeter.ledger.enabled", "false")),

	/** The metered variant without call-site cost, advisor or handler ({@code tokenmeter.advisor.call-cost=false}). */
	METERED_WITHOUT_CALL_COST(with(metered(), "tokenmeter.advisor.call-cost", "false")),

	/** The same with Spring AI observing tokenmeter's advisor like any other ({@code spring.ai.advisor}). */
	METERED_OBSERVED(with(metered(), "tokenmeter.advisor.observations", "true")),

	/** The same with every call record also appended to a daily JSONL file (in a temporary directory). */
	METERED_JSONL_LEDGER(jsonlLedger()),

	/** No tokenmeter; the model observes itself as Spring AI's models do (what the model-level path listens to). */
	MODEL_OBSERVED(Map.of("tokenmeter.enabled", "false", "benchmark.model.observed", "true")),

	/** The observed model with tokenmeter on: its model-level path meters every direct model call. */
	MODEL_OBSERVED_METERED(with(metered(), "benchmark.model.observed", "true"));

	private final Map<String, Object> properties;

	Variant(Map<String, Object> properties) {
		this.properties = properties;
	}

	Map<String, Object> properties() {
		return this.properties;
	}

	private static Map<String, Object> with(Map<String, Object> base, String name, String value) {
		Map<String, Object> properties = new LinkedHashMap<>(base);
		properties.put(name, value);
		return Map.copyOf(properties);
	}

	private static Map<String, Object> jsonlLedger() {
		Map<String, Object> properties = new LinkedHashMap<>(metered());
		properties.put("tokenmeter.ledger.jsonl.enabled", "true");
		properties.put("tokenmeter.ledger.jsonl.directory", LedgerDirectory.PATH.toString());
		return Map.copyOf(properties);
	}

	private static Map<String, Object> metered() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("tokenmeter.enabled", "true");
		// Limits no benchmark run reaches (about $0.0055 per call), so no alert fires mid-measurement.
		properties.put("tokenmeter.budgets[0].name", "daily-per-user");
		properties.put("tokenmeter.budgets[0].limit", "1000000000");
		properties.put("tokenmeter.budgets[0].window", "day");
		properties.put("tokenmeter.budgets[0].scope", "user");
		properties.put("tokenmeter.budgets[1].name", "monthly-total");
		properties.put("tokenmeter.budgets[1].limit", "1000000000");
		properties.put("tokenmeter.budgets[1].window", "month");
		properties.put("tokenmeter.budgets[1].scope", "global");
		return Map.copyOf(properties);
	}

	/** Where the JSONL variant writes: one directory per benchmark JVM, deleted when its application stops. */
	static final class LedgerDirectory {

		static final Path PATH = Path.of(System.getProperty("java.io.tmpdir"),
				"tokenmeter-bench-ledger-" + ProcessHandle.current().pid());

		private LedgerDirectory() {
		}

	}

}
