package io.tokenmeter.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code overrides.json}: {@code {"overrides": [{"model": ..., "action": "set|add|exclude", "prices":
 * {"input": "5.00"}, "reason": ..., "source": ..., "checked": "YYYY-MM-DD"}]}}. Prices are strings, so they are
 * exactly what was read on the page. Every override needs a reason; set and add need a source and a date.
 */
final class OverrideFile {

	private OverrideFile() {
	}

	static List<Override> read(Path file) throws IOException {
		try (InputStream json = Files.newInputStream(file)) {
			return read(json, file.toString());
		}
	}

	static List<Override> read(InputStream json, String location) {
		JsonNode root = JsonMapper.builder().build().readTree(json);
		JsonNode list = root.get("overrides");
		if (list == null || !list.isArray()) {
			throw new IllegalArgumentException(location + ": expected {\"overrides\": [...]}");
		}
		List<Override> overrides = new ArrayList<>();
		for (JsonNode node : list) {
			overrides.add(override(node, location));
		}
		return overrides;
	}

	private static Override override(JsonNode node, String location) {
		String model = text(node, "model");
		if (model == null) {
			throw new IllegalArgumentException(location + ": an override without \"model\": " + node);
		}
		String where = location + ": override of '" + model + "'";
		String reason = text(node, "reason");
		if (reason == null || reason.isBlank()) {
			throw new IllegalArgumentException(where + " has no \"reason\": say what the provider's page says "
					+ "and why the tables are wrong");
		}
		String actionText = text(node, "action");
		Override.Action action = actionText != null ? Override.Action.valueOf(actionText.toUpperCase(Locale.ROOT))
				: Override.Action.SET;
		Map<String, BigDecimal> prices = new LinkedHashMap<>();
		JsonNode pricesNode = node.get("prices");
		if (pricesNode != null) {
			for (Map.Entry<String, JsonNode> price : pricesNode.properties()) {
				if (!price.getValue().isString()) {
					throw new IllegalArgumentException(where + ": price " + price.getKey()
							+ " must be a string such as \"2.50\" (USD per 1M tokens)");
				}
				BigDecimal value = new BigDecimal(price.getValue().stringValue());
				if (value.signum() < 0) {
					throw new IllegalArgumentException(where + ": price " + price.getKey() + " is negative");
				}
				prices.put(price.getKey(), value);
			}
		}
		String source = text(node, "source");
		LocalDate checked = text(node, "checked") != null ? LocalDate.parse(text(node, "checked")) : null;
		if (action != Override.Action.EXCLUDE && (source == null || checked == null)) {
			throw new IllegalArgumentException(where + " needs \"source\" (the provider's page) and \"checked\"");
		}
		String providerKey = text(node, "provider");
		Provider provider = providerKey != null ? Provider.ofKey(providerKey) : null;
		if (action == Override.Action.UPLIFT && !prices.containsKey("multiplier")) {
			throw new IllegalArgumentException(where + ": an uplift rule needs prices.multiplier, e.g. \"1.1\"");
		}
		if (action == Override.Action.ADD && (provider == null || !prices.containsKey("input")
				|| !prices.containsKey("output"))) {
			throw new IllegalArgumentException(where + ": an added model needs \"provider\", input and output");
		}
		LocalDate deprecated = text(node, "deprecated") != null ? LocalDate.parse(text(node, "deprecated")) : null;
		return new Override(model, action, provider, prices, deprecated, reason, source, checked);
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return value != null && value.isString() ? value.stringValue() : null;
	}

}
