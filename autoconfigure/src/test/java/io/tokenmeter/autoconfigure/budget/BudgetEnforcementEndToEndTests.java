package io.tokenmeter.autoconfigure.budget;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.tokenmeter.TokenMeter;
import io.tokenmeter.core.budget.BudgetExceededEvent;
import io.tokenmeter.core.budget.BudgetExceededException;
import io.tokenmeter.testsupport.OpenAiReplies;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An enforced budget in front of the real OpenAI client: of 32 concurrent calls against a budget with room for 10,
 * at most 10 reach the (replaying) provider, the rest are refused with {@link BudgetExceededException}.
 */
@SpringBootTest(classes = BudgetEnforcementEndToEndTests.App.class,
		properties = { "spring.ai.openai.api-key=test", "spring.ai.openai.chat.model=gpt-4o",
				"tokenmeter.pricing.catalog=none", "tokenmeter.pricing.models[gpt-4o].input=2.50",
				"tokenmeter.pricing.models[gpt-4o].output=10.00",
				"tokenmeter.budget-enforcement.default-max-output-tokens=1000", "tokenmeter.budgets[0].name=team",
				"tokenmeter.budgets[0].limit=0.105", "tokenmeter.budgets[0].window=day",
				"tokenmeter.budgets[0].enforce=true" })
class BudgetEnforcementEndToEndTests {

	private static final MockWebServer server = new MockWebServer();

	private static final int CALLS = 32;

	private static final AtomicInteger requests = new AtomicInteger();

	private static final AtomicInteger refused = new AtomicInteger();

	// Each answer costs 1,000 in × $2.50/M + 1,000 out × $10/M = $0.0025 + $0.0100 = $0.0125.
	private static MockResponse completion() {
		return OpenAiReplies.completion("gpt-4o-2024-08-06", "Done.", "stop", OpenAiReplies.usage(1000, 0, 1000, 0));
	}

	static {
		server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
				requests.incrementAndGet();
				// Hold every answer until each call was admitted or refused: a settled answer costs more than its
				// reservation, so an answer settled before the last admissions (a busy machine) would leave room
				// for fewer than 10 and the count would measure the scheduler, not the budget.
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
				while (requests.get() + refused.get() < CALLS && System.nanoTime() < deadline) {
					Thread.sleep(5);
				}
				return completion();
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

	@Autowired
	ChatClient.Builder chatClientBuilder;

	@Autowired
	ExceededEvents exceededEvents;

	@Test
	void thirtyTwoConcurrentCallsIntoRoomForTenReachTheModelAtMostTenTimes() throws Exception {
		// Estimate per call: the prompt's few tokens × $2.50/M + 1,000 max output × $10/M ≈ $0.01001;
		// the $0.105 limit holds 10 such reservations and not 11.
		ChatClient chatClient = this.chatClientBuilder.build();
		CountDownLatch start = new CountDownLatch(1);
		AtomicInteger answered = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(CALLS);
		List<Future<?>> calls = new ArrayList<>();
		for (int i = 0; i < CALLS; i++) {
			calls.add(pool.submit(() -> {
				start.await();
				try {
					chatClient.prompt("Summarize the ticket").advisors(a -> a.param(TokenMeter.USER, "alice")).call().content();
					answered.incrementAndGet();
				}
				catch (BudgetExceededException ex) {
					assertThat(ex.getBudget()).isEqualTo("team");
					refused.incrementAndGet();
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> call : calls) {
			call.get(60, TimeUnit.SECONDS);
		}
		pool.shutdown();

		assertThat(requests.get()).isEqualTo(answered.get()).isEqualTo(10);
		assertThat(refused.get()).isEqualTo(22);
		// The 9th settled answer crosses: 8 × $0.0125 = $0.100 < $0.105 ≤ 9 × $0.0125 = $0.1125. One event only.
		assertThat(this.exceededEvents.events).singleElement()
			.satisfies(event -> assertThat(event.spent()).isEqualByComparingTo("0.1125"));
	}

	@SpringBootApplication
	static class App {

		@Bean
		ExceededEvents exceededEvents() {
			return new ExceededEvents();
		}

	}

	static class ExceededEvents {

		final List<BudgetExceededEvent> events = java.util.Collections.synchronizedList(new ArrayList<>());

		@EventListener
		void on(BudgetExceededEvent event) {
			this.events.add(event);
		}

	}

}
