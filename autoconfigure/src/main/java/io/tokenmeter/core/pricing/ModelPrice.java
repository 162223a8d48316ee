package io.tokenmeter.core.pricing;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Everything needed to price a call on one model: its standard rates, prompt-size tiers and service tiers.
 *
 * @param id the model id the price was configured under (what a dated snapshot resolved to)
 * @param rate standard rates
 * @param tiers prompt-size tiers, any order (the highest threshold below the prompt size wins)
 * @param serviceTiers per-model service tiers by name
 * @param defaultServiceTier the service tier a call of this model pays when the call names none, or null
 * @param maxOutputTokens the most output tokens one call of this model can produce, when the catalog or the
 * configuration says; enforced budgets reserve that much output for a request that sets no max tokens. Not used
 * for pricing a call.
 *
 * @since 0.1.0
 */
public record ModelPrice(String id, ModelRate rate, List<PromptSizeTier> tiers, Map<String, ServiceTierPrice> serviceTiers,
		@Nullable String defaultServiceTier, OptionalInt maxOutputTokens) {

	public ModelPrice {
		tiers = tiers.stream().sorted(Comparator.comparingLong(PromptSizeTier::aboveInputTokens).reversed()).toList();
		serviceTiers = Map.copyOf(serviceTiers);
		maxOutputTokens = maxOutputTokens != null ? maxOutputTokens : OptionalInt.empty();
	}

	/** A price whose maximum output is not known. */
	public ModelPrice(String id, ModelRate rate, List<PromptSizeTier> tiers, Map<String, ServiceTierPrice> serviceTiers,
			String defaultServiceTier) {
		this(id, rate, tiers, serviceTiers, defaultServiceTier, OptionalInt.empty());
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
