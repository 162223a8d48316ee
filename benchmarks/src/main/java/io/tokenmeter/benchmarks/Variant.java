package io.tokenmeter.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The application configurations compared. They differ only in tokenmeter's properties, so the {@code ChatClient}s
 * they build differ only by the tokenmeter advisor.
 */
enum Variant {

	/** tokenmeter off: the auto-configured {@code ChatClient} as Spring AI builds it. */
	BARE(Map.of("tokenmeter.enabled", "false")),

	/** Metrics, pricing (bundled catalog, dated id resolved by pattern) and two budgets tracked, not enforced. */
	METERED(metered());

	private final Map<String, Object> properties;

	Variant(Map<String, Object> properties) {
		this.properties = properties;
	}

	Map<String, Object> properties() {
		return this.properties;
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

}
