package io.tokenmeter.core.ledger.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tokenmeter.core.budget.Budget;
import io.tokenmeter.core.budget.BudgetAccount;
import io.tokenmeter.core.budget.BudgetWindow;
import io.tokenmeter.core.budget.InMemoryBudgetStore;
import io.tokenmeter.core.ledger.LlmCallRecord;

/**
 * Rebuilds the spend of every budget's current window from the JSONL ledger, for the in-memory budget store, which
 * starts empty after a restart. A record is charged as the tracker charged it: its cost (unpriced and blocked calls
 * have none) to the budget key of its requested model (else its model), agent or user, in the window of the instant
 * the call ended (start + duration), since that is when its cost was committed. Files are streamed line by line;
 * lines that are not complete records are skipped and counted. A {@code total} window can only be rebuilt from the
 * days the ledger's retention kept.
 */
public final class LedgerBudgetSpend {

	private final Path directory;

	private final ZoneId zone;

	private final LedgerLineCodec codec = new LedgerLineCodec();

	/**
	 * @param directory the ledger directory
	 * @param zone the zone the writer named the day files in
	 */
	public LedgerBudgetSpend(Path directory, ZoneId zone) {
		this.directory = directory;
		this.zone = zone;
	}

	/**
	 * Adds up the ledger's spend of each budget key in the window that contains {@code now}.
	 * @throws UncheckedIOException when the directory or a file cannot be read
	 */
	public Result read(List<Budget> budgets, Instant now) {
		BudgetWindow.Span[] spans = new BudgetWindow.Span[budgets.size()];
		LocalDate firstDay = LocalDate.MAX;
		for (int i = 0; i < spans.length; i++) {
			spans[i] = budgets.get(i).window().spanAt(now);
			firstDay = spans[i].start() == null ? LocalDate.MIN
					: min(firstDay, LocalDate.ofInstant(spans[i].start(), this.zone).minusDays(1));
		}
		Map<BudgetAccount, BigDecimal> spent = new HashMap<>();
		long[] records = { 0 };
		long skipped = 0;
		try {
			for (Path file : LedgerFiles.list(this.directory)) {
				if (LedgerFiles.dayOf(file).isBefore(firstDay)) {
					continue;
				}
				skipped += LedgerFiles.forEachRecord(file, this.codec, record -> {
					if (record.cost() != null && charge(record, budgets, spans, spent)) {
						records[0]++;
					}
				});
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the ledger in " + this.directory, ex);
		}
		return new Result(Map.copyOf(spent), records[0], skipped);
	}

	/** Reads the ledger and adds each key's spend to the store. */
	public Result restore(InMemoryBudgetStore store, List<Budget> budgets, Instant now) {
		Result result = read(budgets, now);
		result.spent().forEach(store::restore);
		return result;
	}

	private static boolean charge(LlmCallRecord record, List<Budget> budgets, BudgetWindow.Span[] spans,
			Map<BudgetAccount, BigDecimal> spent) {
		Instant committed = record.timestamp().plusNanos(Math.max(0, record.durationNanos()));
		String model = record.requestedModel() != null ? record.requestedModel() : record.model();
		boolean charged = false;
		for (int i = 0; i < spans.length; i++) {
			Budget budget = budgets.get(i);
			String key = budget.scope().keyOf(model, record.agent(), record.user());
			if (!spans[i].contains(committed) || !budget.applies(key)) {
				continue;
			}
			spent.merge(new BudgetAccount(budget.name(), key, spans[i]), record.cost(), BigDecimal::add);
			charged = true;
		}
		return charged;
	}

	private static LocalDate min(LocalDate a, LocalDate b) {
		return a.isBefore(b) ? a : b;
	}

	/**
	 * @param spent each budget key's spend in its current window
	 * @param records the priced records charged to at least one budget
	 * @param skippedLines lines that were not complete records (e.g. torn by a crash)
	 */
	public record Result(Map<BudgetAccount, BigDecimal> spent, long records, long skippedLines) {
	}

}
