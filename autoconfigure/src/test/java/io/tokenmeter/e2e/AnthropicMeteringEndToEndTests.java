package io.tokenmeter.e2e;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.tokenmeter.TokenMeter;
import io.tokenmeter.core.usage.internal.AnthropicUsageNormalizer;
import io.tokenmeter.core.usage.internal.UsageNormalizers;
import io.tokenmeter.testsupport.PrometheusText;
import io.tokenmeter.testsupport.Replays;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.ai.anthropic.AnthropicCacheOptions;
import org.springframework.ai.anthropic.AnthropicCacheStrategy;
import org.springframework.ai.anthropic.AnthropicCacheTtl;
import org.springframework.ai.anthropic.AnthropicChatOptions;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.tokenmeter.testsupport.PrometheusText.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The real Spring AI Anthropic client ({@code spring-ai-starter-model-anthropic}, the official Anthropic Java SDK)
 * and the auto-configured {@code ChatClient}, against a server replaying the Messages API's JSON and SSE events
 * (fixtures in {@code e2e/anthropic/}), scraped over real HTTP from {@code /actuator/prometheus}.
 *
 * <p>Rates are Claude Sonnet 4.5's list prices from https://www.anthropic.com/pricing, USD per 1M tokens, configured
 * below (no bundled catalog): $3.00 input, $0.30 cache read, $3.75 5-minute cache write, $6.00 1-hour cache write,
 * $15.00 output (thinking included). The answering id {@code claude-sonnet-4-5-20250929} is priced by the undated
 * entry through the snapshot-date convention. Anthropic's {@code input_tokens} <em>excludes</em> cache reads and
 * writes, and {@code output_tokens} includes thinking. Every test uses its own agent.
 */
@SpringBootTest(classes = AnthropicMeteringEndToEndTests.App.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.ai.model.chat=anthropic", "spring.ai.model.embedding=none",
				"spring.ai.model.embedding.text=none", "spring.ai.model.image=none",
				"spring.ai.model.audio.speech=none", "spring.ai.model.audio.transcription=none",
				"spring.ai.model.moderation=none", "spring.ai.anthropic.api-key=test-key",
				"spring.ai.anthropic.max-retries=0", "spring.ai.anthropic.chat.model=claude-sonnet-4-5",
				"spring.ai.anthropic.chat.max-tokens=2048", "tokenmeter.pricing.catalog=none",
				"tokenmeter.pricing.models[claude-sonnet-4-5].input=3.00",
				"tokenmeter.pricing.models[claude-sonnet-4-5].cache-read=0.30",
				"tokenmeter.pricing.models[claude-sonnet-4-5].cache-write=3.75",
				"tokenmeter.pricing.models[claude-sonnet-4-5].cache-write-1h=6.00",
				"tokenmeter.pricing.models[claude-sonnet-4-5].output=15.00",
				"management.endpoints.web.exposure.include=prometheus", "management.health.redis.enabled=false" })
@AutoConfigureMetrics
@ExtendWith(OutputCaptureExtension.class)
class AnthropicMeteringEndToEndTests {

	private static final MockWebServer anthropic = new MockWebServer();

	private static final double EXACT = 1e-12;

	private static final String MODEL = "claude-sonnet-4-5-20250929";

	@DynamicPropertySource
	static void anthropicBaseUrl(DynamicPropertyRegistry registry) {
		registry.add("spring.ai.anthropic.base-url", () -> "http://localhost:" + anthropic.getPort());
	}

	@AfterAll
	static void stopAnthropic() throws IOException {
		anthropic.shutdown();
	}

	@LocalServerPort
	int port;

	@Autowired
	ChatClient.Builder chatClients;

	@Autowired
	UsageNormalizers normalizers;

	long unknownSplitsBefore;

	@BeforeEach
	void countUnknownSplits() {
		this.unknownSplitsBefore = anthropicNormalizer().unknownCacheWriteSplits();
	}

	@AfterEach
	void forgetRecordedRequests() throws InterruptedException {
		while (anthropic.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
			// each test reads only its own requests
		}
	}

	@Test
	void callWithCacheReadAndFiveMinuteAndOneHourWritesIsPricedPerBucket() throws InterruptedException {
		anthropic.enqueue(Replays.json("e2e/anthropic/cache-read-and-writes.json"));

		String reply = call("claude-cache", "alice", "Why is my invoice higher this month?");

		assertThat(reply).isEqualTo("Your invoice is higher because the annual support renewal was billed this month.");
		assertThat(anthropic.takeRequest(5, TimeUnit.SECONDS).getPath()).isEqualTo("/v1/messages");
		PrometheusText scrape = scrape();
		String[] series = { "agent", "claude-cache", "user", "alice", "model", MODEL, "provider", "anthropic" };
		assertThat(scrape.sum("llm_call_duration_seconds_count", with(series, "outcome", "success"))).isEqualTo(1);
		// input_tokens 120 excludes the 4,000 read and the 1,500 written: the three are disjoint, nothing subtracted.
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "input"))).isEqualTo(120);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "cache_read"))).isEqualTo(4000);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "cache_write"))).isEqualTo(500 + 1000);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "output"))).isEqualTo(300);
		// cache_creation splits the 1,500 writes into 500 × 5-minute and 1,000 × 1-hour:
		// 120 × $3.00/M + 4,000 × $0.30/M + 500 × $3.75/M + 1,000 × $6.00/M + 300 × $15.00/M
		// = $0.00036 + $0.0012 + $0.001875 + $0.006 + $0.0045 = $0.013935
		assertThat(scrape.sum("llm_cost_usd_total", series)).isCloseTo(0.013935, within(EXACT));
	}

	@Test
	void extendedThinkingIsInsideOutputTokensAndPricedOnceAsOutput() throws InterruptedException {
		anthropic.enqueue(Replays.json("e2e/anthropic/thinking.json"));

		ChatResponse response = chatClients.build()
			.prompt("What is 27 times 453?")
			.options(AnthropicChatOptions.builder().thinkingEnabled(1024).maxTokens(4096))
			.advisors(a -> a.param(TokenMeter.AGENT, "claude-thinking").param(TokenMeter.USER, "bob"))
			.call()
			.chatResponse();

		// Spring AI answers with the thinking block as the first generation and the text as the second.
		assertThat(response.getResults()).extracting(generation -> generation.getOutput().getText())
			.endsWith("27 × 453 = 12,231.");
		assertThat(anthropic.takeRequest(5, TimeUnit.SECONDS).getBody().readUtf8())
			.contains("\"thinking\":{\"budget_tokens\":1024,\"type\":\"enabled\"}");
		PrometheusText scrape = scrape();
		String[] series = { "agent", "claude-thinking", "model", MODEL, "provider", "anthropic" };
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "input"))).isEqualTo(48);
		// output_tokens 1,290 include the 1,024 thinking tokens (output_tokens_details), never 1,290 + 1,024.
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "output"))).isEqualTo(1290);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "reasoning"))).isEqualTo(1024);
		// 48 × $3.00/M + 1,290 × $15.00/M = $0.000144 + $0.01935 = $0.019494
		assertThat(scrape.sum("llm_cost_usd_total", series)).isCloseTo(0.019494, within(EXACT));
	}

	@Test
	void toolUseConversationIsTwoMeteredRoundTrips() {
		anthropic.enqueue(Replays.json("e2e/anthropic/tool-use.json"));
		anthropic.enqueue(Replays.json("e2e/anthropic/tool-result-answer.json"));

		String reply = chatClients.build()
			.prompt("What's the weather in Paris?")
			.tools(new WeatherTools())
			.advisors(a -> a.param(TokenMeter.AGENT, "claude-tools").param(TokenMeter.USER, "carol"))
			.call()
			.content();

		assertThat(reply).isEqualTo("It is 18°C and sunny in Paris.");
		assertThat(anthropic.getRequestCount()).isGreaterThanOrEqualTo(2);
		PrometheusText scrape = scrape();
		String[] series = { "agent", "claude-tools", "user", "carol", "provider", "anthropic" };
		assertThat(scrape.sum("llm_call_duration_seconds_count", series)).isEqualTo(2);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "input"))).isEqualTo(412 + 498);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "output"))).isEqualTo(58 + 21);
		// Each round trip once, not the tool advisor's cumulative total on top:
		// (412 + 498) × $3.00/M + (58 + 21) × $15.00/M = $0.00273 + $0.001185 = $0.003915
		assertThat(scrape.sum("llm_cost_usd_total", series)).isCloseTo(0.003915, within(EXACT));
	}

	@Test
	void stopReasonMaxTokensIsMeteredAsTruncatedAndStillPriced() {
		anthropic.enqueue(Replays.json("e2e/anthropic/max-tokens.json"));

		chatClients.build()
			.prompt("Tell me the history of Rome")
			.options(AnthropicChatOptions.builder().maxTokens(16))
			.advisors(a -> a.param(TokenMeter.AGENT, "claude-truncated").param(TokenMeter.USER, "erin"))
			.call()
			.content();

		PrometheusText scrape = scrape();
		String[] series = { "agent", "claude-truncated", "model", MODEL, "provider", "anthropic" };
		assertThat(scrape.sum("llm_call_duration_seconds_count", with(series, "outcome", "truncated"))).isEqualTo(1);
		assertThat(scrape.sum("llm_call_duration_seconds_count", with(series, "outcome", "success"))).isZero();
		// 14 × $3.00/M + 16 × $15.00/M = $0.000042 + $0.00024 = $0.000282
		assertThat(scrape.sum("llm_cost_usd_total", series)).isCloseTo(0.000282, within(EXACT));
	}

	@Test
	void streamWithCacheReadAndFiveMinuteWritesIsMeteredOnceFromMessageDelta() throws InterruptedException {
		anthropic.enqueue(Replays.eventStream("e2e/anthropic/stream-cache-5m.sse"));

		List<String> chunks = stream("claude-streams", "dave", AnthropicCacheTtl.FIVE_MINUTES);

		assertThat(String.join("", chunks)).isEqualTo("Refunds reach your card in 5 business days.");
		assertThat(anthropic.takeRequest(5, TimeUnit.SECONDS).getBody().readUtf8())
			.contains("\"stream\":true")
			.contains("\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"5m\"}");
		PrometheusText scrape = scrape();
		String[] series = { "agent", "claude-streams", "user", "dave", "model", MODEL, "provider", "anthropic" };
		// message_start, three text deltas, message_delta: one call, its usage from the message_delta chunk.
		assertThat(scrape.sum("llm_call_duration_seconds_count", series)).isEqualTo(1);
		assertThat(scrape.sum("llm_call_duration_seconds_count", with(series, "outcome", "success"))).isEqualTo(1);
		assertThat(scrape.sum("llm_stream_ttft_seconds_count", series)).isEqualTo(1);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "input"))).isEqualTo(36);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "cache_read"))).isEqualTo(1800);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "cache_write"))).isEqualTo(2048);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "output"))).isEqualTo(42);
		// 36 × $3.00/M + 1,800 × $0.30/M + 2,048 × $3.75/M + 42 × $15.00/M
		// = $0.000108 + $0.00054 + $0.00768 + $0.00063 = $0.008958, once
		assertThat(scrape.sum("llm_cost_usd_total", series)).isCloseTo(0.008958, within(EXACT));
		assertThat(scrape.sum("llm_usage_missing_total", "model", MODEL)).isZero();
	}

	@Test
	void streamWithOneHourCacheWritesIsPricedAtTheOneHourRateFromTheRequestsCacheOptions()
			throws InterruptedException {
		// Anthropic sends the 1-hour split only in message_start; Spring AI's last chunk carries message_delta's
		// MessageDeltaUsage (3,000 written, no split). The request cached its system prompt for 1 hour, and that
		// was the request's only breakpoint: all 3,000 writes are 1-hour writes.
		anthropic.enqueue(Replays.eventStream("e2e/anthropic/stream-cache-1h.sse"));

		List<String> chunks = stream("claude-streams-1h", "frank", AnthropicCacheTtl.ONE_HOUR);

		assertThat(String.join("", chunks)).isEqualTo("Per the policy, refunds take 5 business days.");
		assertThat(anthropic.takeRequest(5, TimeUnit.SECONDS).getBody().readUtf8())
			.contains("\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\"}");
		PrometheusText scrape = scrape();
		String[] series = { "agent", "claude-streams-1h", "user", "frank", "model", MODEL, "provider", "anthropic" };
		assertThat(scrape.sum("llm_call_duration_seconds_count", series)).isEqualTo(1);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "input"))).isEqualTo(42);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "cache_write"))).isEqualTo(3000);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "output"))).isEqualTo(85);
		// 42 × $3.00/M + 3,000 × $6.00/M + 85 × $15.00/M = $0.000126 + $0.018 + $0.001275 = $0.019401
		// (not the 5-minute rate's 3,000 × $3.75/M = $0.01125, which made the stream $0.012651)
		assertThat(scrape.sum("llm_cost_usd_total", series)).isCloseTo(0.019401, within(EXACT));
		assertThat(anthropicNormalizer().unknownCacheWriteSplits()).isEqualTo(unknownSplitsBefore);
	}

	@Test
	void streamWhoseCacheBreakpointsHaveTwoTtlsIsCountedAndWarnedAndPricedAtTheFiveMinuteRate(CapturedOutput output)
			throws InterruptedException {
		// Conversation-history caching with a 1-hour system prompt and 5-minute user turns: the 3,000 writes
		// are 1,000 × 5 minutes + 2,000 × 1 hour (message_start), which neither message_delta nor the request
		// tells. Priced at Anthropic's default 5-minute rate, but counted and warned about, never silently.
		anthropic.enqueue(Replays.eventStream("e2e/anthropic/stream-cache-mixed.sse"));

		stream("claude-streams-mixed", "grace", AnthropicCacheOptions.builder()
			.strategy(AnthropicCacheStrategy.CONVERSATION_HISTORY)
			.messageTypeTtl(MessageType.SYSTEM, AnthropicCacheTtl.ONE_HOUR)
			.build());

		String body = anthropic.takeRequest(5, TimeUnit.SECONDS).getBody().readUtf8();
		assertThat(body).contains("\"ttl\":\"1h\"").contains("\"ttl\":\"5m\"");
		PrometheusText scrape = scrape();
		String[] series = { "agent", "claude-streams-mixed", "model", MODEL, "provider", "anthropic" };
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "cache_write"))).isEqualTo(3000);
		// 42 × $3.00/M + 3,000 × $3.75/M + 85 × $15.00/M = $0.000126 + $0.01125 + $0.001275 = $0.012651
		// (the bill: 1,000 × $3.75/M + 2,000 × $6.00/M for the writes, $0.017151 in all)
		assertThat(scrape.sum("llm_cost_usd_total", series)).isCloseTo(0.012651, within(EXACT));
		assertThat(anthropicNormalizer().unknownCacheWriteSplits()).isEqualTo(unknownSplitsBefore + 1);
		assertThat(output).contains("Anthropic stream reported 3000 cache-write tokens without their 5-minute / "
				+ "1-hour split");
	}

	/** A stream whose system prompt is cached with the given TTL (Spring AI's {@code AnthropicCacheOptions}). */
	private List<String> stream(String agent, String user, AnthropicCacheTtl ttl) {
		return stream(agent, user, AnthropicCacheOptions.builder()
			.strategy(AnthropicCacheStrategy.SYSTEM_ONLY)
			.messageTypeTtl(MessageType.SYSTEM, ttl)
			.build());
	}

	private List<String> stream(String agent, String user, AnthropicCacheOptions cache) {
		return chatClients.build()
			.prompt()
			.system("You are the support assistant of Acme Corp. Answer from the policy handbook below. ...")
			.user("When do I get my refund?")
			.options(AnthropicChatOptions.builder().cacheOptions(cache))
			.advisors(a -> a.param(TokenMeter.AGENT, agent).param(TokenMeter.USER, user))
			.stream()
			.content()
			.collectList()
			.block();
	}

	private String call(String agent, String user, String message) {
		return chatClients.build()
			.prompt(message)
			.advisors(a -> a.param(TokenMeter.AGENT, agent).param(TokenMeter.USER, user))
			.call()
			.content();
	}

	private AnthropicUsageNormalizer anthropicNormalizer() {
		return (AnthropicUsageNormalizer) this.normalizers.forProvider("anthropic");
	}

	private PrometheusText scrape() {
		return PrometheusText.scrape(this.port);
	}

	static class WeatherTools {

		@Tool(description = "Current weather in a city")
		String currentWeather(String city) {
			return "18°C, sunny";
		}

	}

	@SpringBootApplication
	static class App {

	}

}
