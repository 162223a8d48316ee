package io.tokenmeter.e2e;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.tokenmeter.TokenMeter;
import io.tokenmeter.testsupport.OpenAiReplies;
import io.tokenmeter.testsupport.WeatherTools;
import io.tokenmeter.testsupport.WeatherTools.Forecast;
import io.tokenmeter.testsupport.PrometheusText;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.StructuredOutputValidationAdvisor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.tokenmeter.testsupport.PrometheusText.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

/**
 * The real Spring AI OpenAI client and the auto-configured {@code ChatClient}, against a server replaying OpenAI's
 * JSON and SSE, scraped over real HTTP from {@code /actuator/prometheus}. Rates come from
 * {@code application-openai-e2e.yml}: gpt-4o $2.50 in / $1.25 cached / $10.00 out, o4-mini $1.10 / $0.275 /
 * $4.40 per 1M tokens; grok-4 ($3.00 / $0.75 / $15.00) is added in {@link #openAiBaseUrl}. Every test uses its own
 * agent, so its series are its own.
 */
@SpringBootTest(classes = OpenAiMeteringEndToEndTests.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("openai-e2e")
@AutoConfigureMetrics
@ExtendWith(OutputCaptureExtension.class)
class OpenAiMeteringEndToEndTests {

	private static final MockWebServer openAi = new MockWebServer();

	private static final double EXACT = 1e-12;

	@DynamicPropertySource
	static void openAiBaseUrl(DynamicPropertyRegistry registry) {
		registry.add("spring.ai.openai.base-url", () -> openAi.url("/v1").toString());
		// grok-4 reached through the same OpenAI client (an xAI base URL): $3.00 in / $0.75 cached / $15.00 out.
		registry.add("tokenmeter.pricing.models[grok-4].input", () -> "3.00");
		registry.add("tokenmeter.pricing.models[grok-4].cache-read", () -> "0.75");
		registry.add("tokenmeter.pricing.models[grok-4].output", () -> "15.00");
		registry.add("tokenmeter.pricing.models[grok-4].patterns[0]", () -> "grok-4-0*");
	}

	@AfterAll
	static void stopOpenAi() throws IOException {
		openAi.shutdown();
	}

	@LocalServerPort
	int port;

	@Autowired
	ChatClient.Builder chatClients;

	@AfterEach
	void everyReplyWasRequested() throws InterruptedException {
		RecordedRequest leftOver = openAi.takeRequest(0, TimeUnit.MILLISECONDS);
		while (leftOver != null) {
			leftOver = openAi.takeRequest(0, TimeUnit.MILLISECONDS);
		}
	}

	@Test
	void callIsTimedCountedByTokenTypeAndPricedWithCachedInputOnce() {
		openAi.enqueue(OpenAiReplies.completion("gpt-4o-2024-08-06", "Your order ships Monday.", "stop",
				OpenAiReplies.usage(1200, 1000, 300, 0)));

		String reply = call("calls", "alice", "Where is my order?");

		assertThat(reply).isEqualTo("Your order ships Monday.");
		PrometheusText scrape = scrape();
		String[] series = { "agent", "calls", "user", "alice", "model", "gpt-4o-2024-08-06", "provider", "openai" };
		assertThat(scrape.sum("llm_call_duration_seconds_count", with(series, "outcome", "success"))).isEqualTo(1);
		// prompt_tokens 1,200 include the 1,000 cached: 200 uncached, never 1,200 + 1,000.
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "input"))).isEqualTo(200);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "cache_read"))).isEqualTo(1000);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "output"))).isEqualTo(300);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "reasoning"))).isZero();
		// The dated snapshot resolves through "gpt-4o-20*" to gpt-4o:
		// 200 × $2.50/M + 1,000 × $1.25/M + 300 × $10.00/M = $0.0005 + $0.00125 + $0.003 = $0.00475
		assertThat(scrape.sum("llm_cost_usd_total", series)).isCloseTo(0.00475, within(EXACT));
		// No stream was made with these tags: no (empty) TTFT series either.
		assertThat(scrape.series("llm_stream_ttft_seconds_count", series)).isZero();
	}

	@Test
	void reasoningTokensAreCountedInsideOutputAndPricedOnce() {
		openAi.enqueue(OpenAiReplies.completion("o4-mini-2025-04-16", "42", "stop",
				OpenAiReplies.usage(500, 0, 1500, 1024)));

		chatClients.build()
			.prompt("What is six times seven?")
			.options(org.springframework.ai.openai.OpenAiChatOptions.builder().model("o4-mini"))
			.advisors(a -> a.param(TokenMeter.AGENT, "reasoning").param(TokenMeter.USER, "alice"))
			.call()
			.content();

		PrometheusText scrape = scrape();
		String[] series = { "agent", "reasoning", "model", "o4-mini-2025-04-16" };
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "output"))).isEqualTo(1500);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "reasoning"))).isEqualTo(1024);
		// completion_tokens 1,500 include the 1,024 reasoning tokens: 500 × $1.10/M + 1,500 × $4.40/M
		// = $0.00055 + $0.0066 = $0.00715 (not 1,500 + 1,024 output tokens).
		assertThat(scrape.sum("llm_cost_usd_total", series)).isCloseTo(0.00715, within(EXACT));
	}

	@Test
	void xAiReasoningReportedBesideCompletionTokensIsCountedAsOutputAndPriced() {
		// xAI's shape: total_tokens 1,133 = 712 prompt + 9 completion + 412 reasoning (not inside the 9).
		openAi.enqueue(OpenAiReplies.completion("grok-4-0709", "303", "stop", """
				{"prompt_tokens":712,"completion_tokens":9,"total_tokens":1133,\
				"prompt_tokens_details":{"text_tokens":712,"audio_tokens":0,"image_tokens":0,"cached_tokens":640},\
				"completion_tokens_details":{"reasoning_tokens":412,"audio_tokens":0,\
				"accepted_prediction_tokens":0,"rejected_prediction_tokens":0},"num_sources_used":0}"""));

		String reply = chatClients.build()
			.prompt("What is 101 times 3?")
			.options(org.springframework.ai.openai.OpenAiChatOptions.builder().model("grok-4"))
			.advisors(a -> a.param(TokenMeter.AGENT, "grok").param(TokenMeter.USER, "alice"))
			.call()
			.content();

		assertThat(reply).isEqualTo("303");
		PrometheusText scrape = scrape();
		String[] series = { "agent", "grok", "model", "grok-4-0709", "provider", "openai" };
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "input"))).isEqualTo(712 - 640);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "cache_read"))).isEqualTo(640);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "output"))).isEqualTo(9 + 412);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "reasoning"))).isEqualTo(412);
		// 72 × $3.00/M + 640 × $0.75/M + 421 × $15.00/M = $0.000216 + $0.00048 + $0.006315 = $0.007011
		// (not 9 output tokens' $0.000135, which would leave the 412 reasoning tokens unbilled).
		assertThat(scrape.sum("llm_cost_usd_total", series)).isCloseTo(0.007011, within(EXACT));
	}

	@Test
	void streamIsPricedOnceFromItsFinalUsageChunkAndTimedToFirstToken() throws InterruptedException {
		openAi.enqueue(OpenAiReplies.stream("gpt-4o-2024-08-06", List.of("Your ", "order ", "ships ", "Monday."),
				"stop", OpenAiReplies.usage(50, 0, 20, 0)));

		List<String> chunks = chatClients.build()
			.prompt("Where is my order?")
			.advisors(a -> a.param(TokenMeter.AGENT, "streams").param(TokenMeter.USER, "bob"))
			.stream()
			.content()
			.collectList()
			.block();

		assertThat(String.join("", chunks)).isEqualTo("Your order ships Monday.");
		RecordedRequest request = openAi.takeRequest(5, TimeUnit.SECONDS);
		assertThat(request.getBody().readUtf8()).contains("\"stream_options\":{\"include_usage\":true}");
		PrometheusText scrape = scrape();
		String[] series = { "agent", "streams", "user", "bob", "model", "gpt-4o-2024-08-06" };
		assertThat(scrape.sum("llm_call_duration_seconds_count", with(series, "outcome", "success"))).isEqualTo(1);
		assertThat(scrape.sum("llm_stream_ttft_seconds_count", series)).isEqualTo(1);
		assertThat(scrape.sum("llm_stream_ttft_seconds_sum", series))
			.isLessThanOrEqualTo(scrape.sum("llm_call_duration_seconds_sum", series));
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "input"))).isEqualTo(50);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "output"))).isEqualTo(20);
		// 50 × $2.50/M + 20 × $10.00/M = $0.000125 + $0.0002 = $0.000325, once (not zero from the 0/0 chunks)
		assertThat(scrape.sum("llm_cost_usd_total", series)).isCloseTo(0.000325, within(EXACT));
		assertThat(scrape.sum("llm_usage_missing_total", "model", "gpt-4o-2024-08-06")).isZero();
	}

	@Test
	void toolCallingConversationIsTwoMeteredRoundTrips() {
		openAi.enqueue(OpenAiReplies.toolCall("gpt-4o-2024-08-06", "call_Qx3c5ZkJ9dWm", "currentWeather",
				"{\"city\":\"Paris\"}", OpenAiReplies.usage(80, 0, 15, 0)));
		openAi.enqueue(OpenAiReplies.completion("gpt-4o-2024-08-06", "It is 18°C and sunny in Paris.", "stop",
				OpenAiReplies.usage(120, 0, 25, 0)));

		String reply = chatClients.build()
			.prompt("What's the weather in Paris?")
			.tools(new WeatherTools())
			.advisors(a -> a.param(TokenMeter.AGENT, "tools").param(TokenMeter.USER, "carol"))
			.call()
			.content();

		assertThat(reply).isEqualTo("It is 18°C and sunny in Paris.");
		assertThat(openAi.getRequestCount()).isGreaterThanOrEqualTo(2);
		PrometheusText scrape = scrape();
		String[] series = { "agent", "tools", "user", "carol" };
		assertThat(scrape.sum("llm_call_duration_seconds_count", series)).isEqualTo(2);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "input"))).isEqualTo(80 + 120);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "output"))).isEqualTo(15 + 25);
		// Each round trip once, not the tool advisor's cumulative total on top:
		// (80 + 120) × $2.50/M + (15 + 25) × $10.00/M = $0.0005 + $0.0004 = $0.0009
		assertThat(scrape.sum("llm_cost_usd_total", series)).isCloseTo(0.0009, within(EXACT));
	}

	@Test
	void everyAttemptOfAStructuredOutputValidationRetryIsMeteredIncludingTheRejectedOne() {
		// First answer is not valid JSON for the schema: the validation advisor asks again.
		openAi.enqueue(OpenAiReplies.completion("gpt-4o-2024-08-06", "{\\\"city\\\": \\\"Paris\\\"", "stop",
				OpenAiReplies.usage(300, 0, 12, 0)));
		openAi.enqueue(OpenAiReplies.completion("gpt-4o-2024-08-06",
				"{\\\"city\\\":\\\"Paris\\\",\\\"celsius\\\":18}", "stop", OpenAiReplies.usage(340, 0, 14, 0)));

		Forecast forecast = chatClients.build()
			.prompt("Weather in Paris as JSON")
			.advisors(StructuredOutputValidationAdvisor.builder().outputType(Forecast.class).maxRepeatAttempts(2).build())
			.advisors(a -> a.param(TokenMeter.AGENT, "retries").param(TokenMeter.USER, "frank"))
			.call()
			.entity(Forecast.class);

		assertThat(forecast).isEqualTo(new Forecast("Paris", 18));
		PrometheusText scrape = scrape();
		String[] series = { "agent", "retries", "user", "frank" };
		assertThat(scrape.sum("llm_call_duration_seconds_count", series)).isEqualTo(2);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "input"))).isEqualTo(300 + 340);
		// Both attempts, the rejected one too, each once:
		// (300 + 340) × $2.50/M + (12 + 14) × $10.00/M = $0.0016 + $0.00026 = $0.00186
		assertThat(scrape.sum("llm_cost_usd_total", series)).isCloseTo(0.00186, within(EXACT));
	}

	@Test
	void serverErrorIsMeteredAsAnErrorAndTheCallerGetsTheModelsOwnException() {
		// The OpenAI SDK retries once (max-retries 1): two 500s are one failed call for the caller and for us.
		openAi.enqueue(OpenAiReplies.serverError());
		openAi.enqueue(OpenAiReplies.serverError());

		Throwable thrown = catchThrowable(() -> call("errors", "dave", "Hello"));

		assertThat(thrown).isNotNull();
		assertThat(thrown.getClass().getName()).startsWith("com.openai.errors.");
		assertThat(thrown.getStackTrace()).noneMatch(frame -> frame.getClassName().startsWith("io.tokenmeter.core"));
		PrometheusText scrape = scrape();
		String[] series = { "agent", "errors", "user", "dave" };
		assertThat(scrape.sum("llm_call_duration_seconds_count",
				with(series, "outcome", "error", "error", thrown.getClass().getSimpleName())))
			.isEqualTo(1);
		assertThat(scrape.sum("llm_cost_usd_total", series)).isZero();
		assertThat(scrape.sum("llm_usage_missing_total", "model", "gpt-4o")).isZero();
	}

	@Test
	void finishReasonLengthIsMeteredAsTruncatedAndStillPriced() {
		openAi.enqueue(OpenAiReplies.completion("gpt-4o-2024-08-06", "The history of the Roman", "length",
				OpenAiReplies.usage(40, 0, 16, 0)));

		call("truncated", "erin", "Tell me the history of Rome");

		PrometheusText scrape = scrape();
		String[] series = { "agent", "truncated", "user", "erin" };
		assertThat(scrape.sum("llm_call_duration_seconds_count", with(series, "outcome", "truncated"))).isEqualTo(1);
		assertThat(scrape.sum("llm_call_duration_seconds_count", with(series, "outcome", "success"))).isZero();
		// 40 × $2.50/M + 16 × $10.00/M = $0.0001 + $0.00016 = $0.00026
		assertThat(scrape.sum("llm_cost_usd_total", series)).isCloseTo(0.00026, within(EXACT));
	}

	@Test
	void streamEndingWithoutUsageIsEstimatedWithTheTokenizerAndMarkedEstimated() {
		// An OpenAI-compatible server that ignores stream_options: no usage anywhere in the stream.
		openAi.enqueue(OpenAiReplies.stream("gpt-4o-2024-11-20", List.of("Hi", "!"), "stop", null));

		chatClients.build()
			.prompt("Say hi")
			.advisors(a -> a.param(TokenMeter.AGENT, "nousage"))
			.stream()
			.content()
			.blockLast();

		PrometheusText scrape = scrape();
		String[] series = { "agent", "nousage", "model", "gpt-4o-2024-11-20" };
		// o200k_base: "Say hi" is 2 tokens + 3 for the message + 3 priming the reply = 8 in; "Hi!" is 2 out.
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "input"))).isEqualTo(8);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "output"))).isEqualTo(2);
		// 8 × $2.50/M + 2 × $10.00/M = $0.00002 + $0.00002 = $0.00004, charged though the server reported nothing
		assertThat(scrape.sum("llm_cost_usd_total", series)).isCloseTo(0.00004, within(EXACT));
		assertThat(scrape.sum("llm_usage_estimated_total", "model", "gpt-4o-2024-11-20")).isEqualTo(1);
		assertThat(scrape.sum("llm_usage_missing_total", "model", "gpt-4o-2024-11-20")).isZero();
	}

	@Test
	void aStreamTheCallerCancelsIsEstimatedFromWhatItStreamed() {
		openAi.enqueue(OpenAiReplies.stream("gpt-4o-2024-08-06", List.of("Your ", "order ", "ships ", "Monday."),
				"stop", OpenAiReplies.usage(50, 0, 20, 0)));

		List<String> firstTwo = chatClients.build()
			.prompt("Where is my order?")
			.advisors(a -> a.param(TokenMeter.AGENT, "cancels"))
			.stream()
			.content()
			.filter(text -> !text.isEmpty())
			.take(2)
			.collectList()
			.block();

		assertThat(firstTwo).containsExactly("Your ", "order ");
		PrometheusText scrape = scrape();
		String[] series = { "agent", "cancels", "model", "gpt-4o-2024-08-06", "outcome", "cancelled" };
		assertThat(scrape.sum("llm_call_duration_seconds_count", series)).isEqualTo(1);
		// o200k_base: "Where is my order?" is 5 tokens + 3 + 3 = 11 in; "Your order " is 3 out (the usage chunk
		// never came). 11 × $2.50/M + 3 × $10.00/M = $0.0000275 + $0.00003 = $0.0000575
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "input"))).isEqualTo(11);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "output"))).isEqualTo(3);
		assertThat(scrape.sum("llm_cost_usd_total", "agent", "cancels")).isCloseTo(0.0000575, within(EXACT));
	}

	@Test
	void unattributedCallsCarryTheConfiguredDefaultsAndTheSessionIsNoTag() {
		openAi.enqueue(OpenAiReplies.completion("gpt-4o-2024-08-06", "Hello!", "stop",
				OpenAiReplies.usage(10, 0, 3, 0)));

		chatClients.build()
			.prompt("Hello")
			.advisors(a -> a.param(TokenMeter.SESSION, "session-7f3a"))
			.call()
			.content();

		PrometheusText scrape = scrape();
		assertThat(scrape.sum("llm_call_duration_seconds_count", "agent", "unknown", "user", "unknown"))
			.isGreaterThanOrEqualTo(1);
		assertThat(scrape.text()).doesNotContain("session-7f3a").doesNotContain("session=");
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
