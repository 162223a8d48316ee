package io.tokenmeter.core.ledger;

import java.util.List;
import java.util.Map;

/**
 * Calls added up: totals, outcomes and one breakdown per {@link Dimension}, each ordered by cost, highest first.
 * The in-memory {@link SpendAggregator} and the {@link LedgerReader} produce the same shape, so a report read back
 * from the JSONL files equals the one kept in memory for the same calls.
 *
 * @param totals every call
 * @param outcomes calls by outcome ({@code success}, {@code truncated}, {@code error}, {@code cancelled},
 * {@code blocked})
 * @param breakdowns spend per value of each dimension
 * @param evicted per dimension, how many values were dropped from its breakdown to keep memory bounded (their
 * calls stay in the totals)
 * @param topCalls the most expensive priced calls, most expensive first (at most the source's configured number;
 * ordered by {@link ExpensiveCall#MOST_EXPENSIVE_FIRST}; a SQL source fills it with
 * {@code WHERE cost IS NOT NULL ORDER BY cost DESC, timestamp, user, agent, model, session LIMIT n})
 *
 * @since 0.1.0
 */
public record SpendSummary(Spend totals, Map<String, Long> outcomes, Map<Dimension, Map<String, Spend>> breakdowns,
		Map<Dimension, Long> evicted, List<ExpensiveCall> topCalls) {

	/** A summary without a list of the most expensive calls. */
	public SpendSummary(Spend totals, Map<String, Long> outcomes, Map<Dimension, Map<String, Spend>> breakdowns,
			Map<Dimension, Long> evicted) {
		this(totals, outcomes, breakdowns, evicted, List.of());
	}

	public Map<String, Spend> breakdown(Dimension dimension) {
		return this.breakdowns.get(dimension);
	}

}
