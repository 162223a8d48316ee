package io.tokenmeter.e2e;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.tokenmeter.TokenMeter;
import io.tokenmeter.testsupport.PrometheusText;
import io.tokenmeter.testsupport.Replays;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.tokenmeter.testsupport.PrometheusText.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The real Spring AI Ollama client ({@code spring-ai-starter-model-ollama}) and the auto-configured
 * {@code ChatClient}, against a server replaying Ollama's {@code POST /api/chat} JSON and NDJSON stream (fixtures in
 * {@code e2e/ollama/}), scraped over real HTTP from {@code /actuator/prometheus}.
 *
 * <p>Ollama reports {@code prompt_eval_count} and {@code eval_count} only (no cache, no reasoning split) and has no
 * list price: a local model costs what its hardware costs. The rates here are an internal chargeback rate, set for
 * Ollama only ({@code ollama:llama3.2}; the colon escaped as {@code \\:} in properties form): $0.05 in / $0.20
 * out per 1M tokens. Every test uses its own agent.
 */
@SpringBootTest(classes = OllamaMeteringEndToEndTests.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.ai.model.chat=ollama", "spring.ai.model.embedding=none",
				"spring.ai.model.embedding.text=none", "spring.ai.model.image=none",
				"spring.ai.model.audio.speech=none", "spring.ai.model.audio.transcription=none",
				"spring.ai.model.moderation=none",
				"spring.ai.ollama.chat.model=llama3.2", "tokenmeter.pricing.catalog=none",
				"tokenmeter.pricing.models[ollama\\:llama3.2].input=0.05",
				"tokenmeter.pricing.models[ollama\\:llama3.2].output=0.20",
				"management.endpoints.web.exposure.include=prometheus", "management.health.redis.enabled=false" })
@AutoConfigureMetrics
class OllamaMeteringEndToEndTests {

	private static final MockWebServer ollama = new MockWebServer();

	private static final double EXACT = 1e-12;

	@DynamicPropertySource
	static void ollamaBaseUrl(DynamicPropertyRegistry registry) {
		registry.add("spring.ai.ollama.base-url", () -> "http://localhost:" + ollama.getPort());
	}

	@AfterAll
	static void stopOllama() throws IOException {
		ollama.shutdown();
	}

	@LocalServerPort
	int port;

	@Autowired
	ChatClient.Builder chatClients;

	@AfterEach
	void forgetRecordedRequests() throws InterruptedException {
		while (ollama.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
			// each test reads only its own requests
		}
	}

	@Test
	void callIsCountedByPromptAndEvalCountAndPricedAtTheOllamaRate() throws InterruptedException {
		ollama.enqueue(Replays.json("e2e/ollama/chat.json"));

		String reply = call("ollama-calls", "alice", "Where is my order?");

		assertThat(reply).isEqualTo("Your order ships Monday.");
		RecordedRequest request = ollama.takeRequest(5, TimeUnit.SECONDS);
		assertThat(request.getPath()).isEqualTo("/api/chat");
		PrometheusText scrape = scrape();
		String[] series = { "agent", "ollama-calls", "user", "alice", "model", "llama3.2", "provider", "ollama" };
		assertThat(scrape.sum("llm_call_duration_seconds_count", with(series, "outcome", "success"))).isEqualTo(1);
		// prompt_eval_count 31, eval_count 7; nothing cached, nothing reported as reasoning.
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "input"))).isEqualTo(31);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "output"))).isEqualTo(7);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "cache_read"))).isZero();
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "reasoning"))).isZero();
		// 31 × $0.05/M + 7 × $0.20/M = $0.00000155 + $0.0000014 = $0.00000295
		assertThat(scrape.sum("llm_cost_usd_total", series)).isCloseTo(0.00000295, within(EXACT));
		assertThat(scrape.sum("llm_calls_unpriced_total", "model", "llama3.2")).isZero();
	}

	@Test
	void ndjsonStreamIsMeteredOnceFromItsDoneLine() throws InterruptedException {
		ollama.enqueue(Replays.ndjson("e2e/ollama/chat-stream.ndjson"));

		List<String> chunks = chatClients.build()
			.prompt("Where is my order?")
			.advisors(a -> a.param(TokenMeter.AGENT, "ollama-streams").param(TokenMeter.USER, "bob"))
			.stream()
			.content()
			.collectList()
			.block();

		assertThat(String.join("", chunks)).isEqualTo("Your order ships Monday.");
		RecordedRequest request = ollama.takeRequest(5, TimeUnit.SECONDS);
		assertThat(request.getBody().readUtf8()).contains("\"stream\":true");
		PrometheusText scrape = scrape();
		String[] series = { "agent", "ollama-streams", "user", "bob", "model", "llama3.2", "provider", "ollama" };
		// Five NDJSON lines, one call: only the done line carries prompt_eval_count / eval_count.
		assertThat(scrape.sum("llm_call_duration_seconds_count", series)).isEqualTo(1);
		assertThat(scrape.sum("llm_call_duration_seconds_count", with(series, "outcome", "success"))).isEqualTo(1);
		assertThat(scrape.sum("llm_stream_ttft_seconds_count", series)).isEqualTo(1);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "input"))).isEqualTo(31);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "output"))).isEqualTo(7);
		// 31 × $0.05/M + 7 × $0.20/M = $0.00000295, once
		assertThat(scrape.sum("llm_cost_usd_total", series)).isCloseTo(0.00000295, within(EXACT));
		assertThat(scrape.sum("llm_usage_missing_total", "model", "llama3.2")).isZero();
	}

	@Test
	void doneReasonLengthIsMeteredAsTruncatedAndStillPriced() {
		ollama.enqueue(Replays.json("e2e/ollama/chat-length.json"));

		call("ollama-truncated", "erin", "Tell me the history of Rome");

		PrometheusText scrape = scrape();
		String[] series = { "agent", "ollama-truncated", "user", "erin", "provider", "ollama" };
		assertThat(scrape.sum("llm_call_duration_seconds_count", with(series, "outcome", "truncated"))).isEqualTo(1);
		assertThat(scrape.sum("llm_call_duration_seconds_count", with(series, "outcome", "success"))).isZero();
		// done_reason "length" after eval_count 16: 34 × $0.05/M + 16 × $0.20/M = $0.0000017 + $0.0000032 = $0.0000049
		assertThat(scrape.sum("llm_cost_usd_total", series)).isCloseTo(0.0000049, within(EXACT));
	}

	private String call(String agent, String user, String message) {
		return chatClients.build()
			.prompt(message)
			.advisors(a -> a.param(TokenMeter.AGENT, agent).param(TokenMeter.USER, user))
			.call()
			.content();
	}

	private PrometheusText scrape() {
		return PrometheusText.scrape(this.port);
	}

	@SpringBootApplication
	static class App {

	}

}
