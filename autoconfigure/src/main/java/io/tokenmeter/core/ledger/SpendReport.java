package io.tokenmeter.core.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tokenmeter.core.pricing.PricingStatus;
import org.jspecify.annotations.Nullable;

/**
 * The spend report of {@code /actuator/tokenmeter}. Every map is ordered by cost, highest first.
 *
 * @param window {@code total} (since start) or the calendar window asked for
 * @param source {@code memory} (since start), {@code ledger} (read from the JSONL files) or {@code jdbc} (read
 * from the JDBC ledger's database: every instance's calls, the total window included)
 * @param from start of the period: application start, or the window's start; null for the total of the JDBC
 * ledger (its oldest call)
 * @param to end of the period: now, or the window's end
 * @param totals every call in the period
 * @param outcomes calls by outcome
 * @param models spend per model that answered
 * @param agents spend per agent
 * @param users spend per user, exact (never folded into {@code other})
 * @param sessions spend per session when asked for ({@code ?sessions=true}), else null
 * @param topUsers the users who spent most, highest first
 * @param budgets every budget key's limit, spend, remaining and state in its current window
 * @param unpricedModels models whose calls had usage but no price, with how many such calls
 * @param evicted per dimension, values dropped from its breakdown to bound memory (their calls stay in totals)
 * @param skippedLines ledger lines that were not complete records (e.g. torn by a crash); 0 for memory
 * @param pricing the price catalog in use (source, date, age) and the models seen without a price since start;
 * null when the reporter was built without pricing
 * @param topCalls the most expensive priced calls of the period, most expensive first
 * ({@code tokenmeter.ledger.top-calls})
 *
 * @since 0.1.0
 */
public record SpendReport(String window, String source, @Nullable Instant from, Instant to, Spend totals,
		Map<String, Long> outcomes, Map<String, Spend> models, Map<String, Spend> agents, Map<String, Spend> users,
		@Nullable Map<String, Spend> sessions, List<UserSpend> topUsers, List<BudgetStatus> budgets,
		Map<String, Long> unpricedModels, Map<String, Long> evicted, long skippedLines, @Nullable PricingStatus pricing,
		List<ExpensiveCall> topCalls) {
}
