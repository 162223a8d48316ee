package io.tokenmeter.core.budget;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Thrown to the caller instead of calling the model when an enforced budget has no room for the call's
 * estimated cost. Nothing is charged for a refused call.
 *
 * @since 0.1.0
 */
public class BudgetExceededException extends RuntimeException {

	private final String budget;

	private final String key;

	private final BigDecimal limit;

	private final BigDecimal spent;

	private final Instant windowEnd;

	public BudgetExceededException(String budget, String key, String window, Instant windowEnd, BigDecimal limit,
			BigDecimal spent, BigDecimal estimate) {
		this(describe(budget, key, window, windowEnd) + " has no room for this call: limit $" + limit.toPlainString()
				+ ", spent and reserved $" + spent.toPlainString() + ", this call's estimate $"
				+ estimate.toPlainString(), budget, key, windowEnd, limit, spent);
	}

	/** For refusals with another reason than a full budget (see {@link UnpricedCallException}). */
	protected BudgetExceededException(String message, String budget, String key, Instant windowEnd, BigDecimal limit,
			BigDecimal spent) {
		super(message);
		this.budget = budget;
		this.key = key;
		this.limit = limit;
		this.spent = spent;
		this.windowEnd = windowEnd;
	}

	static String describe(String budget, String key, String window, Instant windowEnd) {
		return "Budget '" + budget + "'" + ("*".equals(key) ? "" : " for '" + key + "'") + " (" + window
				+ (windowEnd != null ? ", resets " + windowEnd : "") + ")";
	}

	public String getBudget() {
		return this.budget;
	}

	public String getKey() {
		return this.key;
	}

	public BigDecimal getLimit() {
		return this.limit;
	}

	public BigDecimal getSpent() {
		return this.spent;
	}

	/** When the window resets (null for a total budget): a sensible Retry-After. */
	public Instant getWindowEnd() {
		return this.windowEnd;
	}

}
