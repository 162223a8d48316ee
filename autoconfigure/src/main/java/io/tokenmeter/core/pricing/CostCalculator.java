package io.tokenmeter.core.pricing;

import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.tokenmeter.core.usage.TokenUsage;

/**
 * Prices one call: the sum over the disjoint usage buckets of tokens × rate, with the prompt-size tier chosen by
 * the whole prompt and the service tier applied on top. The result is exact (no rounding): rates are
 * {@link BigDecimal} per million tokens and a million is a power of ten.
 *
 * @since 0.1.0
 */
public final class CostCalculator {

	private static final String STANDARD = "standard";

	private final Map<String, ServiceTierPrice> defaultServiceTiers;

	/**
	 * The compact form of every rate priced so far, built once per distinct rate (bounded by the rate table: its
	 * rates, tiers and service tiers). Rates are records, so a service-tier rate built per call finds its entry.
	 */
	private final Map<ModelRate, CompactRate> compactRates = new ConcurrentHashMap<>();

	/** The compact form priced last: the usual case (same model again) is one identity check, no map lookup. */
	private volatile CompactRate lastRate;

	/**
	 * @param defaultServiceTiers service tiers that apply to every model that does not define the tier itself
	 * (e.g. {@code batch} at 0.5)
	 */
	public CostCalculator(Map<String, ServiceTierPrice> defaultServiceTiers) {
		this.defaultServiceTiers = Map.copyOf(defaultServiceTiers);
	}

	/**
	 * @param usage what the call consumed (must be reported)
	 * @param price the model's price
	 * @param serviceTier the service tier the call ran on, or null for the model's default
	 * @return the cost in USD
	 */
	public BigDecimal cost(TokenUsage usage, ModelPrice price, String serviceTier) {
		ModelRate rate = applyServiceTier(price.rateForPrompt(usage.totalInput()), price, serviceTier);
		CompactRate compact = this.lastRate;
		if (compact == null || compact.rate != rate) {
			compact = this.compactRates.computeIfAbsent(rate, CompactRate::of);
			this.lastRate = compact;
		}
		BigDecimal exact = compact.cost(usage);
		return exact != null ? exact : sum(usage, rate);
	}

	/** The same sum in {@code BigDecimal} throughout, for rates or totals that do not fit in a long. */
	static BigDecimal sum(TokenUsage usage, ModelRate rate) {
		BigDecimal perMillion = BigDecimal.ZERO;
		perMillion = add(perMillion, usage.input(), rate.input());
		perMillion = add(perMillion, usage.cacheRead(), rate.cacheRead());
		perMillion = add(perMillion, usage.cacheWrite5m(), rate.cacheWrite());
		perMillion = add(perMillion, usage.cacheWrite1h(), rate.cacheWrite1h());
		perMillion = add(perMillion, usage.output() - usage.reasoning(), rate.output());
		perMillion = add(perMillion, usage.reasoning(), rate.reasoning());
		return perMillion.movePointLeft(6);
	}

	private ModelRate applyServiceTier(ModelRate standard, ModelPrice price, String requestedTier) {
		String tier = requestedTier != null ? requestedTier : price.defaultServiceTier();
		if (tier == null || STANDARD.equals(tier) || "default".equals(tier) || "auto".equals(tier)) {
			return standard;
		}
		ServiceTierPrice tierPrice = price.serviceTiers().get(tier);
		if (tierPrice == null) {
			tierPrice = this.defaultServiceTiers.get(tier);
		}
		return tierPrice != null ? tierPrice.apply(standard) : standard;
	}

	private static BigDecimal add(BigDecimal sum, long tokens, BigDecimal ratePerMillion) {
		return tokens == 0 ? sum : sum.add(ratePerMillion.multiply(BigDecimal.valueOf(tokens)));
	}

}
