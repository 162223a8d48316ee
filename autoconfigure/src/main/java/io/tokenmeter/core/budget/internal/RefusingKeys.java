package io.tokenmeter.core.budget.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.tokenmeter.core.budget.Budget;
import io.tokenmeter.core.budget.BudgetWindow;

/**
 * The budget keys whose last admission in their window was refused for lack of room, for the {@code refusing}
 * state of the report and health. Bounded: at most {@link #MAX_KEYS} keys per budget are remembered (entries of past
 * windows are dropped first); refusals beyond that are still counted. An admission only touches the map when its
 * budget has refused something, so budgets with room pay one empty-map check.
 */
final class RefusingKeys {

	static final int MAX_KEYS = 10_000;

	private final Map<String, Map<String, BudgetWindow.Span>> byBudget = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

	void refused(Budget budget, String key, BudgetWindow.Span span) {
		this.counts.computeIfAbsent(budget.name(), name -> new LongAdder()).increment();
		Map<String, BudgetWindow.Span> keys = this.byBudget.computeIfAbsent(budget.name(),
				name -> new ConcurrentHashMap<>());
		if (keys.size() >= MAX_KEYS && !keys.containsKey(key)) {
			keys.values().removeIf(refusedIn -> !refusedIn.equals(span));
			if (keys.size() >= MAX_KEYS) {
				return;
			}
		}
		keys.put(key, span);
	}

	void admitted(Budget budget, String key) {
		Map<String, BudgetWindow.Span> keys = this.byBudget.get(budget.name());
		if (keys != null && !keys.isEmpty()) {
			keys.remove(key);
		}
	}

	boolean refusing(Budget budget, String key, BudgetWindow.Span current) {
		Map<String, BudgetWindow.Span> keys = this.byBudget.get(budget.name());
		return keys != null && current.equals(keys.get(key));
	}

	long count(String budget) {
		LongAdder count = this.counts.get(budget);
		return count == null ? 0 : count.sum();
	}

}
