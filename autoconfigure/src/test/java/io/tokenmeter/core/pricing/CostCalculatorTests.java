package io.tokenmeter.core.pricing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.tokenmeter.core.usage.TokenUsage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Costs of realistic calls, each written as the arithmetic a reader can check against the provider's price page
 * (USD per 1M tokens, list prices of 2025-10-01). Results are exact: compared with {@code isEqualByComparingTo}.
 */
class CostCalculatorTests {

	private final CostCalculator calculator = new CostCalculator(
			Map.of("batch", ServiceTierPrice.multiplier(new BigDecimal("0.5"))));

	// https://openai.com/api/pricing — o3: $2.00 in, $0.50 cached in, $8.00 out
	private final ModelPrice o3 = ModelPrice.of("o3",
			ModelRate.of(bd("2.00"), bd("8.00"), bd("0.50"), null, null, null));

	// https://www.anthropic.com/pricing — Claude Sonnet 4.5: $3 in, $0.30 cache hit, $3.75 5m write, $6 1h write,
	// $15 out; prompts above 200K tokens: $6 in, $0.60 hit, $7.50 5m write, $12 1h write, $22.50 out
	private final ModelPrice sonnet = new ModelPrice("claude-sonnet-4-5",
			ModelRate.of(bd("3.00"), bd("15.00"), bd("0.30"), bd("3.75"), bd("6.00"), null),
			List.of(new PromptSizeTier(200_000,
					ModelRate.of(bd("6.00"), bd("22.50"), bd("0.60"), bd("7.50"), bd("12.00"), null))),
			Map.of(), null);

	// https://ai.google.dev/gemini-api/docs/pricing — Gemini 2.5 Pro: $1.25 in / $10 out (thinking included)
	// up to 200K prompt tokens, $2.50 / $15 above
	private final ModelPrice geminiPro = new ModelPrice("gemini-2.5-pro",
			ModelRate.of(bd("1.25"), bd("10.00"), bd("0.31"), null, null, null),
			List.of(new PromptSizeTier(200_000, ModelRate.of(bd("2.50"), bd("15.00"), bd("0.625"), null, null, null))),
			Map.of(), null);

	// gpt-4o: $2.50 in, $1.25 cached, $10.00 out; priority tier $4.25 / $2.125 / $17.00
	private final ModelPrice gpt4o = new ModelPrice("gpt-4o",
			ModelRate.of(bd("2.50"), bd("10.00"), bd("1.25"), null, null, null), List.of(),
			Map.of("priority", ServiceTierPrice.explicit(ModelRate.of(bd("4.25"), bd("17.00"), bd("2.125"), null, null,
					null))),
			null);

	@Test
	void openAiCachedInputAndReasoningArePricedOnceEach() {
		// prompt_tokens 10,000 of which 8,000 cached; completion_tokens 2,000 of which 1,500 reasoning
		TokenUsage usage = TokenUsage.of(2_000, 8_000, 0, 0, 2_000, 1_500);

		BigDecimal cost = this.calculator.cost(usage, this.o3, null);

		// 2,000 × $2.00/M + 8,000 × $0.50/M + 2,000 × $8.00/M = $0.004 + $0.004 + $0.016
		assertThat(cost).isEqualByComparingTo("0.024");
	}

	@Test
	void anthropicCacheReadsAndFiveMinuteAndOneHourWritesHaveTheirOwnRates() {
		TokenUsage usage = TokenUsage.of(50, 12_000, 1_000, 2_000, 503, 0);

		BigDecimal cost = this.calculator.cost(usage, this.sonnet, null);

		// 50 × $3/M + 12,000 × $0.30/M + 1,000 × $3.75/M + 2,000 × $6/M + 503 × $15/M
		// = $0.00015 + $0.0036 + $0.00375 + $0.012 + $0.007545
		assertThat(cost).isEqualByComparingTo("0.027045");
	}

	@Test
	void geminiThoughtsArePricedAsOutput() {
		// candidatesTokenCount 387 + thoughtsTokenCount 1,114 = 1,501 output tokens
		TokenUsage usage = TokenUsage.of(12, 0, 0, 0, 387 + 1_114, 1_114);

		BigDecimal cost = this.calculator.cost(usage, this.geminiPro, null);

		// 12 × $1.25/M + 1,501 × $10/M = $0.000015 + $0.01501
		assertThat(cost).isEqualByComparingTo("0.015025");
	}

	@Test
	void aPromptAboveTheTierThresholdPaysTheHigherRatesOnTheWholeRequest() {
		// 150,000 uncached + 60,000 cache hits = 210,000 prompt tokens > 200,000
		TokenUsage usage = TokenUsage.of(150_000, 60_000, 0, 0, 1_000, 0);

		BigDecimal cost = this.calculator.cost(usage, this.sonnet, null);

		// 150,000 × $6/M + 60,000 × $0.60/M + 1,000 × $22.50/M = $0.9 + $0.036 + $0.0225
		assertThat(cost).isEqualByComparingTo("0.9585");
	}

	@Test
	void aPromptOfExactlyTheThresholdStaysOnTheStandardRates() {
		TokenUsage usage = TokenUsage.of(200_000, 0, 0, 0, 1_000, 0);

		// 200,000 × $1.25/M + 1,000 × $10/M = $0.25 + $0.01
		assertThat(this.calculator.cost(usage, this.geminiPro, null)).isEqualByComparingTo("0.26");
		// 200,001 × $2.50/M + 1,000 × $15/M = $0.5000025 + $0.015
		assertThat(this.calculator.cost(TokenUsage.of(200_001, 0, 0, 0, 1_000, 0), this.geminiPro, null))
			.isEqualByComparingTo("0.5150025");
	}

	@Test
	void theBatchTierHalvesEveryRate() {
		TokenUsage usage = TokenUsage.of(1_000, 0, 0, 0, 500, 0);

		// (1,000 × $2.50/M + 500 × $10/M) × 0.5 = ($0.0025 + $0.005) × 0.5
		assertThat(this.calculator.cost(usage, this.gpt4o, "batch")).isEqualByComparingTo("0.00375");
	}

	@Test
	void anExplicitServiceTierReplacesTheStandardRates() {
		TokenUsage usage = TokenUsage.of(1_000, 1_000, 0, 0, 500, 0);

		// 1,000 × $4.25/M + 1,000 × $2.125/M + 500 × $17/M = $0.00425 + $0.002125 + $0.0085
		assertThat(this.calculator.cost(usage, this.gpt4o, "priority")).isEqualByComparingTo("0.014875");
		// "default" and unknown tiers pay standard: 1,000 × $2.50/M + 1,000 × $1.25/M + 500 × $10/M
		assertThat(this.calculator.cost(usage, this.gpt4o, "default")).isEqualByComparingTo("0.00875");
		assertThat(this.calculator.cost(usage, this.gpt4o, "scale")).isEqualByComparingTo("0.00875");
	}

	@Test
	void aModelWhoseCallsDefaultToATierPaysItWhenTheCallNamesNone() {
		ModelPrice batchOnly = new ModelPrice("gpt-4o", this.gpt4o.rate(), List.of(), Map.of(), "batch");

		// (1,000 × $2.50/M) × 0.5
		assertThat(this.calculator.cost(TokenUsage.of(1_000, 0, 0, 0, 0, 0), batchOnly, null))
			.isEqualByComparingTo("0.00125");
	}

	@Test
	void missingCacheAndReasoningRatesFallBackToInputAndOutputNeverToZero() {
		ModelRate rate = ModelRate.of("2.00", "8.00");

		assertThat(rate.cacheRead()).isEqualByComparingTo("2.00");
		assertThat(rate.cacheWrite()).isEqualByComparingTo("2.00");
		assertThat(rate.cacheWrite1h()).isEqualByComparingTo("2.00");
		assertThat(rate.reasoning()).isEqualByComparingTo("8.00");
	}

	@Test
	void aSeparateReasoningRateAppliesToReasoningTokensOnly() {
		ModelPrice price = ModelPrice.of("thinker", ModelRate.of(bd("1"), bd("4"), null, null, null, bd("3")));

		// 100 × $1/M + (1,000 − 600) × $4/M + 600 × $3/M = $0.0001 + $0.0016 + $0.0018
		assertThat(this.calculator.cost(TokenUsage.of(100, 0, 0, 0, 1_000, 600), price, null))
			.isEqualByComparingTo("0.0035");
	}

	private static BigDecimal bd(String value) {
		return new BigDecimal(value);
	}

}
