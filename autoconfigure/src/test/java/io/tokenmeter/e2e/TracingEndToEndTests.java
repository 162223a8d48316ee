package io.tokenmeter.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.tokenmeter.TokenMeter;
import io.tokenmeter.testsupport.OpenAiReplies;
import io.tokenmeter.testsupport.ZipkinServerProcess;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A metered call's spans, sent through Spring Boot's OpenTelemetry tracing (the OpenTelemetry SDK with its Zipkin
 * exporter) to a real Zipkin server, read back from Zipkin's HTTP API: the chat-model span carries tokenmeter's
 * normalized usage under the OpenTelemetry GenAI names and the exact cost; the Prometheus exemplars of the cost and
 * duration metrics name its trace. The real Spring AI OpenAI client answers from a replaying server; rates from
 * {@code application-openai-e2e.yml} (gpt-4o $2.50 in / $1.25 cached / $10.00 out per 1M tokens). Each test uses
 * its own agent, which is also how it finds its span.
 */
@SpringBootTest(classes = TracingEndToEndTests.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=tracing-e2e", "management.tracing.sampling.probability=1.0",
				"tokenmeter.attribution.default-agent=model-level",
				"management.metrics.distribution.percentiles-histogram.llm.call.duration=true" })
@ActiveProfiles("openai-e2e")
@AutoConfigureTracing
@AutoConfigureMetrics
class TracingEndToEndTests {

	@RegisterExtension
	static final ZipkinServerProcess zipkin = new ZipkinServerProcess();

	private static final MockWebServer openAi = new MockWebServer();

	private static final JsonMapper json = JsonMapper.builder().build();

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		registry.add("spring.ai.openai.base-url", () -> openAi.url("/v1").toString());
		registry.add("management.tracing.export.zipkin.endpoint", zipkin::spansEndpoint);
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
	ChatModel chatModel;

	@Autowired
	SdkTracerProvider tracerProvider;

	@Test
	void chatSpanCarriesNormalizedUsageAndExactCostUnderGenAiNames() {
		openAi.enqueue(OpenAiReplies.completion("gpt-4o-2024-08-06", "Your order ships Monday.", "stop",
				OpenAiReplies.usage(1200, 1000, 300, 0)));

		chatClients.build()
			.prompt("Where is my order?")
			.advisors(a -> a.param(TokenMeter.AGENT, "traced-call")
				.param(TokenMeter.USER, "alice")
				.param(TokenMeter.SESSION, "conv-42"))
			.call()
			.content();

		Map<String, String> tags = chatSpanTags("traced-call");
		assertThat(tags).containsEntry("gen_ai.provider.name", "openai")
			.containsEntry("gen_ai.request.model", "gpt-4o")
			.containsEntry("gen_ai.response.model", "gpt-4o-2024-08-06")
			// The convention's input includes cached tokens: 200 uncached + 1,000 cache read = 1,200.
			.containsEntry("gen_ai.usage.input_tokens", "1200")
			.containsEntry("gen_ai.usage.cache_read.input_tokens", "1000")
			.containsEntry("gen_ai.usage.cache_creation.input_tokens", "0")
			.containsEntry("gen_ai.usage.output_tokens", "300")
			.containsEntry("gen_ai.usage.reasoning.output_tokens", "0")
			.containsEntry("gen_ai.usage.total_tokens", "1500")
			.containsEntry("gen_ai.agent.name", "traced-call")
			.containsEntry("gen_ai.conversation.id", "conv-42")
			// 200 × $2.50/M + 1,000 × $1.25/M + 300 × $10.00/M = $0.0005 + $0.00125 + $0.003 = $0.00475
			.containsEntry("tokenmeter.cost.usd", "0.00475")
			.doesNotContainKeys("user.id", "tokenmeter.unpriced", "tokenmeter.usage.estimated",
					"gen_ai.usage.cost.amount");
	}

	@Test
	void streamedCallIsOnItsChatSpanWithTheProvidersStreamUsage() {
		openAi.enqueue(OpenAiReplies.stream("gpt-4o-2024-08-06", List.of("Your ", "order ", "ships ", "Monday."),
				"stop", OpenAiReplies.usage(50, 0, 20, 0)));

		chatClients.build()
			.prompt("Where is my order?")
			.advisors(a -> a.param(TokenMeter.AGENT, "traced-stream"))
			.stream()
			.content()
			.blockLast();

		Map<String, String> tags = chatSpanTags("traced-stream");
		assertThat(tags).containsEntry("gen_ai.usage.input_tokens", "50")
			.containsEntry("gen_ai.usage.output_tokens", "20")
			// 50 × $2.50/M + 20 × $10.00/M = $0.000125 + $0.0002 = $0.000325
			.containsEntry("tokenmeter.cost.usd", "0.000325");
	}

	@Test
	void directModelCallIsOnItsChatSpan() {
		openAi.enqueue(OpenAiReplies.completion("gpt-4o-2024-08-06", "Hi.", "stop",
				OpenAiReplies.usage(400, 0, 10, 0)));

		chatModel.call(new Prompt("Hello"));

		Map<String, String> tags = chatSpanTags("model-level");
		assertThat(tags).containsEntry("gen_ai.usage.input_tokens", "400")
			.containsEntry("gen_ai.usage.output_tokens", "10")
			// 400 × $2.50/M + 10 × $10.00/M = $0.001 + $0.0001 = $0.0011
			.containsEntry("tokenmeter.cost.usd", "0.0011");
	}

	@Test
	void unpricedCallIsMarkedAndHasNoCost() {
		openAi.enqueue(OpenAiReplies.completion("qwen2.5-72b-instruct", "Hi.", "stop",
				OpenAiReplies.usage(30, 0, 5, 0)));

		chatClients.build()
			.prompt("Hello")
			.options(OpenAiChatOptions.builder().model("qwen2.5-72b-instruct"))
			.advisors(a -> a.param(TokenMeter.AGENT, "traced-unpriced"))
			.call()
			.content();

		Map<String, String> tags = chatSpanTags("traced-unpriced");
		assertThat(tags).containsEntry("tokenmeter.unpriced", "true")
			.containsEntry("gen_ai.usage.input_tokens", "30")
			.doesNotContainKey("tokenmeter.cost.usd");
	}

	@Test
	void costAndDurationExemplarsNameTheTraceOfTheCall() throws Exception {
		openAi.enqueue(OpenAiReplies.completion("gpt-4o-2024-08-06", "Done.", "stop",
				OpenAiReplies.usage(100, 0, 10, 0)));

		chatClients.build()
			.prompt("Exemplar?")
			.advisors(a -> a.param(TokenMeter.AGENT, "traced-exemplar"))
			.call()
			.content();

		String traceId = chatSpan("traced-exemplar").get("traceId").asString();
		List<String> lines = openMetricsLines("agent=\"traced-exemplar\"");
		assertThat(lines).filteredOn(line -> line.startsWith("llm_cost_usd_total{"))
			.singleElement()
			.asString()
			.contains("# {").contains("trace_id=\"" + traceId + "\"");
		assertThat(lines).filteredOn(line -> line.startsWith("llm_call_duration_seconds_bucket{"))
			.anySatisfy(line -> assertThat(line).contains("trace_id=\"" + traceId + "\""));
	}

	/** The tags of the chat-model span that tokenmeter marked with this agent, once Zipkin has it. */
	private Map<String, String> chatSpanTags(String agent) {
		JsonNode span = chatSpan(agent);
		assertThat(span.get("name").asString()).startsWith("chat ");
		return json.convertValue(span.get("tags"), json.getTypeFactory().constructMapType(Map.class, String.class,
				String.class));
	}

	private JsonNode chatSpan(String agent) {
		this.tracerProvider.forceFlush().join(10, TimeUnit.SECONDS);
		String query = "/api/v2/traces?serviceName=tracing-e2e&limit=50&annotationQuery="
				+ URLEncoder.encode("gen_ai.agent.name=" + agent, StandardCharsets.UTF_8);
		List<JsonNode> spans = new ArrayList<>();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			spans.clear();
			for (JsonNode trace : json.readTree(zipkin.get(query))) {
				for (JsonNode span : trace) {
					if (agent.equals(span.path("tags").path("gen_ai.agent.name").asString(null))) {
						spans.add(span);
					}
				}
			}
			assertThat(spans).hasSize(1);
		});
		return spans.get(0);
	}

	private List<String> openMetricsLines(String containing) throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/prometheus"))
				.header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body().lines().filter(line -> line.contains(containing)).toList();
	}

	@SpringBootApplication
	static class App {

	}

}
