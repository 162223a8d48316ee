package io.tokenmeter.autoconfigure.budget;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.tokenmeter.core.pricing.CostCalculator;
import io.tokenmeter.core.pricing.JtokkitPromptTokenCounter;
import io.tokenmeter.core.pricing.ModelPrice;
import io.tokenmeter.core.pricing.ModelRate;
import io.tokenmeter.core.pricing.PriceEntry;
import io.tokenmeter.core.pricing.PromptSizeTier;
import io.tokenmeter.core.pricing.RateTable;
import io.tokenmeter.core.pricing.UnknownModelPolicy;
import io.tokenmeter.core.pricing.UnpricedModelException;
import io.tokenmeter.core.pricing.internal.CallPricer;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BudgetReservationEstimateTests {

	private static final String PROMPT = "Summarize the following support ticket in two sentences.";

	private final RateTable table = new RateTable(List.of(
			// gpt-4o: $2.50/M in, $10/M out, catalog maximum output 16,384 tokens
			new PriceEntry(null, new ModelPrice("gpt-4o", ModelRate.of("2.50", "10.00"), List.of(), Map.of(), null,
					OptionalInt.of(16_384)), List.of(), List.of()),
			// no maximum output known
			new PriceEntry(null, ModelPrice.of("gpt-4o-mini", ModelRate.of("0.15", "0.60")), List.of(), List.of()),
			// reasoning billed at $20/M, above the $10/M output rate
			new PriceEntry(null, ModelPrice.of("thinker", ModelRate.of(new BigDecimal("1"), new BigDecimal("10"),
					null, null, null, new BigDecimal("20"))), List.of(), List.of()),
			// prompts above 10 tokens at $5/M in, $20/M out
			new PriceEntry(null, new ModelPrice("tiered", ModelRate.of("2.50", "10.00"),
					List.of(new PromptSizeTier(10, ModelRate.of("5.00", "20.00"))), Map.of(), null), List.of(),
					List.of())),
			Map.of());

	private final CallPricer pricer = new CallPricer(this.table, new CostCalculator(Map.of()), UnknownModelPolicy.WARN);

	private final JtokkitPromptTokenCounter counter = new JtokkitPromptTokenCounter();

	private final BudgetReservationEstimate estimate = new BudgetReservationEstimate(this.pricer, this.counter, 1024,
			Optional.empty());

	private final long promptTokens = this.counter.count("gpt-4o", List.of(PROMPT)).tokens();

	@Test
	void theRequestsMaxTokensBoundTheOutput() {
		Prompt prompt = new Prompt(PROMPT, ChatOptions.builder().maxTokens(500).build());
		// promptTokens × $2.50/M + 500 × $10/M
		assertThat(this.estimate.estimate("openai", "gpt-4o", prompt, null))
			.isEqualByComparingTo(usd(this.promptTokens, "2.50", 500, "10.0"));
	}

	@Test
	void withoutMaxTokensTheCatalogsMaximumOutputBoundsIt() {
		// promptTokens × $2.50/M + 16,384 × $10/M
		assertThat(this.estimate.estimate("openai", "gpt-4o", new Prompt(PROMPT), null))
			.isEqualByComparingTo(usd(this.promptTokens, "2.50", 16_384, "10.0"));
	}

	@Test
	void withoutEitherTheConfiguredDefaultBoundsIt() {
		// promptTokens × $0.15/M + 1,024 × $0.60/M
		assertThat(this.estimate.estimate("openai", "gpt-4o-mini", new Prompt(PROMPT), null))
			.isEqualByComparingTo(usd(this.promptTokens, "0.15", 1024, "0.60"));
	}

	@Test
	void aModelPricingReasoningAboveOutputReservesTheOutputAtTheReasoningRate() {
		Prompt prompt = new Prompt(PROMPT, ChatOptions.builder().maxTokens(500).build());
		long tokens = this.counter.count("thinker", List.of(PROMPT)).tokens();
		// tokens × $1/M + 500 × $20/M: every output token might be reasoning
		assertThat(this.estimate.estimate("openai", "thinker", prompt, null))
			.isEqualByComparingTo(usd(tokens, "1.0", 500, "20.0"));
	}

	@Test
	void thePromptSizeTierOfTheCountedPromptApplies() {
		Prompt prompt = new Prompt(PROMPT, ChatOptions.builder().maxTokens(500).build());
		long tokens = this.counter.count("tiered", List.of(PROMPT)).tokens();
		assertThat(tokens).isGreaterThan(10);
		// tokens × $5/M + 500 × $20/M
		assertThat(this.estimate.estimate("openai", "tiered", prompt, null))
			.isEqualByComparingTo(usd(tokens, "5.0", 500, "20.0"));
	}

	@Test
	void anUnpricedModelCannotBeEstimatedByDefault() {
		assertThatExceptionOfType(UnpricedModelException.class)
			.isThrownBy(() -> this.estimate.estimate("openai", "llama-3-70b", new Prompt(PROMPT), null));
	}

	@Test
	void aCallNamingNoModelCannotBeEstimatedByDefault() {
		assertThatExceptionOfType(UnpricedModelException.class)
			.isThrownBy(() -> this.estimate.estimate("openai", null, new Prompt(PROMPT), null));
	}

	@Test
	void anUnpricedModelReservesTheConfiguredAmount() {
		BudgetReservationEstimate withAmount = new BudgetReservationEstimate(this.pricer, this.counter, 1024,
				Optional.of(new BigDecimal("0.02")));
		assertThat(withAmount.estimate("openai", "llama-3-70b", new Prompt(PROMPT), null)).isEqualByComparingTo("0.02");
		assertThat(withAmount.estimate("openai", null, new Prompt(PROMPT), null)).isEqualByComparingTo("0.02");
	}

	/** input × inputRate/M + output × outputRate/M, in USD */
	private static BigDecimal usd(long input, String inputRate, long output, String outputRate) {
		return new BigDecimal(inputRate).multiply(BigDecimal.valueOf(input))
			.add(new BigDecimal(outputRate).multiply(BigDecimal.valueOf(output)))
			.movePointLeft(6);
	}

}
