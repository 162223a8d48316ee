package io.tokenmeter.core.metrics.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tokenmeter.core.budget.Budget;
import io.tokenmeter.core.budget.internal.BudgetTracker;

/**
 * Budget meters: {@code llm.budget.limit} and {@code llm.budget.spent} gauges (USD, current window) and the
 * {@code llm.budget.exceeded} counter, tagged by {@code budget}. Spend is published per {@code key} only where the
 * keys are known in advance (global budgets and budgets with a {@code match} list); a budget per user without
 * a match list would put every user id into Prometheus, so its per-user spend is left to the report endpoint.
 * Gauges are read at scrape time; a store that cannot answer yields NaN, never an exception.
 */
public final class BudgetMetrics implements MeterBinder {

	private final BudgetTracker tracker;

	public BudgetMetrics(BudgetTracker tracker) {
		this.tracker = tracker;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (Budget budget : this.tracker.budgets()) {
			Tags tags = Tags.of("budget", budget.name());
			Gauge.builder("llm.budget.limit", budget, b -> b.limit().doubleValue())
				.description("Budget limit per window")
				.baseUnit("usd")
				.tags(tags)
				.register(registry);
			FunctionCounter.builder("llm.budget.exceeded", this.tracker, t -> t.exceededCount(budget.name()))
				.description("Times a budget key reached its limit (once per key per window)")
				.tags(tags)
				.register(registry);
			if (budget.boundedKeys()) {
				for (String key : budget.match().isEmpty() ? java.util.List.of("*") : budget.match()) {
					Gauge.builder("llm.budget.spent", this, m -> m.spent(budget, key))
						.description("Spend in the budget's current window")
						.baseUnit("usd")
						.tags(tags.and("key", key))
						.register(registry);
				}
			}
		}
	}

	private double spent(Budget budget, String key) {
		try {
			return this.tracker.spent(budget, key).doubleValue();
		}
		catch (RuntimeException ex) {
			return Double.NaN;
		}
	}

}
