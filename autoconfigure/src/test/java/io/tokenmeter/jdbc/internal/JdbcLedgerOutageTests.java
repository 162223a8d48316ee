package io.tokenmeter.jdbc.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;

import io.tokenmeter.core.ledger.internal.DropReason;
import io.tokenmeter.jdbc.PostgresServerProcess;
import io.tokenmeter.testsupport.OpenAiReplies;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database stopped in the middle of a run: the calls keep being answered, the ledger holds the batch it was
 * writing plus a full queue, counts every record it could not hold, and once PostgreSQL is back writes what it
 * held and carries on. Queue of 20 records, drop policy. Every reply costs 1,000 × $2.50/M + 100 × $10/M =
 * $0.0035 (gpt-4o).
 */
class JdbcLedgerOutageTests {

	@RegisterExtension
	static final PostgresServerProcess postgres = new PostgresServerProcess();

	private static final MockWebServer openAi = new MockWebServer();

	@BeforeAll
	static void replayOpenAi() throws IOException {
		openAi.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return OpenAiReplies.completion("gpt-4o-2024-08-06", "Still here.", "stop",
						OpenAiReplies.usage(1000, 0, 100, 0));
			}
		});
		openAi.start();
	}

	@AfterAll
	static void stopOpenAi() throws IOException {
		openAi.shutdown();
	}

	@Test
	void theDatabaseStoppedMidRunLosesNothingTheQueueCouldHoldCountsTheRestAndResumesAfterARestart()
			throws Exception {
		try (LedgerInstance app = LedgerInstance.start(postgres, openAi, "tokenmeter.ledger.jdbc.queue-capacity=20",
				"tokenmeter.ledger.jdbc.full-queue-policy=drop", "tokenmeter.ledger.jdbc.batch-size=10",
				"tokenmeter.ledger.jdbc.max-retry-pause=200ms")) {
			JdbcLedger ledger = app.bean(JdbcLedger.class);
			for (int i = 0; i < 5; i++) {
				app.call("support", "alice");
			}
			assertThat(ledger.awaitWritten(Duration.ofSeconds(30))).isTrue();
			assertThat(postgres.queryForLong("SELECT count(*) FROM tokenmeter_llm_call")).isEqualTo(5);

			postgres.stop();
			assertThat(app.call("support", "alice")).isEqualTo("Still here.");
			awaitHeld(ledger, 1); // the writer took that record and retries it
			for (int i = 0; i < 30; i++) {
				assertThat(app.call("support", "bob")).as("calls are answered while the database is away")
					.isEqualTo("Still here.");
			}
			assertThat(ledger.queued()).isEqualTo(20);
			assertThat(ledger.dropped(DropReason.QUEUE_FULL)).as("30 calls, 20 fit in the queue").isEqualTo(10);
			var unreadable = app.get("/actuator/tokenmeter?window=day");
			assertThat(unreadable.statusCode()).as("the report cannot be read from the database").isEqualTo(503);
			assertThat(unreadable.headers().firstValue("Content-Type")).hasValue("application/problem+json");

			postgres.start();
			assertThat(ledger.awaitWritten(Duration.ofSeconds(30))).isTrue();
			// 5 before + 1 held + 20 queued; the 10 dropped are counted, not written
			assertThat(postgres.queryForLong("SELECT count(*) FROM tokenmeter_llm_call")).isEqualTo(26);
			assertThat(ledger.held()).isZero();

			for (int i = 0; i < 3; i++) {
				app.call("support", "carol");
			}
			JsonNode report = app.report("total");
			assertThat(report.get("source").asString()).isEqualTo("jdbc");
			assertThat(report.at("/totals/calls").asLong()).isEqualTo(29);
			// 29 rows × $0.0035 = $0.1015
			assertThat(LedgerInstance.decimal(report.at("/totals/cost")))
				.isEqualByComparingTo(new BigDecimal("0.0035").multiply(BigDecimal.valueOf(29)));
			assertThat(report.at("/users/bob/calls").asLong()).isEqualTo(20);
			assertThat(ledger.dropped(DropReason.QUEUE_FULL) + ledger.dropped(DropReason.ERROR)).isEqualTo(10);
			assertThat(ledger.written()).isEqualTo(29);
		}
	}

	private static void awaitHeld(JdbcLedger ledger, int records) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (ledger.held() != records) {
			assertThat(System.nanoTime()).as("the writer holds the record it could not insert").isLessThan(deadline);
			Thread.sleep(20);
		}
	}

}
