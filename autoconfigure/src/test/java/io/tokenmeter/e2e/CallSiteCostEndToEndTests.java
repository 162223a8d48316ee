package io.tokenmeter.e2e;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.observation.ObservationRegistry;
import io.tokenmeter.TokenMeter;
import io.tokenmeter.core.call.CallCost;
import io.tokenmeter.core.call.CallCostTracker;
import io.tokenmeter.core.usage.TokenUsage;
import io.tokenmeter.testsupport.OpenAiReplies;
import io.tokenmeter.testsupport.WeatherTools;
import io.tokenmeter.testsupport.WeatherTools.Forecast;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.StructuredOutputValidationAdvisor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The cost of a whole {@code ChatClient} call where it was made: the real Spring AI OpenAI client and the
 * auto-configured builder against a server replaying OpenAI's JSON and SSE. Rates from
 * {@code application-openai-e2e.yml}: gpt-4o $2.50 in / $1.25 cached / $10.00 out per 1M tokens.
 */
@SpringBootTest(classes = CallSiteCostEndToEndTests.App.class)
@ActiveProfiles("openai-e2e")
class CallSiteCostEndToEndTests {

	private static final MockWebServer openAi = new MockWebServer();

	private static final String MODEL = "gpt-4o-2024-08-06";

	@DynamicPropertySource
	static void openAiBaseUrl(DynamicPropertyRegistry registry) {
		registry.add("spring.ai.openai.base-url", () -> openAi.url("/v1").toString());
	}

	@AfterAll
	static void stopOpenAi() throws IOException {
		openAi.shutdown();
	}

	@Autowired
	ChatClient.Builder chatClients;

	/** Actuator's: the call-site cost rides on the ChatClient's own observation here, not on a second advisor. */
	@Autowired
	ObservationRegistry observations;

	@AfterEach
	void drain() throws InterruptedException {
		while (openAi.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
			// requests of the test are not asserted here
		}
	}

	@Test
	void aCallsResponseCarriesItsCost() {
		openAi.enqueue(OpenAiReplies.completion(MODEL, "Your order ships Monday.", "stop",
				OpenAiReplies.usage(1200, 1000, 300, 0)));

		ChatClientResponse response = this.chatClients.build()
			.prompt("Where is my order?")
			.call()
			.chatClientResponse();

		CallCost cost = CallCost.from(response.context()).orElseThrow();
		assertThat(cost.calls()).isEqualTo(1);
		assertThat(cost.usage()).isEqualTo(TokenUsage.of(200, 1000, 0, 0, 300, 0));
		// 200 uncached × $2.50/M + 1,000 cached × $1.25/M + 300 out × $10/M = $0.0005 + $0.00125 + $0.003
		assertThat(cost.cost()).isEqualByComparingTo("0.00475");
		assertThat(cost.fullyPriced()).isTrue();
		assertThat(response.context().get(TokenMeter.CALL_COST)).isSameAs(cost);
	}

	@Test
	void aToolCallingConversationOfTwoRoundsReportsTheSumOfBoth() {
		openAi.enqueue(OpenAiReplies.toolCall(MODEL, "call_Qx3c5ZkJ9dWm", "currentWeather", "{\"city\":\"Paris\"}",
				OpenAiReplies.usage(80, 0, 15, 0)));
		openAi.enqueue(OpenAiReplies.completion(MODEL, "It is 18°C and sunny in Paris.", "stop",
				OpenAiReplies.usage(120, 0, 25, 0)));

		ChatClientResponse response = this.chatClients.build()
			.prompt("What's the weather in Paris?")
			.tools(new WeatherTools())
			.call()
			.chatClientResponse();

		assertThat(this.observations.isNoop()).isFalse();
		assertThat(response.chatResponse().getResult().getOutput().getText())
			.isEqualTo("It is 18°C and sunny in Paris.");
		CallCost cost = CallCost.from(response.context()).orElseThrow();
		assertThat(cost.calls()).isEqualTo(2);
		assertThat(cost.usage()).isEqualTo(TokenUsage.of(80 + 120, 0, 0, 0, 15 + 25, 0));
		// (80 + 120) in × $2.50/M + (15 + 25) out × $10/M = $0.0005 + $0.0004
		assertThat(cost.cost()).isEqualByComparingTo("0.0009");
	}

	@Test
	void aValidationRetryThatGivesUpAfterThreeAttemptsReportsAllThreeThroughTheTracker() {
		// Three answers that are not valid JSON for the schema: two retries, then the advisor gives up and the
		// caller's conversion to Forecast throws.
		openAi.enqueue(OpenAiReplies.completion(MODEL, "{\\\"city\\\": \\\"Paris\\\"", "stop",
				OpenAiReplies.usage(300, 0, 12, 0)));
		openAi.enqueue(OpenAiReplies.completion(MODEL, "{\\\"city\\\": \\\"Paris\\\", \\\"celsius\\\":", "stop",
				OpenAiReplies.usage(340, 0, 14, 0)));
		openAi.enqueue(OpenAiReplies.completion(MODEL, "Paris: 18", "stop", OpenAiReplies.usage(380, 0, 6, 0)));
		CallCostTracker tracker = new CallCostTracker();

		Throwable thrown = catchThrowable(() -> this.chatClients.build()
			.prompt("Weather in Paris as JSON")
			.advisors(StructuredOutputValidationAdvisor.builder().outputType(Forecast.class).maxRepeatAttempts(2).build())
			.advisors(a -> a.param(TokenMeter.CALL_COST_TRACKER, tracker))
			.call()
			.entity(Forecast.class));

		assertThat(thrown).isNotNull();
		// The conversion's own exception, not one of tokenmeter's:
		assertThat(thrown.getStackTrace()).noneMatch(frame -> frame.getClassName().startsWith("io.tokenmeter.core")
				|| frame.getClassName().startsWith("io.tokenmeter.advisor"));
		CallCost cost = tracker.total();
		assertThat(cost.calls()).isEqualTo(3);
		assertThat(cost.usage()).isEqualTo(TokenUsage.of(300 + 340 + 380, 0, 0, 0, 12 + 14 + 6, 0));
		// (300 + 340 + 380) in × $2.50/M + (12 + 14 + 6) out × $10/M = 1,020 × $2.50/M + 32 × $10/M
		// = $0.00255 + $0.00032 = $0.00287
		assertThat(cost.cost()).isEqualByComparingTo("0.00287");
	}

	@Test
	void aModelErrorAfterAToolRoundLeavesWhatWasSpentInTheTrackerAndTheModelsExceptionUnchanged() {
		openAi.enqueue(OpenAiReplies.toolCall(MODEL, "call_Hk2LmQ8v", "currentWeather", "{\"city\":\"Oslo\"}",
				OpenAiReplies.usage(90, 0, 16, 0)));
		// The OpenAI SDK retries once (max-retries 1): two 500s are one failed round trip.
		openAi.enqueue(OpenAiReplies.serverError());
		openAi.enqueue(OpenAiReplies.serverError());
		CallCostTracker tracker = new CallCostTracker();

		Throwable thrown = catchThrowable(() -> this.chatClients.build()
			.prompt("What's the weather in Oslo?")
			.tools(new WeatherTools())
			.advisors(a -> a.param(TokenMeter.CALL_COST_TRACKER, tracker))
			.call()
			.content());

		assertThat(thrown.getClass().getName()).startsWith("com.openai.errors.");
		assertThat(thrown.getSuppressed()).isEmpty();
		CallCost cost = tracker.total();
		assertThat(cost.calls()).isEqualTo(2);
		assertThat(cost.usage()).isEqualTo(TokenUsage.of(90, 0, 0, 0, 16, 0));
		// The failed round trip reported nothing: 90 in × $2.50/M + 16 out × $10/M = $0.000225 + $0.00016
		assertThat(cost.cost()).isEqualByComparingTo("0.000385");
	}

	@Test
	void aStreamsCostIsInTheTrackerWhenItCompletes() {
		openAi.enqueue(OpenAiReplies.stream(MODEL, List.of("Hello", " there", "!"), "stop",
				OpenAiReplies.usage(400, 0, 40, 0)));
		CallCostTracker tracker = new CallCostTracker();
		AtomicReference<CallCost> atCompletion = new AtomicReference<>();

		String text = String.join("", this.chatClients.build()
			.prompt("Say hello")
			.advisors(a -> a.param(TokenMeter.CALL_COST_TRACKER, tracker))
			.stream()
			.content()
			.doOnComplete(() -> atCompletion.set(tracker.total()))
			.collectList()
			.block());

		assertThat(text).isEqualTo("Hello there!");
		assertThat(atCompletion.get().calls()).isEqualTo(1);
		// 400 in × $2.50/M + 40 out × $10/M = $0.001 + $0.0004
		assertThat(atCompletion.get().cost()).isEqualByComparingTo("0.0014");
	}

	@Test
	void aTrackerPassedToTwoCallsAddsBothUpAndTheResponseCarriesTheRunningTotal() {
		openAi.enqueue(OpenAiReplies.completion(MODEL, "A", "stop", OpenAiReplies.usage(1000, 0, 100, 0)));
		openAi.enqueue(OpenAiReplies.completion(MODEL, "B", "stop", OpenAiReplies.usage(2000, 0, 200, 0)));
		CallCostTracker tracker = new CallCostTracker();
		ChatClient chatClient = this.chatClients.build();

		chatClient.prompt("a").advisors(a -> a.param(TokenMeter.CALL_COST_TRACKER, tracker)).call().content();
		ChatClientResponse second = chatClient.prompt("b")
			.advisors(a -> a.param(TokenMeter.CALL_COST_TRACKER, tracker))
			.call()
			.chatClientResponse();

		// (1,000 + 2,000) in × $2.50/M + (100 + 200) out × $10/M = $0.0075 + $0.003
		assertThat(tracker.total().cost()).isEqualByComparingTo("0.0105");
		assertThat(CallCost.from(second.context()).orElseThrow()).isEqualTo(tracker.total());
	}

	@SpringBootApplication
	static class App {

	}

}
