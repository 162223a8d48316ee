package io.tokenmeter.jdbc.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

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
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Repricing after a price fix, {@code POST /actuator/tokenmeterreprice}: calls recorded at list price by one
 * deployment are repriced by the next, which runs the negotiated catalog ({@code catalogs/negotiated.yml},
 * effective 2026-11-02: gpt-4o $2.00 in / $8.00 out per 1M). Every reply uses 1,000 prompt and 100 completion
 * tokens: at list price 1,000 × $2.50/M + 100 × $10/M = $0.0035, negotiated 1,000 × $2.00/M + 100 × $8/M =
 * $0.0028.
 */
class JdbcRepricingTests {

	@RegisterExtension
	static final PostgresServerProcess postgres = new PostgresServerProcess();

	private static final MockWebServer openAi = new MockWebServer();

	private static final String RANGE = "\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2100-01-01T00:00:00Z\"";

	private static final JsonMapper json = JsonMapper.builder().build();

	/** The deployment before the price fix: list prices. */
	private static LedgerInstance listPrice;

	@BeforeAll
	static void replayOpenAi() throws IOException {
		openAi.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return OpenAiReplies.completion("gpt-4o-2024-08-06", "Priced.", "stop",
						OpenAiReplies.usage(1000, 0, 100, 0));
			}
		});
		openAi.start();
		listPrice = LedgerInstance.start(postgres, openAi);
	}

	@AfterAll
	static void stopOpenAi() throws IOException {
		listPrice.close();
		openAi.shutdown();
	}

	@Test
	void repricingRecomputesTheRangeAtTheCurrentRatesReportsBothTotalsAndKeepsTheOriginalCost() throws Exception {
		for (int i = 0; i < 10; i++) {
			listPrice.call("support", "alice");
		}
		listPrice.bean(JdbcLedger.class).awaitWritten(Duration.ofSeconds(30));
		try (LedgerInstance fixed = LedgerInstance.start(postgres, openAi,
				"tokenmeter.pricing.catalog=classpath:catalogs/negotiated.yml",
				"tokenmeter.pricing.models.[gpt-4o].input=2.00", "tokenmeter.pricing.models.[gpt-4o].output=8.00",
				"tokenmeter.pricing.models.[gpt-4o].cache-read=1.00")) {
			JsonNode dryRun = json.readTree(fixed.post("/actuator/tokenmeterreprice", "{" + RANGE + ",\"dryRun\":true}")
				.body());
			assertThat(dryRun.get("dryRun").asBoolean()).isTrue();
			assertThat(dryRun.get("changed").asLong()).isEqualTo(10);
			assertThat(sum("cost")).as("a dry run changes nothing").isEqualByComparingTo("0.035");

			var response = fixed.post("/actuator/tokenmeterreprice", "{" + RANGE + "}");
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode repricing = json.readTree(response.body());
			assertThat(repricing.get("calls").asLong()).isEqualTo(10);
			assertThat(repricing.get("changed").asLong()).isEqualTo(10);
			// 10 × $0.0035 before, 10 × $0.0028 after
			assertThat(LedgerInstance.decimal(repricing.get("oldCost"))).isEqualByComparingTo("0.035");
			assertThat(LedgerInstance.decimal(repricing.get("newCost"))).isEqualByComparingTo("0.028");
			assertThat(repricing.get("catalogDate").asString()).isEqualTo("2026-11-02");

			assertThat(sum("cost")).isEqualByComparingTo("0.028");
			assertThat(sum("original_cost")).isEqualByComparingTo("0.035");
			assertThat(postgres.queryForLong("SELECT count(*) FROM tokenmeter_llm_call WHERE repriced_at IS NOT NULL "
					+ "AND repriced_catalog_date = DATE '2026-11-02' AND repriced_catalog = '"
					+ repricing.get("catalog").asString() + "'")).isEqualTo(10);
			JsonNode report = fixed.report("total");
			assertThat(LedgerInstance.decimal(report.at("/totals/cost"))).as("the report reads the new costs")
				.isEqualByComparingTo("0.028");
		}
		// the fix is rolled back: the list-price deployment reprices again
		JsonNode back = json.readTree(listPrice.post("/actuator/tokenmeterreprice", "{" + RANGE + "}").body());
		assertThat(LedgerInstance.decimal(back.get("newCost"))).isEqualByComparingTo("0.035");
		assertThat(sum("original_cost")).as("the cost first recorded is kept through every repricing")
			.isEqualByComparingTo("0.035");
	}

	@Test
	void aRepricingWithoutARangeIsABadRequest() {
		var response = listPrice.post("/actuator/tokenmeterreprice", "{\"from\":\"last week\",\"to\":\"2026-12-01\"}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("is not a valid from");
	}

	private static BigDecimal sum(String column) throws SQLException {
		try (Connection connection = postgres.connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT sum(" + column + ") FROM tokenmeter_llm_call")) {
			rows.next();
			return rows.getBigDecimal(1);
		}
	}

}
