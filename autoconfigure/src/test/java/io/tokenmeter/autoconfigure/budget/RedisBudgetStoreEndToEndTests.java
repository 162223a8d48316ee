package io.tokenmeter.autoconfigure.budget;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.tokenmeter.autoconfigure.TokenMeterAutoConfiguration;
import io.tokenmeter.autoconfigure.metrics.TokenMeterMetricsAutoConfiguration;
import io.tokenmeter.autoconfigure.pricing.TokenMeterPricingAutoConfiguration;
import io.tokenmeter.core.budget.Budget;
import io.tokenmeter.core.budget.BudgetExceededEvent;
import io.tokenmeter.core.budget.BudgetStore;
import io.tokenmeter.core.budget.BudgetStoreUnavailableException;
import io.tokenmeter.core.budget.BudgetThresholdEvent;
import io.tokenmeter.core.budget.internal.BudgetTracker;
import io.tokenmeter.core.budget.internal.CircuitBreakingBudgetStore;
import io.tokenmeter.redis.RedisServerProcess;
import io.tokenmeter.testsupport.OpenAiReplies;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration;
import org.springframework.ai.model.openai.autoconfigure.OpenAiChatAutoConfiguration;
import org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Application instances sharing budgets through a real redis-server (started by the test on a free port), with the
 * real OpenAI client calling a replaying HTTP server: spend adds up across instances, a crossing is published once
 * across the fleet, and a Redis outage in the middle of a run follows {@code tokenmeter.budget-store.failure-mode}.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisBudgetStoreEndToEndTests {

	@RegisterExtension
	static final RedisServerProcess redisServer = new RedisServerProcess();

	private static final MockWebServer openAi = new MockWebServer();

	private static final AtomicInteger modelRequests = new AtomicInteger();

	// Each answer costs 1,000 in × $2.50/M + 1,000 out × $10/M = $0.0025 + $0.0100 = $0.0125.
	private static MockResponse completion() {
		return OpenAiReplies.completion("gpt-4o-2024-08-06", "Done.", "stop", OpenAiReplies.usage(1000, 0, 1000, 0));
	}

	/**
	 * While Redis is down, every store operation waits for the command timeout before it fails (Lettuce queues
	 * commands while it reconnects; its default timeout is 60 s). The outage tests set it short.
	 */
	private static final List<String> SHORT_REDIS_TIMEOUTS = List.of("spring.data.redis.timeout=500ms",
			"spring.data.redis.connect-timeout=500ms");

	static {
		openAi.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				modelRequests.incrementAndGet();
				return completion();
			}
		});
	}

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	private final String keyPrefix;

	RedisBudgetStoreEndToEndTests(TestInfo test) {
		// One key prefix per test: the tests share one redis-server but never each other's budgets.
		this.keyPrefix = "test-" + test.getTestMethod().orElseThrow().getName();
	}

	@AfterEach
	void stopInstancesAndBringRedisBack() {
		this.instances.forEach(ConfigurableApplicationContext::close);
		redisServer.start();
	}

	@AfterAll
	static void stopOpenAi() throws IOException {
		openAi.shutdown();
	}

	@Test
	void twoInstancesSharingOneRedisAddUpSpendAndPublishOneExceededEventBetweenThem() throws Exception {
		// A $0.10 daily budget, alerting at 80% and 100%; 16 calls of $0.0125 run concurrently, 8 on each instance.
		ConfigurableApplicationContext first = startInstance(List.of(), "tokenmeter.budgets[0].limit=0.10");
		ConfigurableApplicationContext second = startInstance(List.of(), "tokenmeter.budgets[0].limit=0.10");
		assertThat(first.getBean(BudgetStore.class)).isInstanceOf(CircuitBreakingBudgetStore.class);

		List<ChatClient> clients = List.of(chatClient(first), chatClient(second));
		ExecutorService pool = Executors.newFixedThreadPool(16);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<String>> answers = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			ChatClient client = clients.get(i % 2);
			answers.add(pool.submit(() -> {
				start.await();
				return client.prompt("Summarize the ticket").call().content();
			}));
		}
		start.countDown();
		for (Future<String> answer : answers) {
			assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo("Done.");
		}
		pool.shutdown();

		// 16 × $0.0125 = $0.2000, seen the same from both instances.
		assertThat(tracker(first).spent(budget(first), "*")).isEqualByComparingTo("0.2000");
		assertThat(tracker(second).spent(budget(second), "*")).isEqualByComparingTo("0.2000");
		assertThat(spentGauge(first)).isEqualTo(0.2);
		// The 8th commit reached 8 × $0.0125 = $0.1000 = the limit: exactly one instance saw it, and published once.
		List<Object> events = Stream.concat(events(first).stream(), events(second).stream()).toList();
		assertThat(events).filteredOn(BudgetExceededEvent.class::isInstance)
			.singleElement()
			.satisfies(event -> assertThat(((BudgetExceededEvent) event).spent()).isEqualByComparingTo("0.1000"));
		// 80% of $0.10 = $0.08 was first reached by the 7th commit: 7 × $0.0125 = $0.0875.
		assertThat(events).filteredOn(BudgetThresholdEvent.class::isInstance)
			.singleElement()
			.satisfies(event -> assertThat(((BudgetThresholdEvent) event).spent()).isEqualByComparingTo("0.0875"));
		assertThat(tracker(first).exceededCount("fleet") + tracker(second).exceededCount("fleet")).isEqualTo(1);
	}

	@Test
	void failOpenLetsCallsThroughWhileRedisIsDownCountingTheStoreErrorAndLoggingItOnce(CapturedOutput output) {
		ConfigurableApplicationContext app = startInstance(SHORT_REDIS_TIMEOUTS, "tokenmeter.budgets[0].enforce=true");
		ChatClient client = chatClient(app);
		assertThat(client.prompt("Summarize the ticket").call().content()).isEqualTo("Done.");
		assertThat(tracker(app).spent(budget(app), "*")).isEqualByComparingTo("0.0125");

		redisServer.stop();
		int requestsBefore = modelRequests.get();
		assertThat(client.prompt("Summarize the ticket").call().content()).isEqualTo("Done.");
		assertThat(client.prompt("Summarize the ticket").call().content()).isEqualTo("Done.");

		assertThat(modelRequests.get() - requestsBefore).isEqualTo(2);
		// Each call failed twice in the store: its reservation before the model call, its commit after it.
		assertThat(budgetErrors(app)).isEqualTo(4);
		assertThat(occurrences(output.getOut(), "budget store failed for budget 'fleet'")).isEqualTo(1);
		assertThat(output.getOut()).contains("behaviour: FAIL_OPEN");
	}

	@Test
	void commitsOfCallsMadeWhileRedisIsDownReachItOnceItAnswersAgain() {
		ConfigurableApplicationContext app = startInstance(SHORT_REDIS_TIMEOUTS,
				"tokenmeter.budget-store.retry-after=200ms");
		ChatClient client = chatClient(app);
		redisServer.stop();
		assertThat(client.prompt("Summarize the ticket").call().content()).isEqualTo("Done.");
		assertThat(client.prompt("Summarize the ticket").call().content()).isEqualTo("Done.");
		CircuitBreakingBudgetStore store = (CircuitBreakingBudgetStore) app.getBean(BudgetStore.class);
		assertThat(store.pending()).isEqualTo(2);

		redisServer.start(); // same port, empty: only what the journal delivers is there
		awaitReconnected(app);
		awaitRetry(app);
		tracker(app).spent(budget(app), "*"); // Redis answers: the journal is delivered on its own thread
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (store.pending() > 0 && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}

		// 2 × $0.0125, each applied once.
		assertThat(store.pending()).isZero();
		assertThat(tracker(app).spent(budget(app), "*")).isEqualByComparingTo("0.0250");
	}

	@Test
	void failClosedRefusesCallsUnderAnEnforcedBudgetWhileRedisIsDown() {
		ConfigurableApplicationContext app = startInstance(SHORT_REDIS_TIMEOUTS, "tokenmeter.budgets[0].enforce=true",
				"tokenmeter.budget-store.failure-mode=fail-closed");
		ChatClient client = chatClient(app);
		assertThat(client.prompt("Summarize the ticket").call().content()).isEqualTo("Done.");

		redisServer.stop();
		int requestsBefore = modelRequests.get();
		assertThatExceptionOfType(BudgetStoreUnavailableException.class)
			.isThrownBy(() -> client.prompt("Summarize the ticket").call().content())
			.withMessageContaining("Budget 'fleet'")
			.withMessageContaining("tokenmeter.budget-store.failure-mode is fail-closed");

		assertThat(modelRequests.get()).isEqualTo(requestsBefore);
		assertThat(budgetErrors(app)).isEqualTo(1);
		assertThat(app.getBean(MeterRegistry.class)
			.get("llm.call.duration")
			.tag("outcome", "blocked")
			.tag("error", "BudgetStoreUnavailableException")
			.timer()
			.count()).isEqualTo(1);
	}

	@Test
	void meteringResumesWhenRedisComesBackOnTheSamePort() {
		ConfigurableApplicationContext app = startInstance(SHORT_REDIS_TIMEOUTS, "tokenmeter.budgets[0].enforce=true",
				"tokenmeter.budget-store.failure-mode=fail-closed", "tokenmeter.budget-store.retry-after=200ms");
		ChatClient client = chatClient(app);
		assertThat(client.prompt("Summarize the ticket").call().content()).isEqualTo("Done.");
		redisServer.stop();
		assertThatExceptionOfType(BudgetStoreUnavailableException.class)
			.isThrownBy(() -> client.prompt("Summarize the ticket").call().content());

		redisServer.start(); // same port, empty (no persistence): the $0.0125 charged before is gone
		awaitReconnected(app);
		awaitRetry(app);
		double errorsWhileDown = budgetErrors(app);
		assertThat(client.prompt("Summarize the ticket").call().content()).isEqualTo("Done.");
		assertThat(client.prompt("Summarize the ticket").call().content()).isEqualTo("Done.");

		// 2 × $0.0125 = $0.0250 charged after the restart, and no further store errors.
		assertThat(tracker(app).spent(budget(app), "*")).isEqualByComparingTo("0.0250");
		assertThat(budgetErrors(app)).isEqualTo(errorsWhileDown);
	}

	private ConfigurableApplicationContext startInstance(List<String> redisTimeouts, String... properties) {
		List<String> all = new ArrayList<>(List.of("spring.ai.openai.api-key=test",
				"spring.ai.openai.base-url=" + openAi.url("/v1"), "spring.ai.openai.chat.model=gpt-4o",
				"spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redisServer.port(),
				"tokenmeter.budget-store.type=redis", "tokenmeter.budget-store.key-prefix=" + this.keyPrefix,
				"tokenmeter.pricing.catalog=none", "tokenmeter.pricing.models[gpt-4o].input=2.50",
				"tokenmeter.pricing.models[gpt-4o].output=10.00",
				"tokenmeter.budget-enforcement.default-max-output-tokens=1000", "tokenmeter.budgets[0].name=fleet",
				"tokenmeter.budgets[0].limit=1.00", "tokenmeter.budgets[0].window=day"));
		all.addAll(redisTimeouts);
		all.addAll(List.of(properties));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Instance.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(all.toArray(String[]::new))
			.run();
		this.instances.add(context);
		return context;
	}

	private static ChatClient chatClient(ConfigurableApplicationContext context) {
		return context.getBean(ChatClient.Builder.class).build();
	}

	private static BudgetTracker tracker(ConfigurableApplicationContext context) {
		return context.getBean(BudgetTracker.class);
	}

	private static Budget budget(ConfigurableApplicationContext context) {
		return tracker(context).budgets().get(0);
	}

	private static List<Object> events(ConfigurableApplicationContext context) {
		return context.getBean(BudgetEvents.class).events;
	}

	private static double spentGauge(ConfigurableApplicationContext context) {
		return context.getBean(MeterRegistry.class).get("llm.budget.spent").tag("budget", "fleet").gauge().value();
	}

	private static double budgetErrors(ConfigurableApplicationContext context) {
		return context.getBean(MeterRegistry.class)
			.get("tokenmeter.errors")
			.tag("stage", "budget")
			.functionCounter()
			.count();
	}

	/** Lettuce reconnects on its own; wait (bounded) until this instance's connection answers again. */
	private static void awaitReconnected(ConfigurableApplicationContext context) {
		StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		RuntimeException last = null;
		while (System.nanoTime() < deadline) {
			try {
				if ("PONG".equals(redis.execute((RedisCallback<String>) RedisConnection::ping))) {
					return;
				}
			}
			catch (RuntimeException stillDown) {
				last = stillDown; // each attempt waits up to the command timeout, so this loop does not spin
			}
		}
		throw new AssertionError("The application did not reconnect to " + redisServer + " within 20 s", last);
	}

	/** After a store failure, operations fail fast for tokenmeter.budget-store.retry-after; wait it out (bounded). */
	private static void awaitRetry(ConfigurableApplicationContext context) {
		CircuitBreakingBudgetStore store = (CircuitBreakingBudgetStore) context.getBean(BudgetStore.class);
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (store.isOpen()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("the budget store did not retry Redis within 5 s");
			}
			Thread.onSpinWait();
		}
	}

	private static int occurrences(String text, String fragment) {
		int count = 0;
		for (int at = text.indexOf(fragment); at >= 0; at = text.indexOf(fragment, at + fragment.length())) {
			count++;
		}
		return count;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataRedisAutoConfiguration.class, MetricsAutoConfiguration.class,
			CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
			ToolCallingAutoConfiguration.class, OpenAiChatAutoConfiguration.class, ChatClientAutoConfiguration.class,
			TokenMeterPricingAutoConfiguration.class, TokenMeterMetricsAutoConfiguration.class,
			TokenMeterBudgetAutoConfiguration.class, TokenMeterAutoConfiguration.class })
	static class Instance {

		@Bean
		BudgetEvents budgetEvents() {
			return new BudgetEvents();
		}

	}

	static class BudgetEvents {

		final List<Object> events = Collections.synchronizedList(new ArrayList<>());

		@EventListener
		void onExceeded(BudgetExceededEvent event) {
			this.events.add(event);
		}

		@EventListener
		void onThreshold(BudgetThresholdEvent event) {
			this.events.add(event);
		}

	}

}
