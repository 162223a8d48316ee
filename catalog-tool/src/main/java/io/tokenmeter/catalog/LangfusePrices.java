package io.tokenmeter.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Langfuse's {@code default-model-prices.json}: per model a case-insensitive {@code matchPattern} and the default
 * pricing tier's per-token prices, read here as USD per 1M tokens under tokenmeter's field names.
 */
final class LangfusePrices {

	/** Langfuse's usage-type keys for each tokenmeter field, in the order they are tried. */
	private static final Map<String, List<String>> FIELDS = Map.of("input",
			List.of("input", "input_tokens", "prompt_token_count", "input_text"), "output",
			List.of("output", "output_tokens", "candidates_token_count", "output_text"), "cache-read",
			List.of("input_cached_tokens", "cache_read_input_tokens", "input_cache_read", "cached_content_token_count",
					"input_cached_text_tokens"),
			"cache-write",
			List.of("input_cache_creation_5m", "input_cache_creation", "cache_creation_input_tokens",
					"cache_write_tokens"));

	/** One Langfuse model: its name, pattern and default-tier prices by tokenmeter field. */
	record Model(String name, Pattern pattern, Map<String, BigDecimal> prices) {
	}

	private final List<Model> models;

	private LangfusePrices(List<Model> models) {
		this.models = models;
	}

	static LangfusePrices read(Path file) throws IOException {
		try (InputStream json = Files.newInputStream(file)) {
			return read(json);
		}
	}

	static LangfusePrices read(InputStream json) {
		JsonNode root = JsonMapper.builder()
			.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.build()
			.readTree(json);
		List<Model> models = new ArrayList<>();
		for (JsonNode node : root) {
			Pattern pattern;
			try {
				pattern = Pattern.compile(node.get("matchPattern").stringValue(), Pattern.CASE_INSENSITIVE);
			}
			catch (PatternSyntaxException ex) {
				continue;
			}
			JsonNode tier = defaultTier(node);
			if (tier != null) {
				models.add(new Model(node.get("modelName").stringValue(), pattern, prices(tier.get("prices"))));
			}
		}
		return new LangfusePrices(models);
	}

	/** The first model whose pattern matches the id, or null. */
	Model match(String id) {
		for (Model model : this.models) {
			if (model.pattern().matcher(id).find()) {
				return model;
			}
		}
		return null;
	}

	int size() {
		return this.models.size();
	}

	private static JsonNode defaultTier(JsonNode model) {
		JsonNode tiers = model.get("pricingTiers");
		if (tiers == null) {
			return null;
		}
		for (JsonNode tier : tiers) {
			if (tier.path("isDefault").asBoolean(false)) {
				return tier;
			}
		}
		return tiers.isEmpty() ? null : tiers.get(0);
	}

	private static Map<String, BigDecimal> prices(JsonNode prices) {
		Map<String, BigDecimal> byField = new LinkedHashMap<>();
		for (String field : List.of("input", "output", "cache-read", "cache-write")) {
			for (String key : FIELDS.get(field)) {
				JsonNode value = prices != null ? prices.get(key) : null;
				if (value != null && value.isNumber()) {
					// USD per token × 1,000,000 = USD per 1M tokens
					byField.put(field, value.decimalValue().movePointRight(6).stripTrailingZeros());
					break;
				}
			}
		}
		return byField;
	}

}
