package io.tokenmeter.core.budget;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Published once per alert threshold below 1.0 (e.g. 0.8) per budget key per window, when spend first reaches
 * that fraction of the limit. Same threading as {@link BudgetExceededEvent}.
 *
 * @param budget the budget's name
 * @param scope what the budget counts
 * @param key the scope value, {@code *} for global budgets
 * @param threshold the fraction of the limit that was reached
 * @param windowStart start of the window, null for a total budget
 * @param windowEnd end of the window, null for a total budget
 * @param limit the limit in USD
 * @param spent spend in the window including the crossing call, USD
 * @param model model of the crossing call
 * @param agent agent of the crossing call
 * @param user user of the crossing call
 * @param cost cost of the crossing call, USD
 */
public record BudgetThresholdEvent(String budget, String scope, String key, BigDecimal threshold, Instant windowStart,
		Instant windowEnd, BigDecimal limit, BigDecimal spent, String model, String agent, String user,
		BigDecimal cost) {
}
