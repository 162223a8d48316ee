package io.tokenmeter.autoconfigure.budget;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.tokenmeter.autoconfigure.TokenMeterProperties.Jsonl;
import io.tokenmeter.core.budget.Budget;
import io.tokenmeter.core.budget.InMemoryBudgetStore;
import io.tokenmeter.core.ledger.internal.LedgerBudgetSpend;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * At startup, before any call, puts the current windows' spend recorded in the JSONL ledger back into the
 * in-memory budget store, so a restart does not hand every budget a fresh limit. A ledger that cannot be read is
 * logged and the budgets start from zero (as without a ledger): the application still starts.
 */
final class BudgetSpendRestore {

	private static final Log logger = LogFactory.getLog(BudgetSpendRestore.class);

	private BudgetSpendRestore() {
	}

	static void restore(InMemoryBudgetStore store, List<Budget> budgets, Jsonl jsonl, Clock clock) {
		if (budgets.isEmpty()) {
			return;
		}
		long started = System.nanoTime();
		try {
			LedgerBudgetSpend.Result result = new LedgerBudgetSpend(jsonl.getDirectory(), jsonl.getZone())
				.restore(store, budgets, clock.instant());
			logger.info("tokenmeter: rebuilt the current budget windows from the JSONL ledger in "
					+ jsonl.getDirectory().toAbsolutePath() + ": " + result.records() + " priced calls, "
					+ result.spent().size() + " budget keys" + (result.skippedLines() > 0
							? ", " + result.skippedLines() + " incomplete lines skipped" : "")
					+ " (" + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms)");
		}
		catch (RuntimeException ex) {
			logger.warn("tokenmeter: could not rebuild budget spend from the JSONL ledger in "
					+ jsonl.getDirectory().toAbsolutePath() + " (" + ex + "); budgets start from zero.");
		}
	}

}
