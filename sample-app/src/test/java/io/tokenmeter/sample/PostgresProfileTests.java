package io.tokenmeter.sample;

import java.math.BigDecimal;
import java.net.http.HttpResponse;

import io.tokenmeter.jdbc.PostgresServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code postgres} profile as the README sets it up ({@code --spring.profiles.active=postgres} and Spring
 * Boot's {@code spring.datasource.url/username/password}), against a real PostgreSQL on a free localhost port:
 * calls land in the database and the report is read from it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
class PostgresProfileTests {

	@RegisterExtension
	static final PostgresServerProcess postgres = new PostgresServerProcess();

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", postgres::jdbcUrl);
		registry.add("spring.datasource.username", postgres::username);
		registry.add("spring.datasource.password", () -> "");
	}

	@LocalServerPort
	int port;

	@Test
	void callsAreRecordedInPostgresAndTheReportIsReadFromThere() {
		SampleHttp http = new SampleHttp(this.port);
		BigDecimal first = cost(
				http.post("/chat", SampleHttp.chatBody("Hello!", "support-bot", "pg-user", "gpt-4o-mini")));
		BigDecimal second = cost(http.post("/chat", SampleHttp.chatBody("Again!", "support-bot", "pg-user", "gpt-4o")));

		JsonNode report = SampleHttp.json(http.get("/actuator/tokenmeter?window=total"));

		assertThat(report.get("source").asString()).isEqualTo("jdbc");
		assertThat(report.at("/users/pg-user/calls").asLong()).isEqualTo(2);
		assertThat(report.at("/users/pg-user/cost").decimalValue()).isEqualByComparingTo(first.add(second));
		assertThat(postgres.queryForLong("SELECT count(*) FROM tokenmeter_llm_call WHERE user_id = 'pg-user'"))
			.isEqualTo(2);
		HttpResponse<String> csv = http.get("/actuator/tokenmeterchargeback");
		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(csv.body()).startsWith("user,agent,calls,").contains("pg-user,support-bot,2,");
	}

	@Test
	void healthIncludesTheDatabase() {
		JsonNode health = SampleHttp.json(new SampleHttp(this.port).get("/actuator/health"));

		assertThat(health.get("status").asString()).isEqualTo("UP");
	}

	private static BigDecimal cost(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(200);
		return SampleHttp.json(response).get("cost").decimalValue();
	}

}
