package io.tokenmeter.core.pricing;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * What a prompt would cost on one model, before it is sent.
 *
 * @param model the model asked about
 * @param pricedAs the configured model whose price applies (e.g. {@code gpt-4o} for {@code gpt-4o-2024-08-06}),
 * or null when the model has no price
 * @param promptTokens counted prompt tokens, all priced as uncached input (a cache hit would only lower the cost)
 * @param outputTokens the expected output tokens, priced at the output rate
 * @param cost the cost in USD, exact; null when the model has no price (never a guessed zero)
 * @param encoding the tokenizer the prompt was counted with
 * @param approximate true when that tokenizer is not the model's own, so the count is an approximation
 * @since 0.1.0
 */
public record CostEstimate(String model, String pricedAs, long promptTokens, long outputTokens, @Nullable BigDecimal cost,
		String encoding, boolean approximate) {

	/** True when the model has a price. */
	public boolean priced() {
		return this.cost != null;
	}

}
