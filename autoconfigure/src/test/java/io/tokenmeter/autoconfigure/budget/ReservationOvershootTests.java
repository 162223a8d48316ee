package io.tokenmeter.autoconfigure.budget;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.tokenmeter.core.budget.Budget;
import io.tokenmeter.core.budget.BudgetExceededEvent;
import io.tokenmeter.core.budget.BudgetExceededException;
import io.tokenmeter.core.budget.BudgetScope;
import io.tokenmeter.core.budget.BudgetThresholdEvent;
import io.tokenmeter.core.budget.BudgetWindow;
import io.tokenmeter.core.budget.InMemoryBudgetStore;
import io.tokenmeter.core.budget.StoreFailureMode;
import io.tokenmeter.core.budget.UnpricedCallException;
import io.tokenmeter.core.budget.internal.Admission;
import io.tokenmeter.core.budget.internal.BudgetTracker;
import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.ledger.BudgetStatus;
import io.tokenmeter.core.ledger.internal.BudgetStatuses;
import io.tokenmeter.core.pricing.CostCalculator;
import io.tokenmeter.core.pricing.JtokkitPromptTokenCounter;
import io.tokenmeter.core.pricing.ModelPrice;
import io.tokenmeter.core.pricing.ModelRate;
import io.tokenmeter.core.pricing.PriceEntry;
import io.tokenmeter.core.pricing.RateTable;
import io.tokenmeter.core.pricing.UnknownModelPolicy;
import io.tokenmeter.core.pricing.internal.CallPricer;
import io.tokenmeter.core.usage.TokenUsage;
import io.tokenmeter.testsupport.Calls;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The overshoot bound of enforced budgets, under concurrency, with the reservation the auto-configuration uses
 * ({@link BudgetReservationEstimate}) and the in-memory store: admitted calls whose actual cost is within their
 * reservation never take spend past the limit, and a call whose actual exceeds its reservation can take it past by
 * at most that excess.
 */
class ReservationOvershootTests {

	private static final int THREADS = 64;

	private static final int CALLS_PER_THREAD = 20;

	private static final BigDecimal LIMIT = new BigDecimal("0.05");

	private static final String PROMPT = "Summarize the following support ticket in two sentences.";

	private static final int MAX_TOKENS = 500;

	private final JtokkitPromptTokenCounter counter = new JtokkitPromptTokenCounter();

	private final long promptTokens = this.counter.count("gpt-4o", List.of(PROMPT)).tokens();

	private final CallPricer pricer = new CallPricer(new RateTable(List.of(
			new PriceEntry(null, ModelPrice.of("gpt-4o", ModelRate.of("2.50", "10.00")), List.of(), List.of())),
			Map.of()), new CostCalculator(Map.of()), UnknownModelPolicy.WARN);

	private final List<Object> events = Collections.synchronizedList(new ArrayList<>());

	private final Clock clock = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

	private final Budget budget = new Budget("daily", LIMIT, BudgetWindow.calendar(BudgetWindow.Kind.DAY,
			ZoneId.of("UTC")), BudgetScope.GLOBAL, Set.of(), List.of(new BigDecimal("0.8"), BigDecimal.ONE), true);

	private final BudgetTracker tracker = new BudgetTracker(List.of(this.budget), new InMemoryBudgetStore(),
			this.events::add, this.clock, StoreFailureMode.FAIL_OPEN, new MeteringFailures(Duration.ofMinutes(1)));

	private final Prompt prompt = new Prompt(PROMPT, ChatOptions.builder().maxTokens(MAX_TOKENS).build());

	@Test
	void callsWithinTheirReservationNeverTakeSpendPastTheLimit() throws Exception {
		BudgetReservationEstimate estimate = estimate(Optional.empty());
		// promptTokens × $2.50/M + 500 × $10/M (about $0.00505: ten fit under $0.05)
		BigDecimal reservation = usd(this.promptTokens, "2.50", MAX_TOKENS, "10.0");
		assertThat(estimate.estimate("openai", "gpt-4o", this.prompt, null)).isEqualByComparingTo(reservation);

		Run run = run(estimate, output -> cost(this.promptTokens, output));

		BigDecimal spent = this.tracker.spent(this.budget, "*");
		assertThat(run.admitted.get() + run.refused.get()).isEqualTo(THREADS * CALLS_PER_THREAD);
		assertThat(run.refused.get()).isPositive();
		assertThat(spent).isLessThanOrEqualTo(LIMIT);
		// the last call admitted found room for a whole reservation: spend ends within one reservation of the limit
		assertThat(spent).isGreaterThan(LIMIT.subtract(reservation).subtract(reservation));
		assertThat(crossings(BudgetThresholdEvent.class)).hasSize(1);
		assertThat(crossings(BudgetExceededEvent.class)).hasSize(spent.compareTo(LIMIT) == 0 ? 1 : 0);
	}

	@Test
	void callsCostingMoreThanTheirReservationOvershootByAtMostTheirExcess() throws Exception {
		// The provider bills 2,000 prompt tokens the estimate did not count (tool definitions, say): each call's
		// actual exceeds its reservation by 2,000 × $2.50/M = $0.005, about doubling it, as in the issue.
		BigDecimal reservation = usd(this.promptTokens, "2.50", MAX_TOKENS, "10.0");
		BigDecimal excess = usd(2000, "2.50", 0, "0");
		Run run = run(estimate(Optional.empty()), output -> cost(this.promptTokens + 2000, output));

		BigDecimal spent = this.tracker.spent(this.budget, "*");
		assertThat(run.refused.get()).isPositive();
		// the calls in flight at the last admission each held a reservation: at most $0.05 / reservation of them
		long inFlight = LIMIT.divideToIntegralValue(reservation).longValue();
		assertThat(spent).isLessThanOrEqualTo(LIMIT.add(excess.multiply(BigDecimal.valueOf(inFlight))));
		assertThat(crossings(BudgetExceededEvent.class)).hasSizeLessThanOrEqualTo(1);
	}

	@Test
	void aBudgetWithoutRoomForTheNextReservationIsReportedRefusingBeforeItsLimit() {
		BudgetReservationEstimate estimate = estimate(Optional.empty());
		BudgetStatuses statuses = new BudgetStatuses(this.tracker);
		List<Admission> inFlight = new ArrayList<>();
		for (int i = 0; i < 9; i++) { // 9 × $0.00505 = $0.04545 reserved, $0 spent
			inFlight.add(admit(estimate));
		}
		assertThat(statuses.status(this.budget, "*").state()).isEqualTo(BudgetStatus.OK);

		assertThatExceptionOfType(BudgetExceededException.class).isThrownBy(() -> admit(estimate));

		BudgetStatus status = statuses.status(this.budget, "*");
		assertThat(status.spent()).isEqualByComparingTo("0");
		assertThat(status.state()).isEqualTo(BudgetStatus.REFUSING);
		assertThat(this.tracker.refusedCount("daily")).isEqualTo(1);
		inFlight.forEach(this.tracker::release);
		admit(estimate);
		assertThat(statuses.status(this.budget, "*").state()).isEqualTo(BudgetStatus.OK);
	}

	@Test
	void anUnpricedModelIsRefusedWithTheReasonWhenNoUnpricedReservationIsSet() {
		BudgetReservationEstimate estimate = estimate(Optional.empty());
		assertThatExceptionOfType(UnpricedCallException.class)
			.isThrownBy(() -> this.tracker.admit("llama-3-70b", "support", "alice",
					() -> estimate.estimate("openai", "llama-3-70b", this.prompt, null)))
			.withMessageContaining("model 'llama-3-70b' has no price")
			.withMessageContaining("tokenmeter.budget-enforcement.unpriced-reservation");
		assertThatExceptionOfType(UnpricedCallException.class)
			.isThrownBy(() -> this.tracker.admit(null, "support", "alice",
					() -> estimate.estimate("openai", null, this.prompt, null)))
			.withMessageContaining("names no model");
	}

	@Test
	void unpricedCallsHoldTheConfiguredReservationSoOnlyAsManyAsFitRunAtOnce() throws Exception {
		// $0.05 / $0.01 = at most 5 unpriced calls in flight
		BudgetReservationEstimate estimate = estimate(Optional.of(new BigDecimal("0.01")));
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger mostInFlight = new AtomicInteger();
		AtomicInteger refused = new AtomicInteger();
		concurrently(() -> {
			Admission admission;
			try {
				admission = this.tracker.admit("llama-3-70b", "support", "alice",
						() -> estimate.estimate("openai", "llama-3-70b", this.prompt, null));
			}
			catch (BudgetExceededException ex) {
				refused.incrementAndGet();
				return;
			}
			mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
			inFlight.decrementAndGet();
			this.tracker.settle(admission, Calls.chat("llama-3-70b").build()); // unpriced: nothing charged
		});
		assertThat(mostInFlight.get()).isBetween(1, 5);
		assertThat(this.tracker.spent(this.budget, "*")).isEqualByComparingTo("0");
	}

	private Admission admit(BudgetReservationEstimate estimate) {
		return this.tracker.admit("gpt-4o", "support", "alice",
				() -> estimate.estimate("openai", "gpt-4o", this.prompt, null));
	}

	/** 64 threads × 20 calls; each admitted call answers 1..500 output tokens and costs {@code actual}. */
	private Run run(BudgetReservationEstimate estimate, Function<Long, BigDecimal> actual) throws Exception {
		Run run = new Run();
		AtomicInteger sequence = new AtomicInteger();
		concurrently(() -> {
			int n = sequence.getAndIncrement();
			long output = 1 + (n * 7919L) % MAX_TOKENS;
			Admission admission;
			try {
				admission = admit(estimate);
			}
			catch (BudgetExceededException ex) {
				run.refused.incrementAndGet();
				return;
			}
			run.admitted.incrementAndGet();
			this.tracker.settle(admission, Calls.chat("gpt-4o")
				.usage(TokenUsage.of(this.promptTokens, 0, 0, 0, output, 0))
				.cost(actual.apply(output))
				.build());
		});
		return run;
	}

	private void concurrently(Runnable call) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < THREADS; t++) {
			futures.add(pool.submit(() -> {
				start.await();
				for (int i = 0; i < CALLS_PER_THREAD; i++) {
					call.run();
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> future : futures) {
			future.get(30, TimeUnit.SECONDS);
		}
		pool.shutdown();
	}

	private BudgetReservationEstimate estimate(Optional<BigDecimal> unpricedReservation) {
		return new BudgetReservationEstimate(this.pricer, this.counter, 1024, unpricedReservation);
	}

	/** input × $2.50/M + output × $10/M */
	private static BigDecimal cost(long input, long output) {
		return usd(input, "2.50", output, "10.0");
	}

	private List<Object> crossings(Class<?> type) {
		return this.events.stream().filter(type::isInstance).toList();
	}

	private static BigDecimal usd(long input, String inputRate, long output, String outputRate) {
		return new BigDecimal(inputRate).multiply(BigDecimal.valueOf(input))
			.add(new BigDecimal(outputRate).multiply(BigDecimal.valueOf(output)))
			.movePointLeft(6);
	}

	private static final class Run {

		final AtomicInteger admitted = new AtomicInteger();

		final AtomicInteger refused = new AtomicInteger();

	}

}
