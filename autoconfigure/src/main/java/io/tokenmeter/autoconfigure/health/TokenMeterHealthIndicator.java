package io.tokenmeter.autoconfigure.health;

import java.util.List;

import io.tokenmeter.core.budget.Budget;
import io.tokenmeter.core.budget.BudgetStore;
import io.tokenmeter.core.budget.StoreFailureMode;
import io.tokenmeter.core.budget.internal.BudgetTracker;
import io.tokenmeter.core.budget.internal.CircuitBreakingBudgetStore;
import io.tokenmeter.core.ledger.BudgetStatus;
import io.tokenmeter.core.ledger.internal.BudgetStatuses;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code tokenmeter} health contributor.
 *
 * <p>The design choice: an exhausted budget, enforced or not, keeps the application <b>UP</b>. An exhausted
 * budget refuses (or merely reports) calls of one scope until its window resets; the application still serves
 * everything else, and taking an instance out of a load balancer would move the same traffic to instances that
 * share the same budget. The budgets' states (ok, alerting, exceeded) are in the details. The status is
 * <b>DOWN</b> only when tokenmeter itself cannot do its job: the budget store cannot be reached while
 * {@code tokenmeter.budget-store.failure-mode=fail-closed} and a budget is enforced, i.e. every call an enforced
 * budget applies to is being refused.
 *
 * @since 0.2.0
 */
public class TokenMeterHealthIndicator implements HealthIndicator {

	private final BudgetTracker tracker;

	private final BudgetStatuses statuses;

	private final StoreFailureMode failureMode;

	private final BudgetStore store;

	/**
	 * @param tracker the budgets
	 * @param failureMode what enforced budgets do when the store is down
	 * @param store the budget store, to tell an open circuit (answers from its last values) from a reachable
	 * store; may be null
	 */
	public TokenMeterHealthIndicator(BudgetTracker tracker, StoreFailureMode failureMode, BudgetStore store) {
		this.tracker = tracker;
		this.statuses = new BudgetStatuses(tracker);
		this.failureMode = failureMode;
		this.store = store;
	}

	@Override
	public Health health() {
		List<Budget> budgets = this.tracker.budgets();
		if (budgets.isEmpty()) {
			return Health.up().withDetail("budgets", List.of()).build();
		}
		List<BudgetStatus> bounded = this.statuses.bounded();
		String storeError = bounded.stream()
			.filter(status -> BudgetStatus.UNAVAILABLE.equals(status.state()))
			.map(BudgetStatus::error)
			.findFirst()
			.orElse(null);
		if (bounded.isEmpty()) {
			// only per-key budgets without a match list: probe the store once
			BudgetStatus probe = this.statuses.status(budgets.get(0), "*");
			storeError = probe.error();
		}
		if (storeError == null && this.store instanceof CircuitBreakingBudgetStore breaker && breaker.isOpen()) {
			storeError = "the last store operation failed; operations fail fast until it is retried";
		}
		boolean refusing = storeError != null && this.failureMode == StoreFailureMode.FAIL_CLOSED
				&& this.tracker.enforcing();
		Health.Builder health = refusing ? Health.down() : Health.up();
		health.withDetail("budgets", bounded)
			.withDetail("exceeded",
					bounded.stream().filter(s -> BudgetStatus.EXCEEDED.equals(s.state())).map(BudgetStatus::budget)
						.distinct().toList())
			.withDetail("refusing",
					bounded.stream().filter(s -> BudgetStatus.REFUSING.equals(s.state())).map(BudgetStatus::budget)
						.distinct().toList())
			.withDetail("store", storeError == null ? "reachable" : "unreachable")
			.withDetail("storeFailureMode", this.failureMode.name().toLowerCase().replace('_', '-'));
		if (storeError != null) {
			health.withDetail("storeError", storeError);
		}
		return health.build();
	}

}
