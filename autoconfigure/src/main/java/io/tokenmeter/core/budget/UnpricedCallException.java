package io.tokenmeter.core.budget;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Thrown to the caller instead of calling the model when an enforced budget applies to a call whose cost cannot
 * be bounded before it is made: its model has no price, or the request names no model, and no
 * {@code tokenmeter.budget-enforcement.unpriced-reservation} is configured. Reserving nothing would let any number
 * of such calls through a budget that is meant to stop spending. Nothing is charged for a refused call.
 *
 * @since 0.1.0
 */
public class UnpricedCallException extends BudgetExceededException {

	private final String model;

	public UnpricedCallException(String budget, String key, String window, Instant windowEnd, BigDecimal limit,
			BigDecimal spent, String model) {
		super(BudgetExceededException.describe(budget, key, window, windowEnd) + " is enforced and "
				+ (model == null ? "this call names no model" : "model '" + model + "' has no price")
				+ ", so this call's cost cannot be reserved: "
				+ (model == null ? "set the model in the request or the chat model's options"
						: "add a price under tokenmeter.pricing.models")
				+ ", or set tokenmeter.budget-enforcement.unpriced-reservation to reserve a fixed amount (USD) for "
				+ "such calls", budget, key, windowEnd, limit, spent);
		this.model = model;
	}

	/** The model the call named, or null when it named none. */
	public String getModel() {
		return this.model;
	}

}
