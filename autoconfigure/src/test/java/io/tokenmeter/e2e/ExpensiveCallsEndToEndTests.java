package io.tokenmeter.e2e;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tokenmeter.TokenMeter;
import io.tokenmeter.core.alert.CallCostAlertEvent;
import io.tokenmeter.testsupport.OpenAiReplies;
import io.tokenmeter.testsupport.PrometheusText;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-call cost alerts and the most expensive calls of the spend report, through the real Spring AI OpenAI client
 * against a replaying server, the report read over real HTTP (memory and the JSONL-backed day window) and the alert
 * counter scraped from Prometheus. The server answers a prompt {@code units=K} with {@code K × 1,000} prompt and
 * 100 completion tokens: on gpt-4o ($2.50 in / $10.00 out per 1M) that costs
 * {@code K × 1,000 × $2.50/M + 100 × $10/M = $0.0025 × K + $0.001}, so with the $0.05 threshold
 * K = 19 ($0.0485) does not alert and K = 20 ($0.051) does.
 */
@SpringBootTest(classes = ExpensiveCallsEndToEndTests.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=prometheus,tokenmeter",
				"tokenmeter.alerts.call-cost-above=0.05", "tokenmeter.alerts.agents.batch-bot=1.00",
				"tokenmeter.ledger.top-calls=5", "tokenmeter.ledger.jsonl.enabled=true" })
@ActiveProfiles("openai-e2e")
@AutoConfigureMetrics
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExpensiveCallsEndToEndTests {

	private static final String MODEL = "gpt-4o-2024-08-06";

	private static final Pattern UNITS = Pattern.compile("units=(\\d+)");

	private static final MockWebServer openAi = new MockWebServer();

	private static final JsonMapper json = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	static {
		openAi.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				String body = request.getBody().readUtf8();
				Matcher units = UNITS.matcher(body);
				if (!units.find()) {
					return new MockResponse().setResponseCode(400);
				}
				String model = body.contains("mystery-model") ? "mystery-model" : MODEL;
				int k = Integer.parseInt(units.group(1));
				return OpenAiReplies.completion(model, "ok", "stop", OpenAiReplies.usage(k * 1000, 0, 100, 0));
			}
		});
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		Path ledger = Files.createTempDirectory("tokenmeter-ledger");
		registry.add("spring.ai.openai.base-url", () -> openAi.url("/v1").toString());
		registry.add("tokenmeter.ledger.jsonl.directory", ledger::toString);
	}

	@AfterAll
	static void stopOpenAi() throws IOException {
		openAi.shutdown();
	}

	@LocalServerPort
	int port;

	@Autowired
	ChatClient.Builder chatClients;

	@Autowired
	Alerts alerts;

	@Test
	@Order(1)
	void thirtyConcurrentCallsRaiseOneAlertPerCallAboveTheThresholdAndListTheFiveMostExpensiveExactly(
			CapturedOutput output) throws Exception {
		ChatClient chatClient = this.chatClients.build();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		List<Future<String>> calls = new ArrayList<>();
		for (int k = 1; k <= 30; k++) {
			int units = k;
			calls.add(pool.submit(() -> chatClient.prompt("units=" + units)
				.advisors(a -> a.param(TokenMeter.AGENT, "load")
					.param(TokenMeter.USER, "user-" + units)
					.param(TokenMeter.SESSION, "session-" + units))
				.call()
				.content()));
		}
		for (Future<String> call : calls) {
			assertThat(call.get(60, TimeUnit.SECONDS)).isEqualTo("ok");
		}
		pool.shutdown();

		// K = 20 … 30 cost $0.051 … $0.076, above $0.05: eleven alerts, one per call.
		assertThat(this.alerts.received).extracting(CallCostAlertEvent::user)
			.containsExactlyInAnyOrderElementsOf(
					java.util.stream.IntStream.rangeClosed(20, 30).mapToObj(k -> "user-" + k).toList());
		CallCostAlertEvent k20 = this.alerts.received.stream()
			.filter(alert -> alert.user().equals("user-20"))
			.findFirst()
			.orElseThrow();
		assertThat(k20.model()).isEqualTo(MODEL);
		assertThat(k20.agent()).isEqualTo("load");
		assertThat(k20.session()).isEqualTo("session-20");
		assertThat(k20.usage().totalInput()).isEqualTo(20_000);
		assertThat(k20.usage().output()).isEqualTo(100);
		// 20,000 × $2.50/M + 100 × $10/M = $0.05 + $0.001
		assertThat(k20.cost()).isEqualByComparingTo("0.051");
		assertThat(k20.threshold()).isEqualByComparingTo("0.05");
		assertThat(k20.usageEstimated()).isFalse();
		PrometheusText scrape = PrometheusText.scrape(this.port);
		assertThat(scrape.sum("llm_call_cost_alerts_total", "agent", "load", "model", MODEL)).isEqualTo(11);
		assertThat(output.getOut()).contains("above the $0.05 alert threshold: model " + MODEL + ", agent load, user user-");

		// The five most expensive: K = 30 … 26, $0.0025 × K + $0.001 = $0.076, $0.0735, $0.071, $0.0685, $0.066.
		List<String> expectedCosts = List.of("0.076", "0.0735", "0.071", "0.0685", "0.066");
		for (String window : List.of("total", "day")) {
			JsonNode top = report(window).get("topCalls");
			assertThat(top).hasSize(5);
			for (int i = 0; i < 5; i++) {
				JsonNode call = top.get(i);
				int k = 30 - i;
				assertThat(call.get("cost").decimalValue()).as(window + " #" + i)
					.isEqualByComparingTo(expectedCosts.get(i));
				assertThat(call.get("user").asString()).isEqualTo("user-" + k);
				assertThat(call.get("session").asString()).isEqualTo("session-" + k);
				assertThat(call.get("agent").asString()).isEqualTo("load");
				assertThat(call.get("model").asString()).isEqualTo(MODEL);
				assertThat(call.get("tokens").get("input").asLong()).isEqualTo(k * 1000L);
				assertThat(call.get("tokens").get("output").asLong()).isEqualTo(100);
				assertThat(call.get("timestamp").asString()).isNotBlank();
			}
		}
	}

	@Test
	@Order(2)
	void anAgentsOwnThresholdWinsAndUnpricedCallsNeverAlert() {
		int before = this.alerts.received.size();
		ChatClient chatClient = this.chatClients.build();

		// K = 40: $0.0025 × 40 + $0.001 = $0.101, above the default $0.05 but not batch-bot's $1.00.
		chatClient.prompt("units=40").advisors(a -> a.param(TokenMeter.AGENT, "batch-bot")).call().content();
		// 1,000,000 prompt tokens on a model without a price: no cost, so no alert.
		chatClient.prompt("units=1000")
			.options(ChatOptions.builder().model("mystery-model"))
			.advisors(a -> a.param(TokenMeter.AGENT, "unpriced"))
			.call()
			.content();

		assertThat(this.alerts.received).hasSize(before);
	}

	private JsonNode report(String window) throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/tokenmeter?window="
					+ window)).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return json.readTree(response.body());
	}

	static class Alerts {

		final List<CallCostAlertEvent> received = new CopyOnWriteArrayList<>();

		@EventListener
		void on(CallCostAlertEvent alert) {
			this.received.add(alert);
		}

	}

	@SpringBootApplication
	static class App {

		@Bean
		Alerts alerts() {
			return new Alerts();
		}

	}

}
