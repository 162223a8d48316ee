package io.tokenmeter.core.ledger.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.tokenmeter.core.budget.Budget;
import io.tokenmeter.core.budget.BudgetWindow;
import io.tokenmeter.core.budget.internal.BudgetTracker;
import io.tokenmeter.core.ledger.Breakdown;
import io.tokenmeter.core.ledger.BudgetStatus;
import io.tokenmeter.core.ledger.Dimension;
import io.tokenmeter.core.ledger.LedgerReader;
import io.tokenmeter.core.ledger.ReportWindow;
import io.tokenmeter.core.ledger.Spend;
import io.tokenmeter.core.ledger.SpendAggregator;
import io.tokenmeter.core.ledger.SpendReport;
import io.tokenmeter.core.ledger.SpendSummary;
import io.tokenmeter.core.ledger.UserSpend;
import io.tokenmeter.core.pricing.PricingStatus;

/**
 * Builds the spend report: since start from the in-memory {@link SpendAggregator}, calendar windows from a
 * {@link SpendSource} (the JSONL ledger through the {@link LedgerReader}, or the JDBC ledger's database, which
 * also answers the total), budgets from the budget store.
 */
public final class SpendReporter {

	static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(2);

	private final SpendAggregator memory;

	private final SpendSource windows;

	private final BudgetStatuses budgets;

	private final Clock clock;

	private final ZoneId zone;

	private final int topUsers;

	private final Supplier<PricingStatus> pricing;

	/**
	 * @param memory the since-start aggregation
	 * @param ledger the JSONL reader, or null when the ledger is off (only {@code total} is then available)
	 * @param writer the JSONL writer, flushed before a window is read, or null
	 * @param budgets the budgets ({@link BudgetTracker#none()} when there are none)
	 * @param clock now, for windows
	 * @param zone the zone of calendar windows
	 * @param topUsers how many top users to list (also how many keys of a per-user budget without match list)
	 * @param pricing the price side of the report, asked for on every report, or null to leave it out
	 */
	public SpendReporter(SpendAggregator memory, LedgerReader ledger, JsonlLedgerWriter writer, BudgetTracker budgets,
			Clock clock, ZoneId zone, int topUsers, Supplier<PricingStatus> pricing) {
		this(memory, ledger != null ? SpendSource.jsonl(ledger, writer) : null, budgets, clock, zone, topUsers,
				pricing);
	}

	/**
	 * @param memory the since-start aggregation
	 * @param windows where calendar windows (and, when it {@link SpendSource#coversTotal() covers it}, the total)
	 * are read from, or null when no ledger is on (only {@code total} is then available)
	 * @param budgets the budgets ({@link BudgetTracker#none()} when there are none)
	 * @param clock now, for windows
	 * @param zone the zone of calendar windows
	 * @param topUsers how many top users to list (also how many keys of a per-user budget without match list)
	 * @param pricing the price side of the report, asked for on every report, or null to leave it out
	 */
	public SpendReporter(SpendAggregator memory, SpendSource windows, BudgetTracker budgets, Clock clock, ZoneId zone,
			int topUsers, Supplier<PricingStatus> pricing) {
		this.memory = memory;
		this.windows = windows;
		this.budgets = budgets.isEmpty() ? null : new BudgetStatuses(budgets);
		this.clock = clock;
		this.zone = zone;
		this.topUsers = topUsers;
		this.pricing = pricing;
	}

	/**
	 * @param window the period
	 * @param sessions whether to include the session breakdown
	 * @throws WindowNeedsLedgerException for a calendar window while the ledger is off
	 */
	public SpendReport report(ReportWindow window, boolean sessions) {
		Period period = period(window);
		SpendSummary summary = period.summary;
		Map<String, Spend> users = summary.breakdown(Dimension.USER);
		Map<String, Long> unpriced = new LinkedHashMap<>();
		summary.breakdown(Dimension.MODEL).forEach((model, spend) -> {
			if (spend.unpricedCalls() > 0) {
				unpriced.put(model, spend.unpricedCalls());
			}
		});
		Map<String, Long> evicted = new LinkedHashMap<>();
		summary.evicted().forEach((dimension, count) -> evicted.put(dimension.value(), count));
		return new SpendReport(window.value(), period.source, period.from, period.to, summary.totals(),
				summary.outcomes(), summary.breakdown(Dimension.MODEL), summary.breakdown(Dimension.AGENT), users,
				sessions ? summary.breakdown(Dimension.SESSION) : null, top(users), budgets(), unpriced, evicted,
				period.skippedLines, this.pricing != null ? this.pricing.get() : null, summary.topCalls());
	}

	/** One breakdown of the report. */
	public Breakdown breakdown(Dimension dimension, ReportWindow window) {
		Period period = period(window);
		return new Breakdown(dimension.value(), window.value(), period.source, period.from, period.to,
				period.summary.breakdown(dimension), period.summary.evicted().get(dimension));
	}

	/**
	 * Every budget key's status: for budgets per model, agent or user without a match list, the keys that spent
	 * most since start.
	 */
	public List<BudgetStatus> budgets() {
		if (this.budgets == null) {
			return List.of();
		}
		return this.budgets.all(this::biggestKeys);
	}

	/** Whether calendar windows can be reported (a JSONL or JDBC ledger is on). */
	public boolean windowsAvailable() {
		return this.windows != null;
	}

	private Period period(ReportWindow window) {
		if (window == ReportWindow.TOTAL) {
			if (this.windows != null && this.windows.coversTotal()) {
				SpendSource.Window all = this.windows.read(null, null);
				return new Period(this.windows.name(), null, this.clock.instant(), all.summary(), all.skippedLines());
			}
			return new Period("memory", this.memory.since(), this.clock.instant(), this.memory.summary(), 0);
		}
		if (this.windows == null) {
			throw new WindowNeedsLedgerException(window);
		}
		BudgetWindow.Span span = BudgetWindow.calendar(window.calendar(), this.zone).spanAt(this.clock.instant());
		SpendSource.Window result = this.windows.read(span.start(), span.end());
		return new Period(this.windows.name(), span.start(), span.end(), result.summary(), result.skippedLines());
	}

	private List<UserSpend> top(Map<String, Spend> users) {
		List<UserSpend> top = new ArrayList<>(this.topUsers);
		for (Map.Entry<String, Spend> user : users.entrySet()) {
			if (top.size() == this.topUsers) {
				break;
			}
			top.add(new UserSpend(user.getKey(), user.getValue().cost(), user.getValue().calls()));
		}
		return top;
	}

	private Collection<String> biggestKeys(Budget budget) {
		Set<String> keys = new LinkedHashSet<>();
		switch (budget.scope()) {
			case MODEL -> {
				Map<String, String> requested = this.memory.requestedModels();
				for (String model : this.memory.breakdown(Dimension.MODEL).keySet()) {
					keys.add(requested.getOrDefault(model, model));
					if (keys.size() == this.topUsers) {
						break;
					}
				}
			}
			case AGENT -> addFirst(keys, this.memory.breakdown(Dimension.AGENT).keySet());
			case USER -> addFirst(keys, this.memory.breakdown(Dimension.USER).keySet());
			default -> {
			}
		}
		return keys;
	}

	private void addFirst(Set<String> keys, Collection<String> ordered) {
		for (String key : ordered) {
			if (keys.size() == this.topUsers) {
				return;
			}
			keys.add(key);
		}
	}

	private record Period(String source, Instant from, Instant to, SpendSummary summary, long skippedLines) {
	}

}
