package io.tokenmeter.autoconfigure.pricing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import io.tokenmeter.autoconfigure.TokenMeterProperties.ModelPricing;
import io.tokenmeter.autoconfigure.TokenMeterProperties.Rates;
import io.tokenmeter.autoconfigure.TokenMeterProperties.ServiceTier;
import io.tokenmeter.autoconfigure.TokenMeterProperties.Tier;
import io.tokenmeter.core.internal.InvalidConfigurationException;
import io.tokenmeter.core.pricing.ModelPrice;
import io.tokenmeter.core.pricing.ModelRate;
import io.tokenmeter.core.pricing.PriceEntry;
import io.tokenmeter.core.pricing.PromptSizeTier;
import io.tokenmeter.core.pricing.RateTable;
import io.tokenmeter.core.pricing.ServiceTierPrice;

/**
 * Builds the core {@link RateTable} from the bound properties laid over the catalog, checking every entry and
 * naming the property to fix when one is wrong.
 */
final class RateTableFactory {

	private static final String MODELS = "tokenmeter.pricing.models";

	private RateTableFactory() {
	}

	static RateTable create(PriceCatalog catalog, Map<String, ModelPricing> configured, Map<String, String> aliases) {
		Map<String, ModelPricing> merged = new LinkedHashMap<>(catalog.models());
		configured.forEach((key, pricing) -> merged.merge(key, pricing, RateTableFactory::overlay));
		List<PriceEntry> entries = new ArrayList<>();
		merged.forEach((key, pricing) -> entries.add(entry(key, pricing, property(key, catalog, configured))));
		return new RateTable(entries, aliases);
	}

	/** Where an entry comes from, for error messages: the application's property, or the catalog file's entry. */
	private static String property(String key, PriceCatalog catalog, Map<String, ModelPricing> configured) {
		return configured.containsKey(key) ? MODELS + "[" + key + "]"
				: PriceCatalog.PROPERTY + " (" + catalog.location() + ") models[" + key + "]";
	}

	static Map<String, ServiceTierPrice> serviceTierMultipliers(Map<String, BigDecimal> multipliers) {
		Map<String, ServiceTierPrice> tiers = new LinkedHashMap<>();
		multipliers.forEach((name, multiplier) -> {
			requireNonNegative(multiplier, "tokenmeter.pricing.service-tiers[" + name + "]");
			tiers.put(name, ServiceTierPrice.multiplier(multiplier));
		});
		return tiers;
	}

	private static PriceEntry entry(String key, ModelPricing pricing, String property) {
		int colon = key.indexOf(':');
		String provider = colon > 0 ? key.substring(0, colon) : null;
		String model = colon > 0 ? key.substring(colon + 1) : key;
		ModelRate rate = rate(pricing, property);
		List<PromptSizeTier> tiers = new ArrayList<>();
		for (int i = 0; i < pricing.getTiers().size(); i++) {
			Tier tier = pricing.getTiers().get(i);
			String tierProperty = property + ".tiers[" + i + "]";
			if (tier.getAboveInputTokens() <= 0) {
				throw new InvalidConfigurationException(tierProperty + ".above-input-tokens",
						"a prompt-size tier needs a positive threshold",
						"Set above-input-tokens to the prompt size above which the tier's rates apply, e.g. 200000.");
			}
			tiers.add(new PromptSizeTier(tier.getAboveInputTokens(), rate(tier, tierProperty)));
		}
		Map<String, ServiceTierPrice> serviceTiers = new LinkedHashMap<>();
		pricing.getServiceTiers().forEach((name, tier) -> serviceTiers.put(name,
				serviceTier(tier, property + ".service-tiers[" + name + "]")));
		ModelPrice price = new ModelPrice(model, rate, tiers, serviceTiers, pricing.getServiceTier(),
				maxOutputTokens(pricing, property));
		return new PriceEntry(provider, price, pricing.getAliases(), pricing.getPatterns());
	}

	private static OptionalInt maxOutputTokens(ModelPricing pricing, String property) {
		Integer max = pricing.getMaxOutputTokens();
		if (max == null) {
			return OptionalInt.empty();
		}
		if (max <= 0) {
			throw new InvalidConfigurationException(property + ".max-output-tokens",
					"a maximum output of " + max + " tokens is not positive",
					"Set the most output tokens one call of the model can produce (e.g. 16384), or remove it.");
		}
		return OptionalInt.of(max);
	}

	private static ServiceTierPrice serviceTier(ServiceTier tier, String property) {
		if (tier.getInput() != null || tier.getOutput() != null) {
			return ServiceTierPrice.explicit(rate(tier, property));
		}
		if (tier.getMultiplier() == null) {
			throw new InvalidConfigurationException(property, "a service tier needs a multiplier or explicit rates",
					"Set " + property + ".multiplier (e.g. 0.5) or its input and output rates.");
		}
		requireNonNegative(tier.getMultiplier(), property + ".multiplier");
		return ServiceTierPrice.multiplier(tier.getMultiplier());
	}

	private static ModelRate rate(Rates rates, String property) {
		require(rates.getInput(), property + ".input");
		require(rates.getOutput(), property + ".output");
		requireNonNegative(rates.getCacheRead(), property + ".cache-read");
		requireNonNegative(rates.getCacheWrite(), property + ".cache-write");
		requireNonNegative(rates.getCacheWrite1h(), property + ".cache-write-1h");
		requireNonNegative(rates.getReasoning(), property + ".reasoning");
		return ModelRate.of(rates.getInput(), rates.getOutput(), rates.getCacheRead(), rates.getCacheWrite(),
				rates.getCacheWrite1h(), rates.getReasoning());
	}

	private static void require(BigDecimal rate, String property) {
		if (rate == null) {
			throw new InvalidConfigurationException(property, "no rate is set, so calls of this model cannot be priced",
					"Set " + property + " in USD per 1,000,000 tokens (e.g. 2.50), or remove the model entry.");
		}
		requireNonNegative(rate, property);
	}

	private static void requireNonNegative(BigDecimal rate, String property) {
		if (rate != null && rate.signum() < 0) {
			throw new InvalidConfigurationException(property, "a rate of " + rate.toPlainString() + " is negative",
					"Write the price in USD per 1,000,000 tokens as a positive number (e.g. 2.50) or 0 for free.");
		}
	}

	/** A configured entry over a catalog entry: every field set in the configuration wins. */
	private static ModelPricing overlay(ModelPricing catalog, ModelPricing configured) {
		ModelPricing merged = new ModelPricing();
		merged.setInput(first(configured.getInput(), catalog.getInput()));
		merged.setOutput(first(configured.getOutput(), catalog.getOutput()));
		merged.setCacheRead(first(configured.getCacheRead(), catalog.getCacheRead()));
		merged.setCacheWrite(first(configured.getCacheWrite(), catalog.getCacheWrite()));
		merged.setCacheWrite1h(first(configured.getCacheWrite1h(), catalog.getCacheWrite1h()));
		merged.setReasoning(first(configured.getReasoning(), catalog.getReasoning()));
		merged.setAliases(configured.getAliases().isEmpty() ? catalog.getAliases() : configured.getAliases());
		merged.setPatterns(configured.getPatterns().isEmpty() ? catalog.getPatterns() : configured.getPatterns());
		merged.setTiers(configured.getTiers().isEmpty() ? catalog.getTiers() : configured.getTiers());
		Map<String, ServiceTier> serviceTiers = new LinkedHashMap<>(catalog.getServiceTiers());
		serviceTiers.putAll(configured.getServiceTiers());
		merged.setServiceTiers(serviceTiers);
		merged.setServiceTier(first(configured.getServiceTier(), catalog.getServiceTier()));
		merged.setSource(first(configured.getSource(), catalog.getSource()));
		merged.setChecked(first(configured.getChecked(), catalog.getChecked()));
		merged.setDeprecated(first(configured.getDeprecated(), catalog.getDeprecated()));
		merged.setMaxOutputTokens(first(configured.getMaxOutputTokens(), catalog.getMaxOutputTokens()));
		return merged;
	}

	private static <T> T first(T preferred, T fallback) {
		return preferred != null ? preferred : fallback;
	}

}
