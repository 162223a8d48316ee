package io.tokenmeter.e2e;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.tokenmeter.TokenMeter;
import io.tokenmeter.advisor.TokenMeterAdvisor;
import io.tokenmeter.testsupport.OpenAiReplies;
import io.tokenmeter.testsupport.PrometheusText;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every call metered once when several entry points could see it: the advisor on the auto-configured builder
 * with the model-level path on, the advisor added a second time to a clone of that builder, and a hand-built
 * client with the advisor added by hand. Rates: gpt-4o $2.50 in / $10.00 out per 1M tokens.
 */
@SpringBootTest(classes = ExactlyOnceEndToEndTests.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("openai-e2e")
@AutoConfigureMetrics
class ExactlyOnceEndToEndTests {

	private static final MockWebServer openAi = new MockWebServer();

	private static final double EXACT = 1e-12;

	@DynamicPropertySource
	static void openAiBaseUrl(DynamicPropertyRegistry registry) {
		registry.add("spring.ai.openai.base-url", () -> openAi.url("/v1").toString());
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
	TokenMeterAdvisor advisor;

	@Autowired
	org.springframework.ai.chat.model.ChatModel chatModel;

	@AfterEach
	void drain() throws InterruptedException {
		while (openAi.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
			// drain
		}
	}

	@Test
	void theAutoConfiguredClientIsMeteredByTheAdvisorOnlyThoughTheModelLevelPathIsOn() {
		openAi.enqueue(OpenAiReplies.completion("gpt-4o-2024-08-06", "A", "stop", OpenAiReplies.usage(1000, 0, 100, 0)));

		chatClients.build().prompt("a").advisors(a -> a.param(TokenMeter.AGENT, "auto")).call().content();

		PrometheusText scrape = PrometheusText.scrape(this.port);
		assertThat(scrape.sum("llm_call_duration_seconds_count", "agent", "auto")).isEqualTo(1);
		assertThat(scrape.sum("llm_call_duration_seconds_count", "agent", "unknown", "model", "gpt-4o-2024-08-06",
				"outcome", "success")).isZero();
		// 1,000 × $2.50/M + 100 × $10/M = $0.0025 + $0.001 = $0.0035
		assertThat(scrape.sum("llm_cost_usd_total", "agent", "auto")).isCloseTo(0.0035, within(EXACT));
	}

	@Test
	void theAdvisorAddedTwiceToACloneOfTheBuilderCountsEachCallOnce() {
		openAi.enqueue(OpenAiReplies.completion("gpt-4o-2024-08-06", "B", "stop", OpenAiReplies.usage(2000, 0, 200, 0)));
		openAi.enqueue(OpenAiReplies.stream("gpt-4o-2024-08-06", List.of("C", "!"), "stop",
				OpenAiReplies.usage(400, 0, 40, 0)));
		ChatClient twice = chatClients.clone().defaultAdvisors(this.advisor).build();

		twice.prompt("b").advisors(a -> a.param(TokenMeter.AGENT, "twice")).call().content();
		twice.prompt("c").advisors(a -> a.param(TokenMeter.AGENT, "twice")).stream().content().blockLast();

		PrometheusText scrape = PrometheusText.scrape(this.port);
		assertThat(scrape.sum("llm_call_duration_seconds_count", "agent", "twice")).isEqualTo(2);
		// (2,000 + 400) × $2.50/M + (200 + 40) × $10/M = $0.006 + $0.0024 = $0.0084, not twice that
		assertThat(scrape.sum("llm_cost_usd_total", "agent", "twice")).isCloseTo(0.0084, within(EXACT));
	}

	@Test
	void aHandBuiltClientWithTheAdvisorAddedByHandIsMeteredOnceWithItsParams() {
		openAi.enqueue(OpenAiReplies.completion("gpt-4o-2024-08-06", "D", "stop", OpenAiReplies.usage(100, 0, 10, 0)));
		openAi.enqueue(OpenAiReplies.stream("gpt-4o-2024-08-06", List.of("E"), "stop", OpenAiReplies.usage(10, 0, 1, 0)));
		ChatClient byHand = ChatClient.builder(this.chatModel).defaultAdvisors(this.advisor).build();

		byHand.prompt("d").advisors(a -> a.param(TokenMeter.AGENT, "byhand")).call().content();
		byHand.prompt("e").advisors(a -> a.param(TokenMeter.AGENT, "byhand")).stream().content().blockLast();

		PrometheusText scrape = PrometheusText.scrape(this.port);
		assertThat(scrape.sum("llm_call_duration_seconds_count", "agent", "byhand")).isEqualTo(2);
		// (100 + 10) × $2.50/M + (10 + 1) × $10/M = $0.000275 + $0.00011 = $0.000385
		assertThat(scrape.sum("llm_cost_usd_total", "agent", "byhand")).isCloseTo(0.000385, within(EXACT));
	}

	@SpringBootApplication
	static class App {

	}

}
