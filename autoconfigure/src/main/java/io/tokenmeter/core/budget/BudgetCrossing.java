package io.tokenmeter.core.budget;

import java.math.BigDecimal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What every {@link BudgetEvent} says: which budget key crossed, in which window, how far it had spent, and the call
 * whose cost crossed.
 *
 * @param budget the budget's name
 * @param scope what the budget counts
 * @param key the scope value that crossed (e.g. user {@code alice}); {@code *} for a global budget
 * @param windowStart start of the window; absent for a total budget
 * @param windowEnd end of the window (exclusive); absent for a total budget
 * @param limit the limit in USD
 * @param spent spend in the window including the crossing call, USD
 * @param model model of the crossing call
 * @param agent agent of the crossing call
 * @param user user of the crossing call
 * @param cost cost of the crossing call, USD
 * @since 0.2.0
 */
public record BudgetCrossing(String budget, BudgetScope scope, String key, @Nullable Instant windowStart,
		@Nullable Instant windowEnd, BigDecimal limit, BigDecimal spent, String model, String agent, String user,
		BigDecimal cost) {
}
