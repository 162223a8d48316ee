package io.tokenmeter.core.pricing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.tokenmeter.core.pricing.internal.CallPricer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CostEstimatorTests {

	private static final String PROMPT = "Summarize the following support ticket in two sentences.";

	private final RateTable table = new RateTable(List.of(
			new PriceEntry(null, ModelPrice.of("gpt-4o", ModelRate.of("2.50", "10.00")), List.of(), List.of("gpt-4o-20*")),
			new PriceEntry(null, ModelPrice.of("gpt-4o-mini", ModelRate.of("0.15", "0.60")), List.of(), List.of()),
			new PriceEntry(null, ModelPrice.of("claude-sonnet-4-5", ModelRate.of("3.00", "15.00")), List.of(),
					List.of())),
			Map.of());

	private final JtokkitPromptTokenCounter counter = new JtokkitPromptTokenCounter();

	private final CostEstimator estimator = new CostEstimator(
			new CallPricer(this.table, new CostCalculator(Map.of()), UnknownModelPolicy.WARN), this.counter);

	@Test
	void aPromptIsCountedWithTheModelsTokenizerAndPricedWithItsRates() {
		CostEstimate estimate = this.estimator.estimate("gpt-4o-2024-08-06", PROMPT, 500);

		long promptTokens = this.counter.count("gpt-4o", List.of(PROMPT)).tokens();
		assertThat(estimate.pricedAs()).isEqualTo("gpt-4o");
		assertThat(estimate.promptTokens()).isEqualTo(promptTokens);
		assertThat(estimate.encoding()).isEqualTo("o200k_base");
		assertThat(estimate.approximate()).isFalse();
		// promptTokens × $2.50/M + 500 × $10/M
		assertThat(estimate.cost()).isEqualByComparingTo(BigDecimal.valueOf(promptTokens)
			.multiply(new BigDecimal("2.50"))
			.add(new BigDecimal("5000"))
			.movePointLeft(6));
	}

	@Test
	void messageFramingFollowsOpenAisChatFormat() {
		// "Hello" is one o200k token: 3 per message + 1 + 3 priming the reply
		assertThat(this.counter.count("gpt-4o", List.of("Hello")).tokens()).isEqualTo(7);
		assertThat(this.counter.count("gpt-4o", List.of("Hello", "Hello")).tokens()).isEqualTo(11);
	}

	@Test
	void olderOpenAiModelsUseCl100kAndOtherProvidersAreFlaggedApproximate() {
		assertThat(this.counter.count("gpt-4-turbo", List.of(PROMPT)).encoding()).isEqualTo("cl100k_base");
		assertThat(this.counter.count("gpt-4-turbo", List.of(PROMPT)).approximate()).isFalse();
		assertThat(this.estimator.estimate("claude-sonnet-4-5", PROMPT, 100).approximate()).isTrue();
	}

	@Test
	void modelsAreComparedCheapestFirstWithUnpricedModelsLast() {
		List<CostEstimate> table = this.estimator.compare(PROMPT, 500,
				List.of("claude-sonnet-4-5", "llama-3-70b", "gpt-4o", "gpt-4o-mini"));

		assertThat(table).extracting(CostEstimate::model)
			.containsExactly("gpt-4o-mini", "gpt-4o", "claude-sonnet-4-5", "llama-3-70b");
		assertThat(table.get(3).cost()).isNull();
		assertThat(table.get(3).priced()).isFalse();
	}

	@Test
	void comparingWithoutAListCoversTheWholeRateTable() {
		assertThat(this.estimator.compare(PROMPT, 500)).extracting(CostEstimate::model)
			.containsExactly("gpt-4o-mini", "gpt-4o", "claude-sonnet-4-5");
	}

	@Test
	void aServiceTierIsAppliedToTheEstimate() {
		CostEstimator withBatch = new CostEstimator(new CallPricer(this.table,
				new CostCalculator(Map.of("batch", ServiceTierPrice.multiplier(new BigDecimal("0.5")))),
				UnknownModelPolicy.WARN), this.counter);

		CostEstimate standard = withBatch.estimate(null, "gpt-4o", List.of(PROMPT), 500, null);
		CostEstimate batch = withBatch.estimate(null, "gpt-4o", List.of(PROMPT), 500, "batch");

		assertThat(batch.cost()).isEqualByComparingTo(standard.cost().multiply(new BigDecimal("0.5")));
	}

}
