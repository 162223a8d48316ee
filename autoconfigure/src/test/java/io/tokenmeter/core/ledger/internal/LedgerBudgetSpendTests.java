package io.tokenmeter.core.ledger.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import io.tokenmeter.core.budget.Budget;
import io.tokenmeter.core.budget.BudgetScope;
import io.tokenmeter.core.budget.BudgetWindow;
import io.tokenmeter.core.budget.InMemoryBudgetStore;
import io.tokenmeter.core.budget.StoreFailureMode;
import io.tokenmeter.core.budget.internal.BudgetTracker;
import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.ledger.Dimension;
import io.tokenmeter.core.ledger.LedgerReader;
import io.tokenmeter.core.ledger.LlmCallRecord;
import io.tokenmeter.core.ledger.Records;
import io.tokenmeter.core.ledger.SpendSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerBudgetSpendTests {

	private static final ZoneId UTC = ZoneId.of("UTC");

	private static final Instant NOW = Instant.parse("2026-11-26T15:00:00Z");

	@TempDir
	Path directory;

	private final LedgerLineCodec codec = new LedgerLineCodec();

	private final Budget perUserDaily = new Budget("per-user-daily", new BigDecimal("1.00"),
			BudgetWindow.calendar(BudgetWindow.Kind.DAY, UTC), BudgetScope.USER, Set.of(),
			List.of(BigDecimal.ONE), true);

	private final Budget monthly = new Budget("monthly", new BigDecimal("100"),
			BudgetWindow.calendar(BudgetWindow.Kind.MONTH, UTC), BudgetScope.GLOBAL, Set.of(),
			List.of(BigDecimal.ONE), false);

	@Test
	void aNewStoreStartsFromTheLedgersSpendInTheCurrentWindows() throws IOException {
		write(Records.call(Instant.parse("2026-11-25T10:00:00Z"), "alice")); // yesterday: this month only
		write(Records.call(Instant.parse("2026-11-26T09:00:00Z"), "alice"));
		write(Records.call(Instant.parse("2026-11-26T10:00:00Z"), "alice"));
		write(Records.call(Instant.parse("2026-11-26T11:00:00Z"), "bob"));
		write(Records.call(Instant.parse("2026-11-26T12:00:00Z"), "bob", null, null)); // unpriced: not charged
		write(Records.call(Instant.parse("2026-10-31T12:00:00Z"), "alice")); // last month

		InMemoryBudgetStore store = new InMemoryBudgetStore();
		LedgerBudgetSpend.Result result = new LedgerBudgetSpend(this.directory, UTC).restore(store,
				List.of(this.perUserDaily, this.monthly), NOW);
		BudgetTracker tracker = tracker(store);

		// each record: 1,000 in × $2.50/M + 200 out × $10/M = $0.0045
		assertThat(tracker.spent(this.perUserDaily, "alice")).isEqualByComparingTo("0.0090"); // 2 × $0.0045
		assertThat(tracker.spent(this.perUserDaily, "bob")).isEqualByComparingTo("0.0045");
		assertThat(tracker.spent(this.monthly, "*")).isEqualByComparingTo("0.0180"); // 4 × $0.0045
		assertThat(result.records()).isEqualTo(4);
	}

	@Test
	void theRestoredSpendEqualsTheLedgerReadersSumForTheWindow() throws IOException {
		for (int i = 0; i < 500; i++) {
			write(Records.call(Instant.parse("2026-11-26T00:00:00Z").plusSeconds(i * 60L), "user-" + (i % 7),
					null, new BigDecimal("0.0001").multiply(BigDecimal.valueOf(i % 13 + 1))));
		}
		InMemoryBudgetStore store = new InMemoryBudgetStore();
		new LedgerBudgetSpend(this.directory, UTC).restore(store, List.of(this.perUserDaily), NOW);
		BudgetTracker tracker = tracker(store);

		SpendSummary day = new LedgerReader(this.directory, UTC).read(Instant.parse("2026-11-26T00:00:00Z"), NOW)
			.summary();
		for (int user = 0; user < 7; user++) {
			assertThat(tracker.spent(this.perUserDaily, "user-" + user))
				.isEqualByComparingTo(day.breakdown(Dimension.USER).get("user-" + user).cost());
		}
	}

	@Test
	void aCallIsChargedToTheWindowItEndedIn() throws IOException {
		// started 23:59:59.5 yesterday, took 812 ms: committed today, as the tracker did
		write(Records.call(Instant.parse("2026-11-25T23:59:59.500Z"), "alice"));
		InMemoryBudgetStore store = new InMemoryBudgetStore();
		new LedgerBudgetSpend(this.directory, UTC).restore(store, List.of(this.perUserDaily), NOW);
		assertThat(tracker(store).spent(this.perUserDaily, "alice")).isEqualByComparingTo("0.0045");
	}

	@Test
	void tornLinesAreSkippedAndCounted() throws IOException {
		write(Records.call(Instant.parse("2026-11-26T09:00:00Z"), "alice"));
		Files.writeString(LedgerFiles.fileOf(this.directory, LocalDate.of(2026, 11, 26)), "{\"ts\":\"2026-11",
				StandardOpenOption.APPEND);
		LedgerBudgetSpend.Result result = new LedgerBudgetSpend(this.directory, UTC).read(List.of(this.perUserDaily),
				NOW);
		assertThat(result.records()).isEqualTo(1);
		assertThat(result.skippedLines()).isEqualTo(1);
	}

	private BudgetTracker tracker(InMemoryBudgetStore store) {
		return new BudgetTracker(List.of(this.perUserDaily, this.monthly), store, event -> {
		}, Clock.fixed(NOW, ZoneOffset.UTC), StoreFailureMode.FAIL_OPEN, new MeteringFailures(Duration.ofMinutes(1)));
	}

	private void write(LlmCallRecord record) throws IOException {
		Path file = LedgerFiles.fileOf(this.directory, LocalDate.ofInstant(record.timestamp(), UTC));
		byte[] line = this.codec.encode(record);
		Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		if (line.length == 0 || line[line.length - 1] != '\n') {
			Files.writeString(file, "\n", StandardOpenOption.APPEND);
		}
	}

}
