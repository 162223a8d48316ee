package io.tokenmeter.autoconfigure.endpoint;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.tokenmeter.TokenMeter;
import io.tokenmeter.core.budget.BudgetExceededException;
import io.tokenmeter.core.ledger.LlmCallRecordedEvent;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The spend report over real HTTP after a known series of calls through the real Spring AI OpenAI client against a
 * replaying server: five answered calls (one streamed, one of a model without a price) and one refused by an
 * enforced budget.
 */
@SpringBootTest(classes = TokenMeterEndpointEndToEndTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.ai.openai.api-key=test", "spring.ai.openai.chat.model=gpt-4o",
				"management.endpoints.web.exposure.include=health,tokenmeter",
				"management.endpoint.health.show-details=always", "management.health.redis.enabled=false",
				"tokenmeter.pricing.catalog=none", "tokenmeter.pricing.unknown-model=ignore",
				"tokenmeter.pricing.models[gpt-4o].input=2.50", "tokenmeter.pricing.models[gpt-4o].cache-read=1.25",
				"tokenmeter.pricing.models[gpt-4o].output=10.00", "tokenmeter.pricing.models[gpt-4o-mini].input=0.15",
				"tokenmeter.pricing.models[gpt-4o-mini].output=0.60", "tokenmeter.ledger.preview-chars=5",
				"tokenmeter.ledger.jsonl.enabled=true", "tokenmeter.budgets[0].name=global-daily",
				"tokenmeter.budgets[0].limit=0.01", "tokenmeter.budgets[1].name=per-user",
				"tokenmeter.budgets[1].limit=0.005", "tokenmeter.budgets[1].scope=user",
				"tokenmeter.budgets[1].match=alice,bob", "tokenmeter.budgets[2].name=restricted-agent",
				"tokenmeter.budgets[2].limit=0.000001", "tokenmeter.budgets[2].scope=agent",
				"tokenmeter.budgets[2].match=restricted", "tokenmeter.budgets[2].enforce=true" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TokenMeterEndpointEndToEndTests {

	private static final MockWebServer server = new MockWebServer();

	private static final List<String> requestedPrompts = Collections.synchronizedList(new ArrayList<>());

	private static final JsonMapper json = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static Path ledgerDirectory;

	private static LocalDate firstCallDay;

	static {
		server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				String body = request.getBody().readUtf8();
				for (String prompt : List.of("Q1", "Q2", "Q3", "Q4", "Q5")) {
					if (body.contains(prompt)) {
						requestedPrompts.add(prompt);
						return prompt.equals("Q5") ? stream() : completion(prompt);
					}
				}
				return new MockResponse().setResponseCode(400);
			}
		});
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		ledgerDirectory = Files.createTempDirectory("tokenmeter-ledger");
		registry.add("spring.ai.openai.base-url", () -> server.url("/v1").toString());
		registry.add("tokenmeter.ledger.jsonl.directory", ledgerDirectory::toString);
	}

	@AfterAll
	static void stopServer() throws IOException {
		server.shutdown();
	}

	@LocalServerPort
	int port;

	@Autowired
	ChatClient.Builder chatClientBuilder;

	@Autowired
	RecordedEvents recordedEvents;

	@BeforeAll
	static void day() {
		firstCallDay = LocalDate.now(ZoneOffset.UTC);
	}

	@Test
	@Order(1)
	void aKnownSeriesOfCalls() {
		ChatClient chat = this.chatClientBuilder.build();
		assertThat(call(chat, "Q1", "support", "alice", "s-1")).isEqualTo("Done. Q1");
		assertThat(call(chat, "Q2", "support", "alice", "s-1")).isEqualTo("Done. Q2");
		assertThat(chat.prompt("Q3")
			.options(OpenAiChatOptions.builder().model("gpt-4o-mini"))
			.advisors(a -> a.param(TokenMeter.AGENT, "billing").param(TokenMeter.USER, "bob")
				.param(TokenMeter.SESSION, "s-2"))
			.call()
			.content()).isEqualTo("Done. Q3");
		assertThat(chat.prompt("Q4")
			.options(OpenAiChatOptions.builder().model("gpt-mystery"))
			.advisors(a -> a.param(TokenMeter.AGENT, "support").param(TokenMeter.USER, "carol"))
			.call()
			.content()).isEqualTo("Done. Q4");
		assertThat(String.join("", chat.prompt("Q5")
			.advisors(a -> a.param(TokenMeter.AGENT, "support").param(TokenMeter.USER, "dave")
				.param(TokenMeter.SESSION, "s-3"))
			.stream()
			.content()
			.collectList()
			.block())).isEqualTo("Hello world");
		assertThatExceptionOfType(BudgetExceededException.class)
			.isThrownBy(() -> call(chat, "Q6 never sent", "restricted", "erin", null));

		assertThat(requestedPrompts).containsExactly("Q1", "Q2", "Q3", "Q4", "Q5");
		assertThat(this.recordedEvents.events).hasSize(6);
	}

	@Test
	@Order(2)
	void theReportSinceStartIsTheTotalWindowReadFromMemory() throws Exception {
		HttpResponse<String> response = get("/actuator/tokenmeter");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode report = json.readTree(response.body());

		assertThat(report.get("window").asString()).isEqualTo("total");
		assertThat(report.get("source").asString()).isEqualTo("memory");
	}

	@Test
	@Order(2)
	void theTotalCostIsTheExactSumOfThePricedCalls() throws Exception {
		JsonNode totals = reportSinceStart().get("totals");

		assertThat(totals.get("calls").asLong()).isEqualTo(6);
		assertThat(totals.get("cost").decimalValue()).isEqualByComparingTo(
				// Q1: 1,000 in × $2.50/M + 200 out × $10/M = 0.0045
				// Q2: 600 in × $2.50/M + 400 cached × $1.25/M + 100 out × $10/M = 0.003
				// Q3: 2,000 in × $0.15/M + 500 out × $0.60/M = 0.0006
				// Q5: 100 in × $2.50/M + 20 out × $10/M = 0.00045; Q4 unpriced; Q6 blocked
				new BigDecimal("0.0045").add(new BigDecimal("0.003")).add(new BigDecimal("0.0006"))
					.add(new BigDecimal("0.00045")));
		assertThat(totals.get("unpricedCalls").asLong()).isEqualTo(1);
	}

	@Test
	@Order(2)
	void theTotalTokensAreTheSumOfEveryCallsBuckets() throws Exception {
		JsonNode tokens = reportSinceStart().get("totals").get("tokens");

		assertThat(tokens.get("input").asLong()).isEqualTo(1000 + 600 + 2000 + 300 + 100);
		assertThat(tokens.get("cacheRead").asLong()).isEqualTo(400);
		assertThat(tokens.get("cacheWrite").asLong()).isZero();
		assertThat(tokens.get("output").asLong()).isEqualTo(200 + 100 + 500 + 30 + 20);
		assertThat(tokens.get("reasoning").asLong()).isEqualTo(40);
	}

	@Test
	@Order(2)
	void theOutcomesCountTheAnsweredCallsAndTheBlockedOne() throws Exception {
		JsonNode outcomes = reportSinceStart().get("outcomes");

		assertThat(outcomes.get("success").asLong()).isEqualTo(5);
		assertThat(outcomes.get("blocked").asLong()).isEqualTo(1);
	}

	@Test
	@Order(2)
	void theModelBreakdownIsByAnsweringModelMostExpensiveFirst() throws Exception {
		JsonNode models = reportSinceStart().get("models");

		assertThat(names(models)).containsExactly("gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18", "gpt-4o",
				"gpt-mystery-1");
		assertCost(models.get("gpt-4o-2024-08-06"), "0.00795", 3); // 0.0045 + 0.003 + 0.00045
		assertThat(models.get("gpt-mystery-1").get("unpricedCalls").asLong()).isEqualTo(1);
	}

	@Test
	@Order(2)
	void theAgentBreakdownCountsEveryCallOfEachAgent() throws Exception {
		JsonNode agents = reportSinceStart().get("agents");

		assertThat(names(agents)).containsExactly("support", "billing", "restricted");
		assertCost(agents.get("support"), "0.00795", 4);
	}

	@Test
	@Order(2)
	void theUserBreakdownIncludesTheBlockedUserAtNoCost() throws Exception {
		JsonNode users = reportSinceStart().get("users");

		assertThat(names(users)).containsExactly("alice", "bob", "dave", "carol", "erin");
		assertCost(users.get("alice"), "0.0075", 2); // 0.0045 + 0.003
		assertCost(users.get("erin"), "0", 1);
	}

	@Test
	@Order(2)
	void sessionsAreLeftOutUnlessRequested() throws Exception {
		assertThat(reportSinceStart().get("sessions").isNull()).isTrue();
	}

	@Test
	@Order(2)
	void theTopUsersAreRankedByCost() throws Exception {
		JsonNode top = reportSinceStart().get("topUsers");

		assertThat(top).hasSize(5);
		assertThat(top.get(0).get("user").asString()).isEqualTo("alice");
		assertThat(top.get(0).get("cost").decimalValue()).isEqualByComparingTo("0.0075");
		assertThat(top.get(1).get("user").asString()).isEqualTo("bob");
	}

	@Test
	@Order(2)
	void theUnpricedModelIsCountedAndNoUserWasEvicted() throws Exception {
		JsonNode report = reportSinceStart();

		assertThat(report.get("unpricedModels").get("gpt-mystery-1").asLong()).isEqualTo(1);
		assertThat(report.get("evicted").get("user").asLong()).isZero();
	}

	@Test
	@Order(2)
	void theBudgetsShowEveryKeysSpendAndState() throws Exception {
		JsonNode budgets = reportSinceStart().get("budgets");

		assertThat(budgets).hasSize(4);
		assertBudget(budgets.get(0), "global-daily", "*", "0.01", "0.00855", "0.00145", "alerting"); // ≥ 80 %
		assertBudget(budgets.get(1), "per-user", "alice", "0.005", "0.0075", "0", "exceeded");
		assertBudget(budgets.get(2), "per-user", "bob", "0.005", "0.0006", "0.0044", "ok");
		// Q6 was refused although nothing is spent: the reservation did not fit
		assertBudget(budgets.get(3), "restricted-agent", "restricted", "0.000001", "0", "0.000001", "refusing");
	}

	@Test
	@Order(2)
	void anEnforcedBudgetSaysSo() throws Exception {
		assertThat(reportSinceStart().get("budgets").get(3).get("enforced").asBoolean()).isTrue();
	}

	@Test
	@Order(2)
	void aDailyBudgetsWindowEndsAtTheNextMidnight() throws Exception {
		assertThat(reportSinceStart().get("budgets").get(0).get("windowEnd").asString())
			.isEqualTo(LocalDate.now(ZoneOffset.UTC).plusDays(1) + "T00:00:00Z");
	}

	@Test
	@Order(2)
	void theReportShowsTheCatalogInUseAndTheUnpricedModelsSeenWithWhatTheyAnswered() throws Exception {
		JsonNode pricing = json.readTree(get("/actuator/tokenmeter").body()).get("pricing");

		assertThat(pricing.get("catalog").asString()).isEqualTo("none");
		assertThat(pricing.get("catalogDate").isNull()).isTrue();
		assertThat(pricing.get("catalogStale").asBoolean()).isFalse();
		assertThat(pricing.get("catalogModels").asInt()).isZero();
		assertThat(pricing.get("configuredModels").asInt()).isEqualTo(2);
		JsonNode unpriced = pricing.get("unpricedModelsSeen");
		assertThat(unpriced).hasSize(1);
		assertThat(unpriced.get(0).get("model").asString()).isEqualTo("gpt-mystery-1");
		assertThat(unpriced.get(0).get("provider").asString()).isEqualTo("openai");
		assertThat(unpriced.get(0).get("calls").asLong()).isEqualTo(1);
		assertThat(pricing.get("unpricedCallsNotListed").asLong()).isZero();
	}

	@Test
	@Order(3)
	void sessionsAreIncludedOnRequest() throws Exception {
		JsonNode report = json.readTree(get("/actuator/tokenmeter?sessions=true").body());

		assertThat(names(report.get("sessions"))).containsExactly("s-1", "s-2", "s-3");
		assertCost(report.get("sessions").get("s-1"), "0.0075", 2);
	}

	@Test
	@Order(4)
	void oneBreakdownByDimension() throws Exception {
		HttpResponse<String> response = get("/actuator/tokenmeter/user");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode users = json.readTree(response.body());

		assertThat(users.get("dimension").asString()).isEqualTo("user");
		assertThat(names(users.get("entries"))).containsExactly("alice", "bob", "dave", "carol", "erin");
		assertCost(users.get("entries").get("dave"), "0.00045", 1);
	}

	@Test
	@Order(5)
	void theDayWindowIsReadBackFromTheJsonlLedger() throws Exception {
		HttpResponse<String> response = get("/actuator/tokenmeter?window=day");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode day = json.readTree(response.body());
		JsonNode total = json.readTree(get("/actuator/tokenmeter").body());

		assertThat(day.get("source").asString()).isEqualTo("ledger");
		assertThat(day.get("skippedLines").asLong()).isZero();
		if (firstCallDay.equals(LocalDate.now(ZoneOffset.UTC))) {
			assertThat(day.get("totals")).isEqualTo(total.get("totals"));
			assertThat(day.get("users")).isEqualTo(total.get("users"));
			assertThat(day.get("models")).isEqualTo(total.get("models"));
		}
		else { // the test ran across midnight UTC: today's window holds at most the calls
			assertThat(day.get("totals").get("calls").asLong()).isLessThanOrEqualTo(6);
		}
		List<String> lines = new ArrayList<>();
		try (var files = Files.list(ledgerDirectory)) {
			for (Path file : files.toList()) {
				lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
			}
		}
		assertThat(lines).hasSize(6);
		assertThat(lines).filteredOn(line -> line.contains("\"user\":\"dave\""))
			.singleElement()
			.asString()
			.contains("\"preview\":\"Hello\"", "\"stream\":true", "\"ttftMs\":");
		assertThat(lines).filteredOn(line -> line.contains("\"user\":\"erin\""))
			.singleElement()
			.asString()
			.contains("\"outcome\":\"blocked\"", "\"errorType\":\"BudgetExceededException\"")
			.doesNotContain("\"cost\"");
	}

	@Test
	@Order(6)
	void anUnknownWindowIsABadRequestWithProblemDetails() throws Exception {
		HttpResponse<String> response = get("/actuator/tokenmeter?window=fortnight");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("status").asInt()).isEqualTo(400);
		assertThat(problem.get("title").asString()).isEqualTo("Bad Request");
		assertThat(problem.get("detail").asString())
			.isEqualTo("'fortnight' is not a report window; use one of total, hour, day, week, month");
	}

	@Test
	@Order(7)
	void anUnknownDimensionIsABadRequestWithProblemDetails() throws Exception {
		HttpResponse<String> response = get("/actuator/tokenmeter/colour");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json.readTree(response.body()).get("detail").asString())
			.isEqualTo("'colour' is not a report dimension; use one of model, agent, user, session, operation");
	}

	@Test
	@Order(8)
	void healthStaysUpWithAnExceededBudgetAndShowsIt() throws Exception {
		HttpResponse<String> response = get("/actuator/health/tokenmeter");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode health = json.readTree(response.body());
		assertThat(health.get("status").asString()).isEqualTo("UP");
		assertThat(health.get("details").get("exceeded").get(0).asString()).isEqualTo("per-user");
		assertThat(health.get("details").get("store").asString()).isEqualTo("reachable");
	}

	@Test
	@Order(8)
	void healthPrintsTheBudgetAmountsWithoutTrailingZeros() throws Exception {
		String body = get("/actuator/health/tokenmeter").body();

		assertThat(body).contains("\"limit\":0.01,", "\"limit\":0.000001,")
			.doesNotContainPattern("\"(limit|spent|remaining)\":-?[0-9]+\\.[0-9]*0[,}]");
	}

	@Test
	@Order(9)
	void theRecordedEventsCarryTheExactRecords() {
		assertThat(this.recordedEvents.events).filteredOn(event -> "alice".equals(event.record().user()))
			.extracting(event -> event.record().responsePreview())
			.containsExactly("Done.", "Done.");
		assertThat(this.recordedEvents.events).filteredOn(event -> "alice".equals(event.record().user()))
			.extracting(event -> event.record().cost())
			.usingElementComparator(BigDecimal::compareTo)
			.containsExactly(new BigDecimal("0.0045"), new BigDecimal("0.003"));
	}

	private static String call(ChatClient chat, String prompt, String agent, String user, String session) {
		return chat.prompt(prompt).advisors(a -> {
			a.param(TokenMeter.AGENT, agent).param(TokenMeter.USER, user);
			if (session != null) {
				a.param(TokenMeter.SESSION, session);
			}
		}).call().content();
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private JsonNode reportSinceStart() throws Exception {
		return json.readTree(get("/actuator/tokenmeter").body());
	}

	private static List<String> names(JsonNode object) {
		return new ArrayList<>(object.propertyNames());
	}

	private static void assertCost(JsonNode spend, String cost, long calls) {
		assertThat(spend.get("cost").decimalValue()).isEqualByComparingTo(cost);
		assertThat(spend.get("calls").asLong()).isEqualTo(calls);
	}

	private static void assertBudget(JsonNode budget, String name, String key, String limit, String spent,
			String remaining, String state) {
		assertThat(budget.get("budget").asString()).isEqualTo(name);
		assertThat(budget.get("key").asString()).isEqualTo(key);
		assertThat(budget.get("limit").decimalValue()).isEqualByComparingTo(limit);
		assertThat(budget.get("spent").decimalValue()).isEqualByComparingTo(spent);
		assertThat(budget.get("remaining").decimalValue()).isEqualByComparingTo(remaining);
		assertThat(budget.get("state").asString()).isEqualTo(state);
	}

	private static MockResponse completion(String prompt) {
		String model = switch (prompt) {
			case "Q3" -> "gpt-4o-mini-2024-07-18";
			case "Q4" -> "gpt-mystery-1";
			default -> "gpt-4o-2024-08-06";
		};
		// prompt tokens include the cached ones; completion tokens include the reasoning ones
		String usage = switch (prompt) {
			case "Q1" -> usage(1000, 0, 200, 0);
			case "Q2" -> usage(1000, 400, 100, 40);
			case "Q3" -> usage(2000, 0, 500, 0);
			default -> usage(300, 0, 30, 0);
		};
		return new MockResponse().setHeader("Content-Type", "application/json").setBody("""
				{"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion","created":1741569952,
				 "model":"%s",
				 "choices":[{"index":0,"message":{"role":"assistant","content":"Done. %s","refusal":null,
				   "annotations":[]},"logprobs":null,"finish_reason":"stop"}],
				 "usage":%s,
				 "service_tier":"default","system_fingerprint":"fp_fc9f1d7035"}
				""".formatted(model, prompt, usage));
	}

	private static String usage(int prompt, int cached, int completion, int reasoning) {
		return """
				{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d,
				 "prompt_tokens_details":{"cached_tokens":%d,"audio_tokens":0},
				 "completion_tokens_details":{"reasoning_tokens":%d,"audio_tokens":0,
				   "accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}""".formatted(prompt, completion,
				prompt + completion, cached, reasoning);
	}

	private static MockResponse stream() {
		String head = "{\"id\":\"chatcmpl-C1\",\"object\":\"chat.completion.chunk\",\"created\":1741569952,"
				+ "\"model\":\"gpt-4o-2024-08-06\",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_f9f4fb6dbf\",";
		String body = "data: " + head
				+ "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},"
				+ "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n" + "data: " + head
				+ "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},\"logprobs\":null,\"finish_reason\":null}],"
				+ "\"usage\":null}\n\n" + "data: " + head
				+ "\"choices\":[{\"index\":0,\"delta\":{\"content\":\" world\"},\"logprobs\":null,\"finish_reason\":null}],"
				+ "\"usage\":null}\n\n" + "data: " + head
				+ "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"
				+ "data: " + head + "\"choices\":[],\"usage\":" + usage(100, 0, 20, 0).replace("\n", "") + "}\n\n"
				+ "data: [DONE]\n\n";
		return new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(body);
	}

	@SpringBootApplication
	static class App {

		@Bean
		RecordedEvents recordedEvents() {
			return new RecordedEvents();
		}

	}

	static class RecordedEvents {

		final List<LlmCallRecordedEvent> events = Collections.synchronizedList(new ArrayList<>());

		@EventListener
		void on(LlmCallRecordedEvent event) {
			this.events.add(event);
		}

	}

}
