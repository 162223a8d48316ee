package io.tokenmeter.autoconfigure;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import io.tokenmeter.advisor.CallCostEstimate;
import io.tokenmeter.core.pricing.CostEstimate;
import io.tokenmeter.core.pricing.CostEstimator;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * What an enforced budget reserves before a call: the {@link CostEstimator}'s price of the prompt plus the
 * request's max output tokens (or the configured default). Deliberately pessimistic: cache discounts are not
 * assumed, so the reservation is rarely below the actual cost. A model without a price reserves nothing (its
 * calls are unpriced and cannot be charged either).
 */
final class BudgetReservationEstimate implements CallCostEstimate {

	private final CostEstimator estimator;

	private final int defaultMaxOutputTokens;

	BudgetReservationEstimate(CostEstimator estimator, int defaultMaxOutputTokens) {
		this.estimator = estimator;
		this.defaultMaxOutputTokens = defaultMaxOutputTokens;
	}

	@Override
	public BigDecimal estimate(String provider, String model, Prompt prompt, String serviceTier) {
		List<String> messages = new ArrayList<>(prompt.getInstructions().size());
		for (Message message : prompt.getInstructions()) {
			messages.add(message.getText());
		}
		ChatOptions options = prompt.getOptions();
		Integer maxTokens = options != null ? options.getMaxTokens() : null;
		long output = maxTokens != null && maxTokens > 0 ? maxTokens : this.defaultMaxOutputTokens;
		CostEstimate estimate = this.estimator.estimate(provider, model, messages, output, serviceTier);
		return estimate.priced() ? estimate.cost() : BigDecimal.ZERO;
	}

}
