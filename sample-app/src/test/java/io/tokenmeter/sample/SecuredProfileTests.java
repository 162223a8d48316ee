package io.tokenmeter.sample;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code secured} profile over real HTTP: the spend report and the scrape need HTTP basic with Spring Boot's
 * {@code spring.security.user.*}; health and the chat API stay open.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.security.user.name=ops", "spring.security.user.password=s3cret",
				"sample.demo.first-token-delay=0ms", "sample.demo.chunk-delay=0ms",
				"tokenmeter.ledger.jsonl.enabled=false" })
@ActiveProfiles("secured")
@AutoConfigureMetrics
class SecuredProfileTests {

	@LocalServerPort
	int port;

	SampleHttp http;

	@BeforeEach
	void client() {
		this.http = new SampleHttp(this.port);
	}

	@Test
	void spendReportWithoutCredentialsIs401() {
		HttpResponse<String> response = this.http.get("/actuator/tokenmeter");

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).startsWith("Basic"));
	}

	@Test
	void prometheusScrapeWithoutCredentialsIs401() {
		assertThat(this.http.get("/actuator/prometheus").statusCode()).isEqualTo(401);
	}

	@Test
	void wrongPasswordIs401() {
		assertThat(this.http.send(get("/actuator/tokenmeter", "ops", "guess")).statusCode()).isEqualTo(401);
	}

	@Test
	void spendReportWithCredentialsIs200() {
		HttpResponse<String> response = this.http.send(get("/actuator/tokenmeter", "ops", "s3cret"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(SampleHttp.json(response).has("totals")).isTrue();
	}

	@Test
	void prometheusScrapeWithCredentialsIs200() {
		HttpResponse<String> response = this.http.send(get("/actuator/prometheus", "ops", "s3cret"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("# TYPE");
	}

	@Test
	void healthStaysOpen() {
		HttpResponse<String> response = this.http.get("/actuator/health");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(SampleHttp.json(response).get("status").asString()).isEqualTo("UP");
	}

	@Test
	void healthDetailsAreForTheActuatorUserOnly() {
		HttpResponse<String> anonymous = this.http.get("/actuator/health/tokenmeter");
		HttpResponse<String> ops = this.http.send(get("/actuator/health/tokenmeter", "ops", "s3cret"));

		assertThat(anonymous.statusCode()).isEqualTo(200);
		assertThat(SampleHttp.json(anonymous).has("details")).isFalse();
		assertThat(ops.statusCode()).isEqualTo(200);
		assertThat(SampleHttp.json(ops).get("details").has("budgets")).isTrue();
	}

	@Test
	void chatStaysOpenWithoutCredentialsOrCsrfToken() {
		HttpResponse<String> response = this.http.post("/chat",
				SampleHttp.chatBody("Hello!", "support-bot", "secured-user", "gpt-4o-mini"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(SampleHttp.json(response).get("cost").decimalValue()).isPositive();
	}

	private HttpRequest get(String path, String user, String password) {
		String credentials = Base64.getEncoder()
			.encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", "Basic " + credentials)
			.GET()
			.build();
	}

}
