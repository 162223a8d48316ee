package io.tokenmeter.e2e;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.ObservationRegistry;
import io.tokenmeter.core.ledger.Dimension;
import io.tokenmeter.core.ledger.ReportWindow;
import io.tokenmeter.core.ledger.Spend;
import io.tokenmeter.core.ledger.internal.SpendReporter;
import io.tokenmeter.testsupport.OpenAiReplies;
import io.tokenmeter.testsupport.PrometheusText;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.tokenmeter.testsupport.PrometheusText.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A multi-model application as Spring AI documents it: no auto-configured {@code ChatClient.Builder}
 * ({@code spring.ai.chat.client.enabled=false}), two {@code ChatModel} beans (the auto-configured OpenAI model
 * and a hand-built one for gpt-4o-mini), clients built by hand, direct model calls and an embedding model. Every
 * call is metered once, through the model-level path, with its exact cost. Rates: gpt-4o $2.50 in / $10.00 out,
 * gpt-4o-mini $0.15 / $0.60, text-embedding-3-small $0.02 per 1M tokens (openai.com/api/pricing).
 */
@SpringBootTest(classes = ModelLevelMeteringEndToEndTests.App.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.ai.chat.client.enabled=false", "spring.ai.openai.embedding.model=text-embedding-3-small",
				"tokenmeter.pricing.models[gpt-4o-mini].input=0.15", "tokenmeter.pricing.models[gpt-4o-mini].output=0.60",
				"tokenmeter.pricing.models[text-embedding-3-small].input=0.02",
				"tokenmeter.pricing.models[text-embedding-3-small].output=0" })
@ActiveProfiles("openai-e2e")
@AutoConfigureMetrics
class ModelLevelMeteringEndToEndTests {

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
	@Qualifier("openAiChatModel")
	OpenAiChatModel openAiChatModel;

	@Autowired
	@Qualifier("miniChatModel")
	ChatModel miniChatModel;

	@Autowired
	EmbeddingModel embeddingModel;

	@Autowired
	SpendReporter reporter;

	@AfterEach
	void everyReplyWasRequested() throws InterruptedException {
		while (openAi.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
			// drain
		}
	}

	@Test
	void handBuiltClientsAndDirectCallsOnTwoModelsAreEachMeteredOnceWithTheirCost() {
		openAi.enqueue(OpenAiReplies.completion("gpt-4o-2024-08-06", "A", "stop", OpenAiReplies.usage(1000, 0, 100, 0)));
		openAi.enqueue(OpenAiReplies.completion("gpt-4o-mini-2024-07-18", "B", "stop",
				OpenAiReplies.usage(2000, 0, 500, 0)));
		openAi.enqueue(OpenAiReplies.completion("gpt-4o-2024-08-06", "C", "stop", OpenAiReplies.usage(100, 0, 10, 0)));
		openAi.enqueue(OpenAiReplies.stream("gpt-4o-mini-2024-07-18", List.of("D", "!"), "stop",
				OpenAiReplies.usage(300, 0, 30, 0)));

		assertThat(ChatClient.builder(this.openAiChatModel).build().prompt("a").call().content()).isEqualTo("A");
		assertThat(ChatClient.create(this.miniChatModel).prompt("b").call().content()).isEqualTo("B");
		assertThat(this.openAiChatModel.call(new Prompt("c")).getResult().getOutput().getText()).isEqualTo("C");
		assertThat(this.miniChatModel.stream(new Prompt("d")).collectList().block()).isNotEmpty();

		PrometheusText scrape = PrometheusText.scrape(this.port);
		assertThat(scrape.sum("llm_call_duration_seconds_count", "operation", "chat")).isEqualTo(4);
		assertThat(scrape.sum("gen_ai_client_operation_seconds_count", "gen_ai_operation_name", "chat")).isEqualTo(4);
		// gpt-4o: (1,000 + 100) in × $2.50/M + (100 + 10) out × $10/M = $0.00275 + $0.0011 = $0.00385
		assertThat(scrape.sum("llm_cost_usd_total", "model", "gpt-4o-2024-08-06")).isCloseTo(0.00385, within(EXACT));
		// gpt-4o-mini: (2,000 + 300) in × $0.15/M + (500 + 30) out × $0.60/M = $0.000345 + $0.000318 = $0.000663
		assertThat(scrape.sum("llm_cost_usd_total", "model", "gpt-4o-mini-2024-07-18")).isCloseTo(0.000663,
				within(EXACT));
		assertThat(scrape.sum("llm_call_duration_seconds_count", "model", "gpt-4o-mini-2024-07-18", "provider",
				"openai", "agent", "unknown")).isEqualTo(2);
	}

	@Test
	void anEmbeddingCallIsMeteredAtTheModelsInputRate() {
		openAi.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody("""
				{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.0023,-0.0093,0.0158]}],\
				"model":"text-embedding-3-small","usage":{"prompt_tokens":8,"total_tokens":8}}"""));

		float[] vector = this.embeddingModel.embed("The food was delicious and the waiter...");

		assertThat(vector).hasSize(3);
		PrometheusText scrape = PrometheusText.scrape(this.port);
		String[] series = { "operation", "embeddings", "model", "text-embedding-3-small", "provider", "openai" };
		assertThat(scrape.sum("llm_call_duration_seconds_count", series)).isEqualTo(1);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "input"))).isEqualTo(8);
		assertThat(scrape.sum("llm_tokens_total", with(series, "type", "output"))).isZero();
		// 8 input tokens × $0.02/M = $0.00000016
		assertThat(scrape.sum("llm_cost_usd_total", series)).isCloseTo(0.00000016, within(EXACT));
		Spend embeddings = this.reporter.breakdown(Dimension.OPERATION, ReportWindow.parse(null))
			.entries()
			.get("embeddings");
		assertThat(embeddings.calls()).isEqualTo(1);
		assertThat(embeddings.cost()).isEqualByComparingTo("0.00000016");
	}

	@SpringBootApplication
	static class App {

		/** The second model of a multi-model app, built by hand as Spring AI's docs show, observed like the first. */
		@Bean
		ChatModel miniChatModel(ObjectProvider<ObservationRegistry> observations) {
			return OpenAiChatModel.builder()
				.options(OpenAiChatOptions.builder()
					.baseUrl(openAi.url("/v1").toString())
					.apiKey("test-key")
					.model("gpt-4o-mini")
					.build())
				.observationRegistry(observations.getIfUnique(() -> ObservationRegistry.NOOP))
				.build();
		}

	}

}
