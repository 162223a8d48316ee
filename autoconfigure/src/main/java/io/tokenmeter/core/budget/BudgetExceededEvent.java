package io.tokenmeter.core.budget;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Published once per budget key per window, by the call whose cost made spend reach the limit. Consume it with a
 * plain {@code @EventListener}; it runs on the thread of the model call that crossed the limit, so keep the
 * listener fast or make it {@code @Async}. An exception thrown by a listener is logged and does not affect the call.
 *
 * @param budget the budget's name
 * @param scope what the budget counts ({@code global}, {@code model}, {@code agent}, {@code user})
 * @param key the scope value that crossed (e.g. user {@code alice}); {@code *} for global budgets
 * @param windowStart start of the window, null for a total budget
 * @param windowEnd end of the window (exclusive), null for a total budget
 * @param limit the limit in USD
 * @param spent spend in the window including the crossing call, USD
 * @param model model of the crossing call
 * @param agent agent of the crossing call
 * @param user user of the crossing call
 * @param cost cost of the crossing call, USD
 */
public record BudgetExceededEvent(String budget, String scope, String key, Instant windowStart, Instant windowEnd,
		BigDecimal limit, BigDecimal spent, String model, String agent, String user, BigDecimal cost) {
}
