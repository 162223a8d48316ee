package io.tokenmeter.sample;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.tokenmeter.sample.demo.DemoChatModel;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code openai} profile: Spring AI's real OpenAI client replaces the demo model, here against a server replaying
 * OpenAI's chat-completions JSON and SSE, as an OpenAI-compatible server would be reached by base URL.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "OPENAI_API_KEY=test-key")
@ActiveProfiles("openai")
class OpenAiProfileTests {

	private static final MockWebServer server = new MockWebServer();

	private static final BlockingQueue<RecordedRequest> requests = new LinkedBlockingQueue<>();

	// Usage of both answers: prompt 1250 of which 1024 cached, 80 completion. On gpt-4o-mini:
	// (1250 - 1024) uncached × $0.15/M + 1024 cached × $0.075/M + 80 out × $0.60/M
	// = $0.0000339 + $0.0000768 + $0.000048 = $0.0001587
	private static final String COST = "0.0001587";

	private static final String USAGE = """
			{"prompt_tokens":1250,"completion_tokens":80,"total_tokens":1330,
			 "prompt_tokens_details":{"cached_tokens":1024,"audio_tokens":0},
			 "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,
			   "accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}""";

	private static final String COMPLETION = """
			{"id":"chatcmpl-CAbc123","object":"chat.completion","created":1760000000,
			 "model":"gpt-4o-mini-2024-07-18",
			 "choices":[{"index":0,"message":{"role":"assistant","content":"Hello from OpenAI.","refusal":null,
			   "annotations":[]},"logprobs":null,"finish_reason":"stop"}],
			 "usage":%s,
			 "service_tier":"default","system_fingerprint":"fp_560af6e559"}
			""".formatted(USAGE).replace("\n", "");

	private static final String CHUNK = "data: {\"id\":\"chatcmpl-CAbc124\",\"object\":\"chat.completion.chunk\","
			+ "\"created\":1760000000,\"model\":\"gpt-4o-mini-2024-07-18\",\"service_tier\":\"default\","
			+ "\"system_fingerprint\":\"fp_560af6e559\",\"choices\":%s,\"usage\":%s}\n\n";

	private static final String STREAM = CHUNK.formatted(
			"[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}]",
			"null")
			+ CHUNK.formatted("[{\"index\":0,\"delta\":{\"content\":\"Hello\"},\"logprobs\":null,\"finish_reason\":null}]",
					"null")
			+ CHUNK.formatted(
					"[{\"index\":0,\"delta\":{\"content\":\" from OpenAI.\"},\"logprobs\":null,\"finish_reason\":null}]",
					"null")
			+ CHUNK.formatted("[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]", "null")
			+ CHUNK.formatted("[]", USAGE.replace("\n", "")) + "data: [DONE]\n\n";

	private static final String UNAUTHORIZED = "{\"error\":{\"message\":\"Incorrect API key provided: test-key. You can "
			+ "find your API key at https://platform.openai.com/account/api-keys.\",\"type\":\"invalid_request_error\","
			+ "\"param\":null,\"code\":\"invalid_api_key\"}}";

	static {
		server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				requests.add(request);
				String body = request.getBody().clone().readUtf8();
				if (body.contains("Use a revoked key")) {
					return new MockResponse().setResponseCode(401)
						.setHeader("Content-Type", "application/json")
						.setBody(UNAUTHORIZED);
				}
				boolean stream = body.contains("\"stream\":true");
				return stream ? new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(STREAM)
						: new MockResponse().setHeader("Content-Type", "application/json").setBody(COMPLETION);
			}
		});
	}

	@DynamicPropertySource
	static void openAi(DynamicPropertyRegistry registry) {
		registry.add("spring.ai.openai.base-url", () -> server.url("/v1").toString());
	}

	@AfterAll
	static void stopServer() throws IOException {
		server.shutdown();
	}

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Test
	void theOpenAiChatModelReplacesTheDemoModel() {
		assertThat(this.context.getBean(ChatModel.class)).isInstanceOf(OpenAiChatModel.class);
		assertThat(this.context.getBeansOfType(DemoChatModel.class)).isEmpty();
	}

	@Test
	void chatAsksOpenAiForTheConfiguredModelAndPricesItsUsage() throws InterruptedException {
		requests.clear();
		JsonNode reply = SampleHttp.json(new SampleHttp(this.port).post("/chat",
				SampleHttp.chatBody("Say hello", "support-bot", "alice", null)));

		assertThat(reply.get("reply").asString()).isEqualTo("Hello from OpenAI.");
		assertThat(reply.get("model").asString()).isEqualTo("gpt-4o-mini-2024-07-18");
		assertThat(reply.get("cost").decimalValue()).isEqualByComparingTo(COST);
		RecordedRequest sent = requests.poll(5, TimeUnit.SECONDS);
		assertThat(sent.getPath()).isEqualTo("/v1/chat/completions");
		assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer test-key");
		assertThat(SampleHttp.json(sent.getBody().readUtf8()).get("model").asString()).isEqualTo("gpt-4o-mini");
	}

	@Test
	void aFailingProviderIsA502Problem() {
		var response = new SampleHttp(this.port).post("/chat",
				SampleHttp.chatBody("Use a revoked key", "support-bot", "alice", null));

		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = SampleHttp.json(response);
		assertThat(problem.get("detail").asString())
			.isEqualTo("The model provider answered HTTP 401 (invalid_api_key).");
		assertThat(problem.get("providerStatus").asInt()).isEqualTo(401);
	}

	@Test
	void streamAsksForUsageAndReportsTheCostOfTheFinalUsageChunk() throws InterruptedException {
		requests.clear();
		List<SampleHttp.Event> events = SampleHttp.events(new SampleHttp(this.port)
			.post("/chat/stream", SampleHttp.chatBody("Say hello", "support-bot", "alice", null))
			.body());

		assertThat(events).extracting(SampleHttp.Event::name).containsExactly("delta", "delta", "done");
		assertThat(events.get(0).data().get("text").asString()).isEqualTo("Hello");
		assertThat(events.get(1).data().get("text").asString()).isEqualTo(" from OpenAI.");
		assertThat(events.get(2).data().get("model").asString()).isEqualTo("gpt-4o-mini-2024-07-18");
		assertThat(events.get(2).data().get("cost").decimalValue()).isEqualByComparingTo(COST);
		JsonNode sent = SampleHttp.json(requests.poll(5, TimeUnit.SECONDS).getBody().readUtf8());
		assertThat(sent.get("stream_options").get("include_usage").asBoolean()).isTrue();
	}

}
