package io.tokenmeter.sample;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.tokenmeter.sample.chat.ChatReply;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app as a client sees it: the demo model behind the real auto-configured {@code ChatClient} and the
 * real tokenmeter starter, over real HTTP. Each test uses its own user, so the per-user budget of one never
 * affects another.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.demo.first-token-delay=0ms", "sample.demo.chunk-delay=0ms" })
@AutoConfigureMetrics
class ChatApiTests {

	// "What does tokenmeter measure on each call?" is 42 characters: ⌈42 / 4⌉ = 11 prompt-text tokens.
	private static final String QUESTION = "What does tokenmeter measure on each call?";

	// gpt-4o: (1200 - 1024 + 11) uncached × $2.50/M + 1024 cached × $1.25/M + (64 + 11) out × $10/M
	// = $0.0004675 + $0.00128 + $0.00075 = $0.0024975
	private static final BigDecimal QUESTION_ON_GPT_4O = new BigDecimal("0.0024975");

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper jsonMapper;

	SampleHttp http;

	@BeforeEach
	void client() {
		this.http = new SampleHttp(this.port);
	}

	@Test
	void chatAnswersWithTheModelThatAnsweredAndTheCostFromTheRateTable() {
		HttpResponse<String> response = this.http.post("/chat",
				SampleHttp.chatBody(QUESTION, "support-bot", "cost-user", "gpt-4o"));

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode reply = SampleHttp.json(response);
		assertThat(reply.get("model").asString()).isEqualTo("gpt-4o-2024-08-06");
		assertThat(reply.get("cost").decimalValue()).isEqualByComparingTo(QUESTION_ON_GPT_4O);
		assertThat(reply.get("reply").asString()).contains("demo model answering as gpt-4o");
	}

	@Test
	void chatWithoutAModelIsRoutedByItsMessage() {
		assertThat(modelFor("Hello!")).isEqualTo("gpt-4o-mini-2024-07-18");
		assertThat(modelFor("Why do invoices fail on the last day of the month?"))
			.isEqualTo("claude-sonnet-4-5-20250929");
		assertThat(modelFor("Summarize the customer's last three tickets and draft a reply that offers a refund "
				+ "for the duplicate charge.")).isEqualTo("gpt-4o-2024-08-06");
	}

	@Test
	void claudeCallsArePricedWithAnthropicCacheAndThinkingTokens() {
		// "Think it through" is 16 characters: 4 prompt-text tokens. Anthropic's input_tokens exclude the cache:
		// (176 + 4) uncached × $3/M + 1024 cache reads × $0.30/M + (64 + 4 + 96 thinking) out × $15/M
		// = $0.00054 + $0.0003072 + $0.00246 = $0.0033072
		HttpResponse<String> response = this.http.post("/chat",
				SampleHttp.chatBody("Think it through", "research-agent", "claude-user", null));

		JsonNode reply = SampleHttp.json(response);
		assertThat(reply.get("model").asString()).isEqualTo("claude-sonnet-4-5-20250929");
		assertThat(reply.get("cost").decimalValue()).isEqualByComparingTo("0.0033072");
	}

	@Test
	void streamSendsTheAnswerInDeltasThenItsModelAndCost() {
		HttpResponse<String> response = this.http.post("/chat/stream",
				SampleHttp.chatBody(QUESTION, "support-bot", "stream-user", "gpt-4o"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("text/event-stream"));
		List<SampleHttp.Event> events = SampleHttp.events(response.body());
		assertThat(events).hasSizeGreaterThan(2);
		assertThat(events.subList(0, events.size() - 1)).allSatisfy(event -> assertThat(event.name()).isEqualTo("delta"));
		String streamed = events.subList(0, events.size() - 1)
			.stream()
			.map(event -> event.data().get("text").asString())
			.collect(Collectors.joining());
		String called = SampleHttp
			.json(this.http.post("/chat", SampleHttp.chatBody(QUESTION, "support-bot", "stream-user", "gpt-4o")))
			.get("reply")
			.asString();
		assertThat(streamed).isEqualTo(called);
		SampleHttp.Event done = events.get(events.size() - 1);
		assertThat(done.name()).isEqualTo("done");
		assertThat(done.data().get("model").asString()).isEqualTo("gpt-4o-2024-08-06");
		assertThat(done.data().get("cost").decimalValue()).isEqualByComparingTo(QUESTION_ON_GPT_4O);
	}

	@Test
	void missingMessageIsA400Problem() {
		HttpResponse<String> response = this.http.post("/chat", "{\"agent\":\"support-bot\",\"user\":\"u\"}");

		assertProblem(response, 400, "'message' is required");
		assertThat(SampleHttp.json(response).get("field").asString()).isEqualTo("message");
	}

	@Test
	void blankMessageIsA400Problem() {
		assertProblem(this.http.post("/chat", "{\"message\":\"   \"}"), 400, "'message' is required");
	}

	@Test
	void malformedJsonIsA400ProblemSayingWhere() {
		HttpResponse<String> response = this.http.post("/chat", "{\"message\": \"hi\",");

		assertProblem(response, 400, "The request body is not valid JSON (line 1, column");
	}

	@Test
	void bodyOfTheWrongShapeIsA400Problem() {
		assertProblem(this.http.post("/chat", "[\"hi\"]"), 400, "The request body does not match");
	}

	@Test
	void messageOverTheLimitIsA400Problem() {
		String message = "a".repeat(8001);

		assertProblem(this.http.post("/chat", SampleHttp.chatBody(message, "support-bot", "long-user", null)), 400,
				"'message' has 8001 characters; at most 8000 are accepted.");
	}

	@Test
	void bodyOverSixteenKilobytesIsA413Problem() {
		String body = "{\"message\":\"hi\",\"session\":\"" + "s".repeat(17 * 1024) + "\"}";

		HttpResponse<String> response = this.http.post("/chat", body);

		assertProblem(response, 413, "The request body is larger than 16384 bytes.");
		assertThat(SampleHttp.json(response).get("title").asString()).isEqualTo("Request body too large");
	}

	@Test
	void twentyMegabyteBodyIsA413Problem() {
		String body = "{\"message\":\"" + "a".repeat(20 * 1024 * 1024) + "\"}";

		assertProblem(this.http.post("/chat", body), 413, "The request body is larger than 16384 bytes.");
	}

	@Test
	void bodyOverTheLimitWithoutAContentLengthIsA413Problem() {
		// A streamed (chunked) body declares no length: the limit is enforced while it is read.
		byte[] body = ("{\"message\":\"" + "a".repeat(17 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
		HttpRequest chunked = this.http.request("/chat")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
			.build();

		assertProblem(this.http.send(chunked), 413, "The request body is larger than 16384 bytes.");
	}

	@Test
	void bodyWithoutAContentTypeIsA415Problem() {
		HttpResponse<String> response = this.http.send(this.http.request("/chat")
			.POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"hi\"}"))
			.build());

		assertProblem(response, 415, "The request has no Content-Type: send the body as JSON with "
				+ "'Content-Type: application/json'.");
		assertThat(response.headers().firstValue("Accept")).hasValue("application/json");
	}

	@Test
	void formBodyIsA415Problem() {
		HttpResponse<String> response = this.http.send(this.http.request("/chat/stream")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("message=hi"))
			.build());

		assertProblem(response, 415, "Content-Type 'application/x-www-form-urlencoded' is not supported");
	}

	@Test
	void unknownFieldIsA400ProblemNamingIt() {
		HttpResponse<String> response = this.http.post("/chat", "{\"message\":\"hi\",\"usr\":\"bob\"}");

		assertProblem(response, 400, "'usr' is not a field of a chat request; the fields are {\"message\", "
				+ "\"agent\", \"user\", \"session\", \"model\"}.");
		assertThat(SampleHttp.json(response).get("title").asString()).isEqualTo("Unknown field");
		assertThat(SampleHttp.json(response).get("field").asString()).isEqualTo("usr");
	}

	@Test
	void costsAreWrittenExactlyWithoutTrailingZerosInRepliesAndStreams() {
		// "Hello!" is 6 characters: 2 prompt-text tokens, routed to gpt-4o-mini:
		// (1202 - 1024) uncached × $0.15/M + 1024 cached × $0.075/M + (64 + 2) out × $0.60/M
		// = $0.0000267 + $0.0000768 + $0.0000396 = $0.0001431 (priced at scale 9: 0.000143100)
		String body = SampleHttp.chatBody("Hello!", "support-bot", "format-user", null);

		assertThat(this.http.post("/chat", body).body()).contains("\"cost\":0.0001431}");
		assertThat(this.http.post("/chat/stream", body).body()).contains("\"cost\":0.0001431}");
	}

	@Test
	void smallCostsAreWrittenInPlainNotation() {
		// 0.0000001431 is 1.431E-7 in BigDecimal.toString(): the API's JSON writes it plain.
		String json = this.jsonMapper.writeValueAsString(new ChatReply("r", "m", new BigDecimal("0.000000143100")));

		assertThat(json).isEqualTo("{\"reply\":\"r\",\"model\":\"m\",\"cost\":0.0000001431}");
	}

	@Test
	void agentThatCannotBeAMetricTagIsA400Problem() {
		assertProblem(this.http.post("/chat", SampleHttp.chatBody("hi", "support bot {prod}", "u", null)), 400,
				"'agent' must be 1 to 64 letters");
	}

	@Test
	void invalidStreamRequestIsA400Problem() {
		assertProblem(this.http.post("/chat/stream", "{\"user\":\"u\"}"), 400, "'message' is required");
	}

	@Test
	void userPastTheEnforcedDailyBudgetGetsA429NamingTheBudget() {
		String body = SampleHttp.chatBody("Why? Think step by step.", "research-agent", "budget-user",
				"claude-sonnet-4-5");
		// Each answer costs (176 + 6) × $3/M + 1024 × $0.30/M + (64 + 6 + 96) × $15/M = $0.0033432 and the
		// pre-call estimate is about 20 prompt tokens × $3/M + 1024 max output × $15/M ≈ $0.0154: the $0.05 budget
		// admits calls while spend + estimate fits, i.e. 11 calls ($0.0367752), then refuses.
		int answered = 0;
		HttpResponse<String> response = this.http.post("/chat", body);
		while (response.statusCode() == 200 && answered < 30) {
			answered++;
			response = this.http.post("/chat", body);
		}

		assertThat(answered).isEqualTo(11);
		assertProblem(response, 429, "Budget 'daily-per-user' for 'budget-user'");
		JsonNode problem = SampleHttp.json(response);
		assertThat(problem.get("title").asString()).isEqualTo("Budget exceeded");
		assertThat(problem.get("budget").asString()).isEqualTo("daily-per-user");
		assertThat(problem.get("key").asString()).isEqualTo("budget-user");
		assertThat(problem.get("limit").decimalValue()).isEqualByComparingTo("0.05");
		// 11 × $0.0033432
		assertThat(problem.get("spent").decimalValue()).isEqualByComparingTo("0.0367752");
		assertThat(response.headers().firstValueAsLong("Retry-After").orElseThrow()).isPositive();
		assertProblem(this.http.post("/chat/stream", body), 429, "Budget 'daily-per-user' for 'budget-user'");
	}

	@Test
	void prometheusShowsCostPerModelAndAgentAndLatencyHistograms() {
		this.http.post("/chat", SampleHttp.chatBody(QUESTION, "metrics-bot", "metrics-user", "gpt-4o"));
		// TTFT series exist for tag sets that streamed (a plain call registers none).
		this.http.post("/chat/stream", SampleHttp.chatBody(QUESTION, "metrics-streamer", "metrics-user", "gpt-4o"));

		String scrape = this.http.get("/actuator/prometheus").body();

		assertThat(scrape).containsPattern(
				"llm_cost_usd_total\\{agent=\"metrics-bot\",application=\"tokenmeter-sample\",model=\"gpt-4o-2024-08-06\",operation=\"chat\",provider=\"openai\",user=\"metrics-user\"} 0\\.0024975");
		assertThat(scrape).contains("llm_call_duration_seconds_bucket{");
		assertThat(scrape).contains("llm_stream_ttft_seconds_bucket{agent=\"metrics-streamer\"");
		assertThat(scrape).doesNotContain("llm_stream_ttft_seconds_bucket{agent=\"metrics-bot\"");
		assertThat(scrape).contains("llm_budget_limit_usd{application=\"tokenmeter-sample\",budget=\"monthly-global\"} 50.0");
	}

	private String modelFor(String message) {
		return SampleHttp.json(this.http.post("/chat", SampleHttp.chatBody(message, "router-bot", "router-user", null)))
			.get("model")
			.asString();
	}

	private static void assertProblem(HttpResponse<String> response, int status, String detail) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = SampleHttp.json(response);
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("detail").asString()).contains(detail);
	}

}
