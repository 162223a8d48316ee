package io.tokenmeter.jdbc.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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
 * Two instances of an application writing their calls concurrently to one real PostgreSQL through the JDBC
 * ledger: the report of either instance is the exact sum of both instances' calls, for every window, and the
 * chargeback CSV splits it per user and agent. Rates: gpt-4o $2.50 in / $10.00 out per 1M tokens; every reply
 * uses 1,000 prompt and 100 completion tokens: 1,000 × $2.50/M + 100 × $10/M = $0.0025 + $0.001 = $0.0035.
 */
class JdbcLedgerClusterTests {

	@RegisterExtension
	static final PostgresServerProcess postgres = new PostgresServerProcess();

	private static final MockWebServer openAi = new MockWebServer();

	private static final int THREADS_PER_INSTANCE = 2;

	private static final int CALLS_PER_THREAD = 50;

	private static final int USERS = 5;

	private static LedgerInstance a;

	private static LedgerInstance b;

	@BeforeAll
	static void startTwoInstances() throws IOException {
		openAi.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return OpenAiReplies.completion("gpt-4o-2024-08-06", "Forty-two.", "stop",
						OpenAiReplies.usage(1000, 0, 100, 0));
			}
		});
		openAi.start();
		a = LedgerInstance.start(postgres, openAi);
		b = LedgerInstance.start(postgres, openAi);
	}

	@AfterAll
	static void stopInstances() throws IOException {
		b.close();
		a.close();
		openAi.shutdown();
	}

	@Test
	void theReportOfEitherInstanceIsTheExactSumOfBothInstancesConcurrentCalls() throws Exception {
		LocalDate day = LocalDate.now(ZoneOffset.UTC);
		{
			ExecutorService callers = Executors.newFixedThreadPool(2 * THREADS_PER_INSTANCE);
			List<Future<?>> done = new ArrayList<>();
			for (int thread = 0; thread < THREADS_PER_INSTANCE; thread++) {
				done.add(callers.submit(() -> calls(a, "instance-a")));
				done.add(callers.submit(() -> calls(b, "instance-b")));
			}
			for (Future<?> future : done) {
				future.get();
			}
			callers.shutdown();
			boolean sameDay = day.equals(LocalDate.now(ZoneOffset.UTC));

			int calls = 2 * THREADS_PER_INSTANCE * CALLS_PER_THREAD; // 200
			// Records reach the database off the call thread: wait until both writers are through (or fail here).
			awaitRows(calls);
			BigDecimal perCall = new BigDecimal("0.0035");
			for (LedgerInstance instance : List.of(a, b)) {
				for (String window : sameDay ? List.of("total", "day", "week", "month") : List.of("total")) {
					JsonNode report = instance.report(window);
					assertThat(report.get("source").asString()).isEqualTo("jdbc");
					assertThat(report.at("/totals/calls").asLong()).as(window).isEqualTo(calls);
					// 200 calls × $0.0035 = $0.70
					assertThat(LedgerInstance.decimal(report.at("/totals/cost"))).as(window)
						.isEqualByComparingTo(perCall.multiply(BigDecimal.valueOf(calls)));
					// the 10 most expensive calls (tokenmeter.ledger.top-calls default), from SQL: every call costs $0.0035
					assertThat(report.get("topCalls")).as(window).hasSize(10)
						.allSatisfy((call) -> assertThat(LedgerInstance.decimal(call.get("cost")))
							.isEqualByComparingTo(perCall));
					// 200 × 1,000 input and 200 × 100 output tokens
					assertThat(report.at("/totals/tokens/input").asLong()).isEqualTo(200_000);
					assertThat(report.at("/totals/tokens/output").asLong()).isEqualTo(20_000);
					// each instance 100 calls × $0.0035 = $0.35
					assertThat(LedgerInstance.decimal(report.at("/agents/instance-a/cost")))
						.isEqualByComparingTo("0.35");
					assertThat(LedgerInstance.decimal(report.at("/agents/instance-b/cost")))
						.isEqualByComparingTo("0.35");
					// each of 5 users 200 / 5 = 40 calls × $0.0035 = $0.14
					for (int user = 0; user < USERS; user++) {
						assertThat(report.at("/users/user-" + user + "/calls").asLong()).isEqualTo(40);
						assertThat(LedgerInstance.decimal(report.at("/users/user-" + user + "/cost")))
							.isEqualByComparingTo("0.14");
					}
				}
				assertThat(instance.bean(JdbcLedger.class).dropped(DropReason.QUEUE_FULL)).isZero();
			}
			assertThat(postgres.queryForLong("SELECT count(*) FROM tokenmeter_llm_call")).isEqualTo(calls);
			assertThat(postgres.queryForLong("SELECT count(DISTINCT id) FROM tokenmeter_llm_call")).isEqualTo(calls);

			var csv = a.get("/actuator/tokenmeterchargeback?from=" + day + "&to=" + day.plusDays(1));
			assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("text/csv"));
			if (sameDay) {
				// 5 users × 2 agents, each 200 / 10 = 20 calls × $0.0035 = $0.07 (at the calculator's scale, 7)
				assertThat(csv.body().lines().skip(1)).hasSize(10)
					.allSatisfy((line) -> assertThat(line).endsWith(",20,0,20000,0,0,2000,0,0.0700000"));
			}
		}
	}

	@Test
	void anInvalidChargebackRangeIsABadRequestWithProblemDetails() {
		{
			var response = a.get("/actuator/tokenmeterchargeback?from=2026-12-01&to=2026-11-01");
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(response.body()).contains("must be after");
		}
	}

	private static void awaitRows(int expected) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (postgres.queryForLong("SELECT count(*) FROM tokenmeter_llm_call") < expected
				&& System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
	}

	private static Void calls(LedgerInstance instance, String agent) {
		for (int i = 0; i < CALLS_PER_THREAD; i++) {
			assertThat(instance.call(agent, "user-" + (i % USERS))).isEqualTo("Forty-two.");
		}
		return null;
	}

}
