package io.tokenmeter.core.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Where one budget key stands in its current window.
 *
 * @param budget the budget's name
 * @param scope {@code global}, {@code model}, {@code agent} or {@code user}
 * @param key the scope value ({@code *} for global)
 * @param window the budget's window, e.g. {@code day (UTC)}
 * @param enforced whether calls that would exceed the limit are refused
 * @param limit the limit in USD per window
 * @param spent the spend in the current window, or null when the store could not be read
 * @param remaining limit minus spent, never below zero, or null when the store could not be read
 * @param windowEnd when the current window ends, or null for a {@code total} window
 * @param state {@code ok}, {@code alerting} (at or past the lowest alert threshold below 1.0), {@code refusing} (an
 * enforced budget below its limit whose last admission for this key was refused: spend plus the reservations of
 * calls in flight plus the call's estimate did not fit), {@code exceeded} (at or past the limit) or
 * {@code unavailable} (the store could not be read)
 * @param error why the store could not be read, else null
 * @since 0.1.0
 */
public record BudgetStatus(String budget, String scope, String key, String window, boolean enforced,
		BigDecimal limit, @Nullable BigDecimal spent, @Nullable BigDecimal remaining, @Nullable Instant windowEnd,
		String state, @Nullable String error) {

	/**
	 * Amounts are kept without trailing zeros and with a scale of at least 0, so the report and the health
	 * contributor print them as plain JSON numbers ({@code 0.0036834}, not {@code 0.003683400}; {@code 10}, not
	 * {@code 1E+1}), as the rest of tokenmeter's output does.
	 */
	public BudgetStatus {
		limit = plain(limit);
		spent = spent != null ? plain(spent) : null;
		remaining = remaining != null ? plain(remaining) : null;
	}

	public static final String OK = "ok";

	public static final String ALERTING = "alerting";

	public static final String REFUSING = "refusing";

	public static final String EXCEEDED = "exceeded";

	public static final String UNAVAILABLE = "unavailable";

	private static BigDecimal plain(BigDecimal amount) {
		BigDecimal stripped = amount.stripTrailingZeros();
		return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
	}

}
