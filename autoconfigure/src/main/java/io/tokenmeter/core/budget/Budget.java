package io.tokenmeter.core.budget;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * One configured budget.
 *
 * @param name unique name, used in events, metrics and store keys
 * @param limit the limit in USD per window
 * @param window how spend resets
 * @param scope what is counted together
 * @param match for model/agent/user scopes: only these values are budgeted (empty = every value)
 * @param alertThresholds fractions of the limit that publish an event once per window, ascending; 1.0 is the
 * limit itself and publishes {@link BudgetExceededEvent}, lower ones {@link BudgetThresholdEvent}
 * @param enforce whether a call that would exceed the limit is refused before it reaches the model
 * @since 0.1.0
 */
public record Budget(String name, BigDecimal limit, BudgetWindow window, BudgetScope scope, Set<String> match,
		List<BigDecimal> alertThresholds, boolean enforce) {

	public Budget {
		match = Set.copyOf(match);
		alertThresholds = alertThresholds.stream().sorted().distinct().toList();
	}

	/** Whether calls with this scope key are counted by this budget. */
	public boolean applies(String key) {
		return key != null && (this.match.isEmpty() || this.match.contains(key));
	}

	/** True when the number of keys is known in advance (global, or a match list): safe as a metric tag. */
	public boolean boundedKeys() {
		return this.scope == BudgetScope.GLOBAL || !this.match.isEmpty();
	}

}
