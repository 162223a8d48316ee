package io.tokenmeter.autoconfigure.budget;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import io.tokenmeter.autoconfigure.pricing.TokenMeterPricingAutoConfiguration;
import io.tokenmeter.core.budget.internal.BudgetTracker;
import io.tokenmeter.core.call.CallOutcome;
import io.tokenmeter.core.ledger.LlmCallRecord;
import io.tokenmeter.core.ledger.internal.LedgerLineCodec;
import io.tokenmeter.core.usage.TokenUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.tokenmeter.autoconfigure.StartupFailures.analyze;
import static org.assertj.core.api.Assertions.assertThat;

class BudgetSpendRestoreTests {

	@TempDir
	Path ledger;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TokenMeterPricingAutoConfiguration.class,
				TokenMeterBudgetAutoConfiguration.class))
		.withPropertyValues("tokenmeter.pricing.catalog=none", "tokenmeter.budgets[0].name=per-user",
				"tokenmeter.budgets[0].limit=5", "tokenmeter.budgets[0].scope=user",
				"tokenmeter.budgets[0].enforce=true");

	@Test
	void theCurrentWindowsSpendIsRebuiltFromTheJsonlLedgerAtStartup() throws IOException {
		Instant today = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
		write(record(today, "alice", "0.0045"));
		write(record(today, "alice", "0.0003"));
		write(record(today, "bob", "0.0100"));
		write(record(today.minusSeconds(3600), "alice", "1.00")); // yesterday: another window
		this.runner
			.withPropertyValues("tokenmeter.ledger.jsonl.enabled=true",
					"tokenmeter.ledger.jsonl.directory=" + this.ledger)
			.run(context -> {
				BudgetTracker tracker = context.getBean(BudgetTracker.class);
				// 0.0045 + 0.0003: today's records only
				assertThat(tracker.spent(tracker.budgets().get(0), "alice")).isEqualByComparingTo("0.0048");
				assertThat(tracker.spent(tracker.budgets().get(0), "bob")).isEqualByComparingTo("0.0100");
			});
	}

	@Test
	void withoutTheJsonlLedgerBudgetsStartFromZero() throws IOException {
		write(record(LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant(), "alice", "0.0045"));
		this.runner.withPropertyValues("tokenmeter.ledger.jsonl.directory=" + this.ledger).run(context -> {
			BudgetTracker tracker = context.getBean(BudgetTracker.class);
			assertThat(tracker.spent(tracker.budgets().get(0), "alice")).isEqualByComparingTo("0");
		});
	}

	@Test
	void aZeroUnpricedReservationFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("tokenmeter.budget-enforcement.unpriced-reservation=0").run(context -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("tokenmeter.budget-enforcement.unpriced-reservation");
			assertThat(analysis.getAction()).contains("positive amount");
		});
	}

	/** A gpt-4o call that started at {@code at} and took 1 ms. */
	private static LlmCallRecord record(Instant at, String user, String cost) {
		return new LlmCallRecord(at, 1_000_000, -1, false, "openai", "gpt-4o", "gpt-4o", "support", user, null,
				CallOutcome.SUCCESS, null, TokenUsage.of(1000, 0, 0, 0, 200, 0), new BigDecimal(cost), null, "STOP",
				null);
	}

	private void write(LlmCallRecord record) throws IOException {
		Path file = this.ledger
			.resolve("llm-calls-" + LocalDate.ofInstant(record.timestamp(), ZoneOffset.UTC) + ".jsonl");
		Files.write(file, new LedgerLineCodec().encode(record), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
	}

}
