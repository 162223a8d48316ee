package io.tokenmeter.e2e;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import io.tokenmeter.TokenMeter;
import io.tokenmeter.testsupport.OpenAiReplies;
import io.tokenmeter.testsupport.PrometheusText;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Out of the box: the bundled catalog, no rates in the configuration, the real OpenAI client pointed at an
 * OpenAI-compatible gateway that answers with whatever model it routes to. Prices per 1M tokens from the bundled
 * catalog (openai.com/api/pricing, docs.anthropic.com pricing, api-docs.deepseek.com pricing).
 */
@SpringBootTest(classes = BundledCatalogEndToEndTests.App.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.ai.openai.api-key=test", "spring.ai.openai.max-retries=1",
				"spring.ai.openai.chat.model=gpt-4o-mini", "management.endpoints.web.exposure.include=prometheus",
				"management.health.redis.enabled=false" })
@AutoConfigureMetrics
@ExtendWith(OutputCaptureExtension.class)
class BundledCatalogEndToEndTests {

	private static final MockWebServer gateway = new MockWebServer();

	private static final double EXACT = 1e-12;

	@DynamicPropertySource
	static void gatewayUrl(DynamicPropertyRegistry registry) {
		registry.add("spring.ai.openai.base-url", () -> gateway.url("/v1").toString());
	}

	@AfterAll
	static void stopGateway() throws IOException {
		gateway.shutdown();
	}

	@LocalServerPort
	int port;

	@Autowired
	ChatClient.Builder chatClients;

	@AfterEach
	void drain() throws InterruptedException {
		while (gateway.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
			// drain
		}
	}

	@Test
	void aDatedSnapshotOfTheRequestedModelIsPricedAtItsCatalogRates() {
		gateway.enqueue(OpenAiReplies.completion("gpt-4o-mini-2024-07-18", "ok", "stop",
				OpenAiReplies.usage(10_000, 8_000, 1_000, 0)));

		call("snapshot", null);

		// 2,000 uncached × $0.15/M + 8,000 cached × $0.075/M + 1,000 out × $0.60/M = $0.0003 + $0.0006 + $0.0006
		assertThat(scrape().sum("llm_cost_usd_total", "agent", "snapshot")).isCloseTo(0.0015, within(EXACT));
	}

	@Test
	void gatewayIdsOfOtherProvidersArePricedAsTheProviderBillsThem() {
		gateway.enqueue(OpenAiReplies.completion("anthropic/claude-sonnet-4.5", "ok", "stop",
				OpenAiReplies.usage(1_000, 0, 100, 0)));
		gateway.enqueue(OpenAiReplies.completion("deepseek/deepseek-chat", "ok", "stop",
				OpenAiReplies.usage(1_000_000, 0, 1_000_000, 0)));

		call("claude-via-gateway", "anthropic/claude-sonnet-4.5");
		call("deepseek-via-gateway", "deepseek/deepseek-chat");

		PrometheusText scrape = scrape();
		// claude-sonnet-4-5: 1,000 in × $3/M + 100 out × $15/M = $0.003 + $0.0015 = $0.0045
		assertThat(scrape.sum("llm_cost_usd_total", "agent", "claude-via-gateway")).isCloseTo(0.0045, within(EXACT));
		// deepseek-chat: 1M in × $0.28/M + 1M out × $0.42/M = $0.70
		assertThat(scrape.sum("llm_cost_usd_total", "agent", "deepseek-via-gateway")).isCloseTo(0.70, within(EXACT));
	}

	@Test
	void anotherModelAnsweringIsUnpricedAndWarnedAboutNamingBothNeverPricedAsTheRequestedOne(CapturedOutput output) {
		gateway.enqueue(OpenAiReplies.completion("qwen2.5-72b-instruct", "ok", "stop",
				OpenAiReplies.usage(1_000, 0, 100, 0)));

		call("router", null);

		PrometheusText scrape = scrape();
		assertThat(scrape.sum("llm_calls_unpriced_total", "model", "qwen2.5-72b-instruct")).isEqualTo(1);
		assertThat(scrape.sum("llm_cost_usd_total", "agent", "router")).isZero();
		assertThat(scrape.sum("llm_tokens_total", "agent", "router", "type", "input")).isEqualTo(1_000);
		assertThat(output).contains("no price for model 'qwen2.5-72b-instruct'")
			.contains("It answered a request for 'gpt-4o-mini' and is not priced at that model's rates");
	}

	private void call(String agent, String model) {
		ChatClient.ChatClientRequestSpec prompt = this.chatClients.build()
			.prompt("Hello")
			.advisors(a -> a.param(TokenMeter.AGENT, agent));
		if (model != null) {
			prompt = prompt.options(OpenAiChatOptions.builder().model(model));
		}
		prompt.call().content();
	}

	private PrometheusText scrape() {
		return PrometheusText.scrape(this.port);
	}

	@SpringBootApplication
	static class App {

	}

}
