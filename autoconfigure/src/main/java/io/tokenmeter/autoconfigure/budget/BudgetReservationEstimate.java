package io.tokenmeter.autoconfigure.budget;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.tokenmeter.advisor.CallCostEstimate;
import io.tokenmeter.core.pricing.ModelPrice;
import io.tokenmeter.core.pricing.ModelRate;
import io.tokenmeter.core.pricing.PromptTokenCounter;
import io.tokenmeter.core.pricing.UnpricedModelException;
import io.tokenmeter.core.pricing.internal.CallPricer;
import io.tokenmeter.core.usage.TokenUsage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * What an enforced budget reserves before a call: an upper bound of its cost, so that admitted calls cannot spend
 * past the limit. The prompt's tokens (counted with the {@link PromptTokenCounter}) at the full input rate, with no
 * cache discount assumed, plus the call's output bound at the output rate (the reasoning rate when a model prices
 * reasoning higher): the request's max tokens, else the model's maximum output from the catalog
 * ({@code max-output-tokens}), else {@code tokenmeter.budget-enforcement.default-max-output-tokens}. The
 * prompt-size tier and the service tier apply as they do to the actual call.
 * <p>
 * A call whose model has no price, or that names no model, reserves
 * {@code tokenmeter.budget-enforcement.unpriced-reservation} when it is set; otherwise the estimate throws
 * {@link UnpricedModelException} and the enforced budget refuses the call
 * ({@link io.tokenmeter.core.budget.UnpricedCallException}). Never zero.
 */
final class BudgetReservationEstimate implements CallCostEstimate {

	private final CallPricer pricer;

	private final PromptTokenCounter counter;

	private final int defaultMaxOutputTokens;

	private final Optional<BigDecimal> unpricedReservation;

	BudgetReservationEstimate(CallPricer pricer, PromptTokenCounter counter, int defaultMaxOutputTokens,
			Optional<BigDecimal> unpricedReservation) {
		this.pricer = pricer;
		this.counter = counter;
		this.defaultMaxOutputTokens = defaultMaxOutputTokens;
		this.unpricedReservation = unpricedReservation;
	}

	@Override
	public BigDecimal estimate(String provider, String model, Prompt prompt, String serviceTier) {
		ModelPrice price = model != null ? this.pricer.find(provider != null ? provider : "unknown", model) : null;
		if (price == null) {
			return this.unpricedReservation.orElseThrow(() -> new UnpricedModelException(provider, model));
		}
		List<String> messages = new ArrayList<>(prompt.getInstructions().size());
		for (Message message : prompt.getInstructions()) {
			messages.add(message.getText() != null ? message.getText() : "");
		}
		long promptTokens = this.counter.count(model, messages).tokens();
		long output = outputBound(prompt.getOptions(), price);
		ModelRate rate = price.rateForPrompt(promptTokens);
		long reasoning = rate.reasoning().compareTo(rate.output()) > 0 ? output : 0;
		return this.pricer.calculator()
			.cost(TokenUsage.of(promptTokens, 0, 0, 0, output, reasoning), price, serviceTier);
	}

	/** The most output tokens the call can be billed for, as far as is known before it is made. */
	long outputBound(ChatOptions options, ModelPrice price) {
		Integer maxTokens = options != null ? options.getMaxTokens() : null;
		if (maxTokens != null && maxTokens > 0) {
			return maxTokens;
		}
		return price.maxOutputTokens().orElse(this.defaultMaxOutputTokens);
	}

}
