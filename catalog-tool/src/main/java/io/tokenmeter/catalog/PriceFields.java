package io.tokenmeter.catalog;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

import io.tokenmeter.autoconfigure.TokenMeterProperties.ModelPricing;
import io.tokenmeter.autoconfigure.TokenMeterProperties.Rates;
import io.tokenmeter.autoconfigure.TokenMeterProperties.ServiceTier;
import io.tokenmeter.autoconfigure.TokenMeterProperties.Tier;

/**
 * A pricing as a flat, sorted map of field → plain value ({@code input}, {@code tiers[200000].output},
 * {@code service-tiers.batch.input}), so two prices compare by value ({@code 2.50} = {@code 2.5}) and a change
 * can be printed field by field.
 */
final class PriceFields {

	private PriceFields() {
	}

	/** Every rate of the pricing, without metadata. */
	static Map<String, String> prices(ModelPricing pricing) {
		Map<String, String> fields = new TreeMap<>();
		rates(fields, "", pricing);
		for (Tier tier : pricing.getTiers()) {
			rates(fields, "tiers[" + tier.getAboveInputTokens() + "].", tier);
		}
		pricing.getServiceTiers().forEach((name, tier) -> serviceTier(fields, "service-tiers." + name + ".", tier));
		return fields;
	}

	/** The rates plus {@code deprecated} and {@code max-output-tokens}: what a catalog diff reports. */
	static Map<String, String> all(ModelPricing pricing) {
		Map<String, String> fields = prices(pricing);
		put(fields, "deprecated", pricing.getDeprecated() != null ? pricing.getDeprecated().toString() : null);
		put(fields, "max-output-tokens",
				pricing.getMaxOutputTokens() != null ? pricing.getMaxOutputTokens().toString() : null);
		return fields;
	}

	static boolean samePrices(ModelPricing a, ModelPricing b) {
		return prices(a).equals(prices(b));
	}

	/**
	 * Same input and output rates: how a Vertex AI entry is compared, since LiteLLM lists batch prices only for
	 * Vertex and leaves out details it lists for Anthropic (cache rates of Claude 3, 1-hour writes above 200k).
	 */
	static boolean sameListPrices(ModelPricing a, ModelPricing b) {
		for (String field : java.util.List.of("input", "output")) {
			if (LangfuseCrossCheck.effective(a, field).compareTo(LangfuseCrossCheck.effective(b, field)) != 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether a source entry is priced as the catalog entry it resolves to: every rate it has is the catalog's
	 * (LiteLLM often leaves the priority or batch rates off a dated snapshot that the provider bills like its
	 * base model, {@code gpt-4.1-2025-04-14}); a Vertex AI entry by {@link #sameListPrices}.
	 */
	static boolean samePrices(ModelSelection.Member member, ModelPricing catalog) {
		if (member.provider() == Provider.ANTHROPIC_VERTEX) {
			return sameListPrices(member.pricing(), catalog);
		}
		return pricedAs(member.pricing(), catalog);
	}

	/** Every rate {@code entry} has is {@code catalog}'s (it may leave some off). */
	static boolean pricedAs(ModelPricing entry, ModelPricing catalog) {
		return prices(catalog).entrySet().containsAll(prices(entry).entrySet());
	}

	/** Plain decimal text without trailing zeros: {@code 2.50} → {@code 2.5}, {@code 1E+1} → {@code 10}. */
	static String plain(BigDecimal value) {
		return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
	}

	private static void serviceTier(Map<String, String> fields, String prefix, ServiceTier tier) {
		rates(fields, prefix, tier);
		put(fields, prefix + "multiplier", tier.getMultiplier());
	}

	private static void rates(Map<String, String> fields, String prefix, Rates rates) {
		put(fields, prefix + "input", rates.getInput());
		put(fields, prefix + "output", rates.getOutput());
		put(fields, prefix + "cache-read", rates.getCacheRead());
		put(fields, prefix + "cache-write", rates.getCacheWrite());
		put(fields, prefix + "cache-write-1h", rates.getCacheWrite1h());
		put(fields, prefix + "reasoning", rates.getReasoning());
	}

	private static void put(Map<String, String> fields, String name, BigDecimal value) {
		if (value != null) {
			fields.put(name, plain(value));
		}
	}

	private static void put(Map<String, String> fields, String name, String value) {
		if (value != null) {
			fields.put(name, value);
		}
	}

}
