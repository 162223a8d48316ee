package io.tokenmeter.core.pricing;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to price a call on one model: its standard rates, prompt-size tiers and service tiers.
 *
 * @param id the model id the price was configured under (what a dated snapshot resolved to)
 * @param rate standard rates
 * @param tiers prompt-size tiers, any order (the highest threshold below the prompt size wins)
 * @param serviceTiers per-model service tiers by name
 * @param defaultServiceTier the service tier a call of this model pays when the call names none, or null
 */
public record ModelPrice(String id, ModelRate rate, List<PromptSizeTier> tiers, Map<String, ServiceTierPrice> serviceTiers,
		String defaultServiceTier) {

	public ModelPrice {
		tiers = tiers.stream().sorted(Comparator.comparingLong(PromptSizeTier::aboveInputTokens).reversed()).toList();
		serviceTiers = Map.copyOf(serviceTiers);
	}

	public static ModelPrice of(String id, ModelRate rate) {
		return new ModelPrice(id, rate, List.of(), Map.of(), null);
	}

	/** The rates for a prompt of the given size, before any service tier. */
	public ModelRate rateForPrompt(long promptTokens) {
		if (this.tiers.isEmpty()) {
			return this.rate;
		}
		for (PromptSizeTier tier : this.tiers) {
			if (promptTokens > tier.aboveInputTokens()) {
				return tier.rate();
			}
		}
		return this.rate;
	}

}
