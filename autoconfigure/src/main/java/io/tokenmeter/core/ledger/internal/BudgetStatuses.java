package io.tokenmeter.core.ledger.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

import io.tokenmeter.core.budget.Budget;
import io.tokenmeter.core.budget.BudgetScope;
import io.tokenmeter.core.budget.internal.BudgetTracker;
import io.tokenmeter.core.ledger.BudgetStatus;

/** Reads where each budget stands, from the budget store, for the report endpoint and the health indicator. */
public final class BudgetStatuses {

	private final BudgetTracker tracker;

	public BudgetStatuses(BudgetTracker tracker) {
		this.tracker = tracker;
	}

	/**
	 * The status of every budget key whose key is known in advance: global budgets and budgets with a
	 * {@code match} list (its keys in alphabetical order).
	 */
	public List<BudgetStatus> bounded() {
		return all(budget -> List.of());
	}

	/**
	 * @param unboundedKeys for budgets scoped per model, agent or user without a match list: which keys to show
	 * (e.g. the biggest spenders seen)
	 */
	public List<BudgetStatus> all(Function<Budget, Collection<String>> unboundedKeys) {
		List<BudgetStatus> statuses = new ArrayList<>();
		for (Budget budget : this.tracker.budgets()) {
			Collection<String> keys = budget.scope() == BudgetScope.GLOBAL ? List.of("*")
					: !budget.match().isEmpty() ? new TreeSet<>(budget.match()) : unboundedKeys.apply(budget);
			for (String key : keys) {
				statuses.add(status(budget, key));
			}
		}
		return statuses;
	}

	public BudgetStatus status(Budget budget, String key) {
		Instant now = this.tracker.clock().instant();
		Instant windowEnd = budget.window().spanAt(now).end();
		String scope = budget.scope().tagValue();
		BigDecimal spent;
		try {
			spent = this.tracker.spent(budget, key);
		}
		catch (RuntimeException ex) {
			return new BudgetStatus(budget.name(), scope, key, budget.window().toString(), budget.enforce(),
					budget.limit(), null, null, windowEnd, BudgetStatus.UNAVAILABLE, ex.toString());
		}
		BigDecimal remaining = budget.limit().subtract(spent).max(BigDecimal.ZERO);
		return new BudgetStatus(budget.name(), scope, key, budget.window().toString(), budget.enforce(),
				budget.limit(), spent, remaining, windowEnd, state(budget, key, spent), null);
	}

	private String state(Budget budget, String key, BigDecimal spent) {
		if (spent.compareTo(budget.limit()) >= 0) {
			return BudgetStatus.EXCEEDED;
		}
		if (budget.enforce() && this.tracker.refusing(budget, key)) {
			return BudgetStatus.REFUSING;
		}
		for (BigDecimal threshold : budget.alertThresholds()) {
			if (threshold.compareTo(BigDecimal.ONE) < 0 && spent.compareTo(budget.limit().multiply(threshold)) >= 0) {
				return BudgetStatus.ALERTING;
			}
		}
		return BudgetStatus.OK;
	}

}
