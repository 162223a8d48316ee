package io.tokenmeter.autoconfigure.pricing.internal;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tokenmeter.autoconfigure.TokenMeterProperties.ModelPricing;
import io.tokenmeter.autoconfigure.TokenMeterProperties.Rates;
import io.tokenmeter.autoconfigure.TokenMeterProperties.ServiceTier;
import io.tokenmeter.autoconfigure.TokenMeterProperties.Tier;
import io.tokenmeter.core.internal.InvalidConfigurationException;
import io.tokenmeter.core.pricing.internal.ModelIdForms;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a LiteLLM {@code model_prices_and_context_window.json} (USD per token) into tokenmeter's pricing shape
 * (USD per 1,000,000 tokens). Numbers are read as their decimal text, never through {@code double}, so
 * {@code 3e-06} becomes exactly {@code 3}.
 * <p>
 * Only token-priced entries are read: an entry needs {@code input_cost_per_token}, and
 * {@code output_cost_per_token} unless it is an embedding model (output 0). Image, audio-second and per-request
 * prices are not tokens and are left out, as are {@code sample_spec} and values that are not objects.
 */
public final class LiteLlmPriceFile {

	static final String PROPERTY = "tokenmeter.pricing.catalog";

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	/** {@code input_cost_per_token_above_200k_tokens}: the whole request at these rates above 200,000 tokens. */
	private static final Pattern TIER_SUFFIX = Pattern.compile("_above_(\\d+)k_tokens$");

	private static final Map<String, String> SERVICE_TIER_SUFFIXES = Map.of("_batches", "batch", "_flex", "flex",
			"_priority", "priority");

	private LiteLlmPriceFile() {
	}

	/**
	 * One token-priced entry of the file.
	 * @param key the key as written in the file ({@code bedrock/us.anthropic.claude-...-v1:0})
	 * @param provider {@code litellm_provider}, or null
	 * @param mode {@code mode} ({@code chat}, {@code responses}, {@code embedding}, ...), or null
	 * @param pricing the rates in USD per 1M tokens, with {@code deprecated} and {@code max-output-tokens}
	 */
	public record Entry(String key, String provider, String mode, ModelPricing pricing) {

		/** The key without gateway prefix and Bedrock version, or null when it cannot be a rate-table key. */
		public String canonicalId() {
			return LiteLlmPriceFile.canonicalId(this.key);
		}

	}

	/**
	 * Reads the file as canonical model id → pricing: gateway prefixes ({@code gemini/}, {@code bedrock/}) and
	 * Bedrock versions ({@code -v1:0}) are taken off, since the rate table strips them from the answering id;
	 * an unprefixed key wins over a prefixed one of the same model; keys that would still hold a {@code :}
	 * (fine-tuned {@code ft:} ids) are left out.
	 * @param json the file's content
	 * @param location where it came from, for error messages ({@code file:prices.json})
	 * @return the prices, in the file's order
	 * @throws InvalidConfigurationException naming the file and entry when the file or an entry is malformed
	 */
	public static Map<String, ModelPricing> read(InputStream json, String location) {
		Map<String, ModelPricing> models = new LinkedHashMap<>();
		Map<String, Boolean> exact = new TreeMap<>();
		for (Entry entry : entries(json, location)) {
			String id = entry.canonicalId();
			if (id == null) {
				continue;
			}
			boolean isExact = id.equals(entry.key());
			if (!models.containsKey(id) || (isExact && !exact.get(id))) {
				models.put(id, entry.pricing());
				exact.put(id, isExact);
			}
		}
		return models;
	}

	/**
	 * Reads every token-priced entry, keys as written.
	 * @param json the file's content
	 * @param location where it came from, for error messages
	 * @return the entries, in the file's order
	 * @throws InvalidConfigurationException naming the file and entry when the file or an entry is malformed
	 */
	public static List<Entry> entries(InputStream json, String location) {
		JsonNode root;
		try {
			root = MAPPER.readTree(json);
		}
		catch (JacksonException ex) {
			throw new InvalidConfigurationException(PROPERTY, location + ": not valid JSON: " + ex.getOriginalMessage(),
					"Point " + PROPERTY + " at a LiteLLM model_prices_and_context_window.json or a tokenmeter YAML "
							+ "catalog.");
		}
		if (root == null || !root.isObject()) {
			throw new InvalidConfigurationException(PROPERTY,
					location + ": not a JSON object of model id → prices",
					"Point " + PROPERTY + " at a LiteLLM model_prices_and_context_window.json, whose top level is "
							+ "an object keyed by model id.");
		}
		List<Entry> entries = new ArrayList<>();
		for (Map.Entry<String, JsonNode> property : root.properties()) {
			String key = property.getKey();
			JsonNode value = property.getValue();
			if (key.equals("sample_spec") || !value.isObject()) {
				continue;
			}
			Entry entry = entry(key, value, location);
			if (entry != null) {
				entries.add(entry);
			}
		}
		return entries;
	}

	/** The key without gateway prefixes and Bedrock version; null when a {@code :} would remain. */
	public static String canonicalId(String key) {
		String id = key;
		for (String stripped = ModelIdForms.withoutGatewayPrefix(id); stripped != null
				&& !stripped.isEmpty(); stripped = ModelIdForms.withoutGatewayPrefix(id)) {
			id = stripped;
		}
		String unversioned = ModelIdForms.withoutBedrockVersion(id);
		if (unversioned != null) {
			id = unversioned;
		}
		return id.isEmpty() || id.indexOf(':') >= 0 ? null : id;
	}

	private static Entry entry(String key, JsonNode node, String location) {
		Costs costs = new Costs(key, node, location);
		String mode = text(node, "mode");
		BigDecimal input = costs.get("input_cost_per_token");
		BigDecimal output = costs.get("output_cost_per_token");
		if (input == null) {
			return null;
		}
		if (output == null) {
			if (!"embedding".equals(mode)) {
				return null;
			}
			output = BigDecimal.ZERO;
		}
		ModelPricing pricing = new ModelPricing();
		pricing.setInput(input);
		pricing.setOutput(output);
		// DeepSeek entries name the cache-hit price input_cost_per_token_cache_hit
		pricing.setCacheRead(first(costs.get("cache_read_input_token_cost"), costs.get("input_cost_per_token_cache_hit")));
		pricing.setCacheWrite(costs.get("cache_creation_input_token_cost"));
		pricing.setCacheWrite1h(costs.get("cache_creation_input_token_cost_above_1hr"));
		pricing.setReasoning(costs.get("output_cost_per_reasoning_token"));
		pricing.setTiers(tiers(costs, pricing, node));
		pricing.setServiceTiers(serviceTiers(costs));
		pricing.setDeprecated(date(node, "deprecation_date", key, location));
		pricing.setMaxOutputTokens(integer(node, "max_output_tokens", key, location));
		return new Entry(key, text(node, "litellm_provider"), mode, pricing);
	}

	/** Every {@code *_above_Nk_tokens} threshold, lowest first; missing tier fields come from the base rates. */
	private static List<Tier> tiers(Costs costs, Rates base, JsonNode node) {
		TreeMap<Long, String> thresholds = new TreeMap<>();
		for (Map.Entry<String, JsonNode> property : node.properties()) {
			String name = property.getKey();
			Matcher matcher = TIER_SUFFIX.matcher(name);
			if ((name.startsWith("input_cost_per_token_above_") || name.startsWith("output_cost_per_token_above_"))
					&& matcher.find()) {
				thresholds.put(Long.parseLong(matcher.group(1)) * 1000, matcher.group());
			}
		}
		List<Tier> tiers = new ArrayList<>();
		thresholds.forEach((threshold, suffix) -> {
			Tier tier = new Tier();
			tier.setAboveInputTokens(threshold);
			tier.setInput(first(costs.get("input_cost_per_token" + suffix), base.getInput()));
			tier.setOutput(first(costs.get("output_cost_per_token" + suffix), base.getOutput()));
			tier.setCacheRead(first(costs.get("cache_read_input_token_cost" + suffix), base.getCacheRead()));
			tier.setCacheWrite(first(costs.get("cache_creation_input_token_cost" + suffix), base.getCacheWrite()));
			tier.setCacheWrite1h(first(costs.get("cache_creation_input_token_cost_above_1hr" + suffix),
					base.getCacheWrite1h()));
			tier.setReasoning(base.getReasoning());
			tiers.add(tier);
		});
		return tiers;
	}

	/** {@code *_batches}, {@code *_flex}, {@code *_priority}: explicit rates, only when input and output are given. */
	private static Map<String, ServiceTier> serviceTiers(Costs costs) {
		Map<String, ServiceTier> tiers = new TreeMap<>();
		SERVICE_TIER_SUFFIXES.forEach((suffix, name) -> {
			BigDecimal input = costs.get("input_cost_per_token" + suffix);
			BigDecimal output = costs.get("output_cost_per_token" + suffix);
			if (input != null && output != null) {
				ServiceTier tier = new ServiceTier();
				tier.setInput(input);
				tier.setOutput(output);
				tier.setCacheRead(costs.get("cache_read_input_token_cost" + suffix));
				tier.setCacheWrite(costs.get("cache_creation_input_token_cost" + suffix));
				tiers.put(name, tier);
			}
		});
		return new LinkedHashMap<>(tiers);
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return value != null && value.isString() ? value.stringValue() : null;
	}

	private static LocalDate date(JsonNode node, String field, String key, String location) {
		String text = text(node, field);
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return LocalDate.parse(text.trim());
		}
		catch (DateTimeParseException ex) {
			throw invalidEntry(location, key, field, "'" + text + "' is not a date",
					"Write " + field + " as YYYY-MM-DD (e.g. \"2026-10-15\") or remove it.");
		}
	}

	private static Integer integer(JsonNode node, String field, String key, String location) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isNumber() || !value.canConvertToInt() || value.decimalValue().signum() < 0) {
			throw invalidEntry(location, key, field, "'" + value + "' is not a non-negative whole number",
					"Write " + field + " as a token count (e.g. 128000) or remove it.");
		}
		return value.asInt();
	}

	private static <T> T first(T preferred, T fallback) {
		return preferred != null ? preferred : fallback;
	}

	private static InvalidConfigurationException invalidEntry(String location, String key, String field,
			String problem, String action) {
		return new InvalidConfigurationException(PROPERTY,
				location + ": entry '" + key + "' field " + field + ": " + problem, action);
	}

	/** Reads per-token costs of one entry as per-1M rates, failing on the entry and field that is wrong. */
	private record Costs(String key, JsonNode node, String location) {

		BigDecimal get(String field) {
			JsonNode value = this.node.get(field);
			if (value == null || value.isNull()) {
				return null;
			}
			if (!value.isNumber()) {
				throw invalidEntry(this.location, this.key, field, "'" + value + "' is not a number",
						"Write the cost in USD per token as a JSON number (e.g. 3e-06), or remove the field.");
			}
			BigDecimal perToken = value.decimalValue();
			if (perToken.signum() < 0) {
				throw invalidEntry(this.location, this.key, field,
						"a cost of " + perToken.toPlainString() + " per token is negative",
						"Write the cost in USD per token as a positive number (e.g. 3e-06) or 0 for free.");
			}
			// USD per token × 1,000,000 = USD per 1M tokens, exactly (no double on the way).
			BigDecimal perMillion = perToken.movePointRight(6).stripTrailingZeros();
			return perMillion.signum() == 0 ? BigDecimal.ZERO : perMillion;
		}

	}

}
