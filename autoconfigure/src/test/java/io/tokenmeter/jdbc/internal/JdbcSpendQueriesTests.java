package io.tokenmeter.jdbc.internal;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import io.tokenmeter.core.call.CallOutcome;
import io.tokenmeter.core.call.Operation;
import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.ledger.Dimension;
import io.tokenmeter.core.ledger.FullQueuePolicy;
import io.tokenmeter.core.ledger.LlmCallRecord;
import io.tokenmeter.core.ledger.SpendAggregator;
import io.tokenmeter.core.ledger.SpendSummary;
import io.tokenmeter.core.usage.TokenUsage;
import io.tokenmeter.jdbc.PostgresServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JDBC ledger against a real PostgreSQL, without Spring: what the writer inserts, the report's SQL adds up
 * exactly as the in-memory aggregator does for the same records; a retried id is not inserted twice; the
 * chargeback CSV.
 */
class JdbcSpendQueriesTests {

	@RegisterExtension
	static final PostgresServerProcess postgres = new PostgresServerProcess();

	private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

	private static HikariDataSource dataSource;

	private final MeteringFailures failures = new MeteringFailures(Duration.ofMinutes(1));

	@BeforeAll
	static void schema() throws SQLException {
		dataSource = PostgresDataSources.pool(postgres);
		JdbcLedgerSchema.runScripts(dataSource);
		JdbcLedgerSchema.runScripts(dataSource); // idempotent
	}

	@AfterAll
	static void closePool() {
		dataSource.close();
	}

	@BeforeEach
	void empty() throws SQLException {
		execute("TRUNCATE tokenmeter_llm_call");
	}

	@Test
	void theReportsSqlAddsUpExactlyWhatTheInMemoryAggregatorDoesForTheSameRecords() {
		List<LlmCallRecord> records = mixedRecords();
		SpendAggregator memory = new SpendAggregator(null, 10_000, 10_000, 10);
		try (JdbcLedger ledger = ledger(100)) {
			ledger.start();
			for (LlmCallRecord record : records) {
				memory.add(record);
				assertThat(ledger.offer(record)).isTrue();
			}
			assertThat(ledger.awaitWritten(Duration.ofSeconds(30))).isTrue();
		}

		SpendSummary sql = new JdbcSpendQueries(dataSource, 10_000, 10_000, 65_536, 10).summarize(null, null);

		SpendSummary expected = memory.summary();
		assertThat(sql.totals()).isEqualTo(expected.totals());
		assertThat(sql.outcomes()).isEqualTo(expected.outcomes());
		for (Dimension dimension : Dimension.values()) {
			assertThat(sql.breakdown(dimension)).as(dimension.value()).isEqualTo(expected.breakdown(dimension));
			assertThat(List.copyOf(sql.breakdown(dimension).keySet())).as(dimension.value() + " order")
				.isEqualTo(List.copyOf(expected.breakdown(dimension).keySet()));
		}
		// 60 calls: 40 chat calls at $0.0045 (1,000 in × $2.50/M + 200 out × $10/M), 10 embedding calls at
		// $0.00125 (500 tokens × $2.50/M), 10 without cost = 40 × 0.0045 + 10 × 0.00125 = 0.18 + 0.0125; of the
		// 10 without cost, 5 reported usage (unpriced) and 5 none (not unpriced: nothing to price)
		assertThat(sql.totals().calls()).isEqualTo(60);
		assertThat(sql.totals().cost()).isEqualByComparingTo("0.1925");
		assertThat(sql.totals().unpricedCalls()).isEqualTo(5);
		// The 10 most expensive: the 40 chat calls all cost $0.0045, so the 10 earliest of them, in the same order
		// and with the same fields as the in-memory list
		assertThat(sql.topCalls()).hasSize(10).isEqualTo(expected.topCalls());
		assertThat(sql.topCalls()).allSatisfy(call -> assertThat(call.cost()).isEqualByComparingTo("0.0045"));
		assertThat(sql.topCalls().get(0).timestamp()).isEqualTo(T0);
	}

	@Test
	void aWindowHoldsTheCallsThatStartedInItAndBreakdownsPastTheirCapCountTheRestAsEvicted() {
		try (JdbcLedger ledger = ledger(100)) {
			ledger.start();
			ledger.offer(call(T0.minusSeconds(1), "before", "0.5"));
			ledger.offer(call(T0, "alice", "0.3"));
			ledger.offer(call(T0.plusSeconds(10), "bob", "0.2"));
			ledger.offer(call(T0.plusSeconds(20), "carol", "0.1"));
			ledger.offer(call(T0.plusSeconds(3600), "after", "0.5"));
			assertThat(ledger.awaitWritten(Duration.ofSeconds(30))).isTrue();
		}

		SpendSummary hour = new JdbcSpendQueries(dataSource, 2, 10, 0).summarize(T0, T0.plusSeconds(3600));

		// [10:00, 11:00): alice 0.3 + bob 0.2 + carol 0.1; the calls at 09:59:59 and 11:00 are outside
		assertThat(hour.totals().calls()).isEqualTo(3);
		assertThat(hour.totals().cost()).isEqualByComparingTo("0.6");
		assertThat(hour.breakdown(Dimension.USER).keySet()).containsExactly("alice", "bob");
		assertThat(hour.evicted().get(Dimension.USER)).isEqualTo(1);
	}

	@Test
	void aBatchRetriedWithTheSameIdsInsertsNothingTwice() throws SQLException {
		LlmCallRecord record = call(T0, "alice", "0.0045");
		java.util.UUID id = new CallIds().next(T0.toEpochMilli());
		for (int attempt = 0; attempt < 2; attempt++) {
			try (Connection connection = dataSource.getConnection();
					var insert = connection.prepareStatement(JdbcLedgerWriter.INSERT)) {
				JdbcLedgerWriter.bind(insert, id, record);
				insert.executeUpdate();
			}
		}
		assertThat(postgres.queryForLong("SELECT count(*) FROM tokenmeter_llm_call")).isEqualTo(1);
	}

	@Test
	void chargebackIsOneCsvLinePerUserAndAgentWithTheExactCost() {
		try (JdbcLedger ledger = ledger(100)) {
			ledger.start();
			ledger.offer(call(T0, "alice", "0.0045"));
			ledger.offer(call(T0.plusSeconds(1), "alice", "0.0045"));
			ledger.offer(call(T0.plusSeconds(2), "=cmd|' /C calc'!A0", "0.001"));
			ledger.offer(call(T0.plusSeconds(3), "bob, inc.", "0.25"));
			assertThat(ledger.awaitWritten(Duration.ofSeconds(30))).isTrue();
		}
		StringWriter csv = new StringWriter();

		long lines = new JdbcChargeback(dataSource).write(T0, T0.plusSeconds(3600), csv);

		assertThat(lines).isEqualTo(3);
		// alice: 2 × $0.0045 = $0.0090; tokens 2 × 1,000 in, 2 × 200 out
		assertThat(csv.toString()).isEqualTo("""
				user,agent,calls,unpriced_calls,input_tokens,cache_read_tokens,cache_write_tokens,output_tokens,\
				reasoning_tokens,cost_usd
				'=cmd|' /C calc'!A0,support,1,0,1000,0,0,200,0,0.001
				alice,support,2,0,2000,0,0,400,0,0.0090
				"bob, inc.",support,1,0,1000,0,0,200,0,0.25
				""");
	}

	private JdbcLedger ledger(int batchSize) {
		return new JdbcLedger(dataSource, 1000, FullQueuePolicy.BLOCK, Duration.ofSeconds(5), batchSize,
				Duration.ofMillis(200), this.failures);
	}

	/** Sixty records over every bucket, outcome, operation and dimension the report breaks down. */
	private static List<LlmCallRecord> mixedRecords() {
		List<LlmCallRecord> records = new ArrayList<>();
		CallOutcome[] outcomes = CallOutcome.values();
		for (int i = 0; i < 40; i++) {
			records.add(new LlmCallRecord(T0.plusMillis(i), 1_000_000L + i, i % 2 == 0 ? 50_000 : -1, i % 2 == 0,
					"openai", "gpt-4o", i % 3 == 0 ? "gpt-4o-2024-08-06" : "gpt-4o", "agent-" + (i % 4),
					"user-" + (i % 7), i % 5 == 0 ? null : "session-" + (i % 9), outcomes[i % outcomes.length],
					null, TokenUsage.of(1000, i, i % 2, i % 3, 200, i % 5), new BigDecimal("0.0045"), null, "STOP",
					null));
		}
		for (int i = 0; i < 10; i++) {
			records.add(new LlmCallRecord(T0.plusMillis(100 + i), 2_000_000L, -1, false, "openai",
					"text-embedding-3-small", "text-embedding-3-small", "indexer", "user-" + i, null,
					CallOutcome.SUCCESS, null, TokenUsage.of(500, 0, 0, 0, 0, 0), new BigDecimal("0.00125"), null,
					null, null, Operation.EMBEDDINGS, false));
		}
		for (int i = 0; i < 10; i++) {
			TokenUsage usage = i < 5 ? TokenUsage.of(300, 0, 0, 0, 30, 0) : TokenUsage.MISSING;
			records.add(new LlmCallRecord(T0.plusMillis(200 + i), 3_000_000L, -1, false, "acme", "acme-1", "acme-1",
					"agent-0", "user-" + i, "session-x", CallOutcome.ERROR, "IOException", usage, null, null, null,
					null));
		}
		return records;
	}

	static LlmCallRecord call(Instant at, String user, String cost) {
		return new LlmCallRecord(at, 1_000_000L, -1, false, "openai", "gpt-4o", "gpt-4o", "support", user, null,
				CallOutcome.SUCCESS, null, TokenUsage.of(1000, 0, 0, 0, 200, 0), new BigDecimal(cost), null, "STOP",
				null);
	}

	private static void execute(String sql) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
