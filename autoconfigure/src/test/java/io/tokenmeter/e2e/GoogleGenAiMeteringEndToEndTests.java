package io.tokenmeter.e2e;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.genai.Client;
import com.google.genai.types.HttpOptions;
import io.tokenmeter.TokenMeter;
import io.tokenmeter.testsupport.PrometheusText;
import io.tokenmeter.testsupport.Replays;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.google.genai.GoogleGenAiChatOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static io.tokenmeter.testsupport.PrometheusText.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The real Spring AI Google GenAI client ({@code spring-ai-starter-model-google-genai}, Gemini Developer API) and
 * the auto-configured {@code ChatClient}, against a server replaying Gemini's {@code generateContent} JSON and
 * {@code streamGenerateContent?alt=sse} events (fixtures in {@code e2e/gemini/}), scraped over real HTTP from
 * {@code /actuator/prometheus}. The client has no base-url property: the test declares the
 * {@code com.google.genai.Client} (with {@code HttpOptions.baseUrl}) and Spring AI's own steps aside.
 *
 * <p>Rates are list prices from https://ai.google.dev/gemini-api/docs/pricing, USD per 1M tokens, configured
 * below (no bundled catalog): gemini-2.5-pro $1.25 in / $0.125 cached / $10.00 out (thinking included) for prompts
 * up to 200k tokens, and for longer prompts the whole request at $2.50 / $0.25 / $15.00; gemini-2.5-flash $0.30 /
 * $0.03 / $2.50. Gemini's {@code promptTokenCount} includes {@code cachedContentTokenCount}, and
 * {@code candidatesTokenCount} excludes {@code thoughtsTokenCount}, which is billed as output. Every test uses its
 * own agent.
 */
@SpringBootTest(classes = GoogleGenAiMeteringEndToEndTests.App.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.ai.model.chat=google-genai", "spring.ai.model.embedding=none",
				"spring.ai.model.embedding.text=none", "spring.ai.model.image=none",
				"spring.ai.model.audio.speech=none", "spring.ai.model.audio.transcription=none",
				"spring.ai.model.moderation=none", "spring.ai.google.genai.chat.model=gemini-2.5-pro",
				"tokenmeter.pricing.catalog=none",
				"tokenmeter.pricing.models[gemini-2.5-pro].input=1.25",
				"tokenmeter.pricing.models[gemini-2.5-pro].cache-read=0.125",
				"tokenmeter.pricing.models[gemini-2.5-pro].output=10.00",
				"tokenmeter.pricing.models[gemini-2.5-pro].tiers[0].above-input-tokens=200000",
				"tokenmeter.pricing.models[gemini-2.5-pro].tiers[0].input=2.50",
				"tokenmeter.pricing.models[gemini-2.5-pro].tiers[0].cache-read=0.25",
				"tokenmeter.pricing.models[gemini-2.5-pro].tiers[0].output=15.00",
				"tokenmeter.pricing.models[gemini-2.5-flash].input=0.30",
				"tokenmeter.pricing.models[gemini-2.5-flash].cache-read=0.03",
				"tokenmeter.pricing.models[gemini-2.5-flash].output=2.50",
				"management.endpoints.web.exposure.include=prometheus", "management.health.redis.enabled=false" })
@AutoConfigureMetrics
class GoogleGenAiMeteringEndToEndTests {

	private static final MockWebServer gemini = new MockWebServer();

	private static final double EXACT = 1e-12;

	@AfterAll
	static void stopGemini() throws IOException {
		gemini.shutdown();
	}

	@LocalServerPort
	int port;

	@Autowired
	ChatClient.Builder chatClients;

	@AfterEach
	void forgetRecordedRequests() throws InterruptedException {
		while (gemini.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
			// each test reads only its own requests
		}
	}

	@Test
	void thoughtsOutsideTheCandidatesCountAreCountedAsOutputAndPricedAsOutput() throws InterruptedException {
		gemini.enqueue(Replays.json("e2e/gemini/thinking.json"));

		String reply = call("gemini-thinking", "alice", "What is six times seven?");

		assertThat(reply).isEqualTo("Six times seven is 42.");
		RecordedRequest request = gemini.takeRequest(5, TimeUnit.SECONDS);
		assertThat(request.getPath()).endsWith("/models/gemini-2.5-pro:generateContent");
		PrometheusText scrape = scrape();
		String[] series = { "agent", "gemini-thinking", "user", "alice", "model", "gemini-2.5-pro", "provider",
				"google" };
		assertThat(scrape.sum("llm_call_duration_seconds_count", with(series, "outcome", "success"))).isEqualTo(1);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "input"))).isEqualTo(12);
		// candidatesTokenCount 9 + thoughtsTokenCount 857: both billed as output, the thoughts reported as reasoning.
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "output"))).isEqualTo(9 + 857);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "reasoning"))).isEqualTo(857);
		// 12 × $1.25/M + 866 × $10.00/M = $0.000015 + $0.00866 = $0.008675
		// (not 9 output tokens' $0.00009, which would leave the thinking unbilled)
		assertThat(scrape.sum("llm_cost_usd_total", series)).isCloseTo(0.008675, within(EXACT));
	}

	@Test
	void cachedContentIsTakenOutOfThePromptAndPricedAtTheCachedRate() {
		gemini.enqueue(Replays.json("e2e/gemini/cached-content.json"));

		call("gemini-cached", "bob", "Which clause lets us terminate the contract?");

		PrometheusText scrape = scrape();
		String[] series = { "agent", "gemini-cached", "model", "gemini-2.5-pro", "provider", "google" };
		// promptTokenCount 25,340 includes the 24,576 cachedContentTokenCount: 764 uncached, never 25,340 + 24,576.
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "input"))).isEqualTo(25340 - 24576);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "cache_read"))).isEqualTo(24576);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "output"))).isEqualTo(180 + 392);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "reasoning"))).isEqualTo(392);
		// 764 × $1.25/M + 24,576 × $0.125/M + 572 × $10.00/M = $0.000955 + $0.003072 + $0.00572 = $0.009747
		assertThat(scrape.sum("llm_cost_usd_total", series)).isCloseTo(0.009747, within(EXACT));
	}

	@Test
	void promptAboveTwoHundredThousandTokensIsPricedWhollyAtTheLongContextTier() {
		gemini.enqueue(Replays.json("e2e/gemini/long-context.json"));

		call("gemini-long", "carol", "Compare the revenue recognition of these three filings.");

		PrometheusText scrape = scrape();
		String[] series = { "agent", "gemini-long", "model", "gemini-2.5-pro", "provider", "google" };
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "input"))).isEqualTo(250000);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "output"))).isEqualTo(400 + 600);
		// 250,000 > 200,000 prompt tokens: the whole request at the tier's rates, not the first 200k at $1.25:
		// 250,000 × $2.50/M + 1,000 × $15.00/M = $0.625 + $0.015 = $0.64
		assertThat(scrape.sum("llm_cost_usd_total", series)).isCloseTo(0.64, within(EXACT));
	}

	@Test
	void sseStreamIsMeteredOnceFromItsLastUsageWithThoughts() throws InterruptedException {
		gemini.enqueue(Replays.eventStream("e2e/gemini/stream.sse"));

		List<String> chunks = chatClients.build()
			.prompt("Where is my order?")
			.options(GoogleGenAiChatOptions.builder().model("gemini-2.5-flash"))
			.advisors(a -> a.param(TokenMeter.AGENT, "gemini-streams").param(TokenMeter.USER, "dave"))
			.stream()
			.content()
			.collectList()
			.block();

		assertThat(String.join("", chunks)).isEqualTo("Your order ships Monday.");
		RecordedRequest request = gemini.takeRequest(5, TimeUnit.SECONDS);
		assertThat(request.getPath()).contains("/models/gemini-2.5-flash:streamGenerateContent").contains("alt=sse");
		PrometheusText scrape = scrape();
		String[] series = { "agent", "gemini-streams", "user", "dave", "model", "gemini-2.5-flash", "provider",
				"google" };
		// Two chunks, each with usageMetadata (the first without candidatesTokenCount): one call, the last report.
		assertThat(scrape.sum("llm_call_duration_seconds_count", series)).isEqualTo(1);
		assertThat(scrape.sum("llm_call_duration_seconds_count", with(series, "outcome", "success"))).isEqualTo(1);
		assertThat(scrape.sum("llm_stream_ttft_seconds_count", series)).isEqualTo(1);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "input"))).isEqualTo(9);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "output"))).isEqualTo(5 + 38);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "reasoning"))).isEqualTo(38);
		// 9 × $0.30/M + 43 × $2.50/M = $0.0000027 + $0.0001075 = $0.0001102, once
		assertThat(scrape.sum("llm_cost_usd_total", series)).isCloseTo(0.0001102, within(EXACT));
		assertThat(scrape.sum("llm_usage_missing_total", "model", "gemini-2.5-flash")).isZero();
	}

	@Test
	void finishReasonMaxTokensIsMeteredAsTruncatedAndStillPriced() {
		gemini.enqueue(Replays.json("e2e/gemini/max-tokens.json"));

		chatClients.build()
			.prompt("Tell me the history of Rome")
			.options(GoogleGenAiChatOptions.builder().model("gemini-2.5-flash").maxOutputTokens(64))
			.advisors(a -> a.param(TokenMeter.AGENT, "gemini-truncated").param(TokenMeter.USER, "erin"))
			.call()
			.content();

		PrometheusText scrape = scrape();
		String[] series = { "agent", "gemini-truncated", "model", "gemini-2.5-flash", "provider", "google" };
		assertThat(scrape.sum("llm_call_duration_seconds_count", with(series, "outcome", "truncated"))).isEqualTo(1);
		assertThat(scrape.sum("llm_call_duration_seconds_count", with(series, "outcome", "success"))).isZero();
		// 8 × $0.30/M + (14 + 42 thoughts) × $2.50/M = $0.0000024 + $0.00014 = $0.0001424
		assertThat(scrape.sum("llm_cost_usd_total", series)).isCloseTo(0.0001424, within(EXACT));
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

		/** The Gemini Developer API client, pointed at the replaying server (Spring AI's own backs off). */
		@Bean
		Client googleGenAiClient() {
			return Client.builder()
				.apiKey("test-key")
				.httpOptions(HttpOptions.builder().baseUrl(gemini.url("/").toString()).build())
				.build();
		}

	}

}
