package io.tokenmeter.core.budget.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.tokenmeter.core.attribution.CallAttribution;
import io.tokenmeter.core.budget.Budget;
import io.tokenmeter.core.budget.BudgetEvent;
import io.tokenmeter.core.budget.BudgetExceededEvent;
import io.tokenmeter.core.budget.BudgetExceededException;
import io.tokenmeter.core.budget.BudgetScope;
import io.tokenmeter.core.budget.BudgetThresholdEvent;
import io.tokenmeter.core.budget.BudgetWindow;
import io.tokenmeter.core.budget.InMemoryBudgetStore;
import io.tokenmeter.core.budget.StoreFailureMode;
import io.tokenmeter.core.call.CallOutcome;
import io.tokenmeter.core.call.LlmCall;
import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.usage.TokenUsage;
import io.tokenmeter.testsupport.Calls;
import io.tokenmeter.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

class BudgetTrackerTests {

	private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

	private final List<Object> events = Collections.synchronizedList(new ArrayList<>());

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T04:00:00Z"));

	@Test
	void exceededEventFiresOncePerWindowAndAgainAfterTheDayRollsOverInTheBudgetsZone() {
		Budget daily = budget("daily", "1.00", BudgetWindow.calendar(BudgetWindow.Kind.DAY, NEW_YORK), false);
		BudgetTracker tracker = tracker(daily);
		// 04:00 UTC is 23:00 on the 23rd in New York.
		tracker.settle(Admission.NONE, call("0.60"));
		tracker.settle(Admission.NONE, call("0.60")); // 1.20 >= 1.00: crosses
		tracker.settle(Admission.NONE, call("0.60")); // already over: no second event
		assertThat(exceeded()).hasSize(1);
		assertThat(exceeded().get(0).spent()).isEqualByComparingTo("1.20");
		assertThat(exceeded().get(0).windowEnd()).isEqualTo(Instant.parse("2026-11-24T05:00:00Z"));

		this.clock.set(Instant.parse("2026-11-24T05:00:00Z")); // midnight in New York: new window
		assertThat(tracker.spent(daily, "*")).isEqualByComparingTo("0");
		tracker.settle(Admission.NONE, call("1.00"));
		assertThat(exceeded()).hasSize(2);
		assertThat(exceeded().get(1).spent()).isEqualByComparingTo("1.00");
	}

	@Test
	void monthlyWindowResetsAfterTwentyEightDaysInFebruaryAndThirtyOneInMarch() {
		Budget monthly = budget("monthly", "10", BudgetWindow.calendar(BudgetWindow.Kind.MONTH, ZoneId.of("UTC")),
				false);
		BudgetTracker tracker = tracker(monthly);
		this.clock.set(Instant.parse("2027-02-01T00:00:00Z"));
		tracker.settle(Admission.NONE, call("9"));
		this.clock.advance(Duration.ofDays(27).plusHours(23)); // 2027-02-28T23:00, still February
		assertThat(tracker.spent(monthly, "*")).isEqualByComparingTo("9");
		this.clock.advance(Duration.ofHours(1)); // 2027-03-01T00:00
		assertThat(tracker.spent(monthly, "*")).isEqualByComparingTo("0");
		tracker.settle(Admission.NONE, call("5"));
		this.clock.advance(Duration.ofDays(30)); // 2027-03-31, still March
		assertThat(tracker.spent(monthly, "*")).isEqualByComparingTo("5");
		this.clock.advance(Duration.ofDays(1)); // 2027-04-01
		assertThat(tracker.spent(monthly, "*")).isEqualByComparingTo("0");
	}

	@Test
	void thresholdEventsFireOnceEachBeforeTheExceededEvent() {
		Budget budget = new Budget("b", new BigDecimal("1.00"), BudgetWindow.calendar(BudgetWindow.Kind.TOTAL,
				ZoneId.of("UTC")), BudgetScope.GLOBAL, Set.of(),
				List.of(new BigDecimal("0.5"), new BigDecimal("0.8"), BigDecimal.ONE), false);
		BudgetTracker tracker = tracker(budget);
		tracker.settle(Admission.NONE, call("0.55")); // crosses 50%
		tracker.settle(Admission.NONE, call("0.10")); // 0.65: nothing
		tracker.settle(Admission.NONE, call("0.40")); // 1.05: crosses 80% and 100% in one call
		assertThat(this.events).hasSize(3);
		assertThat(((BudgetThresholdEvent) this.events.get(0)).threshold()).isEqualByComparingTo("0.5");
		assertThat(((BudgetThresholdEvent) this.events.get(1)).threshold()).isEqualByComparingTo("0.8");
		assertThat(this.events.get(2)).isInstanceOf(BudgetExceededEvent.class);
	}

	@Test
	void aThresholdEventAndTheExceededEventOfOneBudgetKeyShareOneCrossingShape() {
		Budget perUser = new Budget("per-user", new BigDecimal("1.00"), BudgetWindow.calendar(BudgetWindow.Kind.TOTAL,
				ZoneId.of("UTC")), BudgetScope.USER, Set.of(), List.of(new BigDecimal("0.5"), BigDecimal.ONE), false);
		BudgetTracker tracker = tracker(perUser);
		tracker.settle(Admission.NONE, call("0.60")); // crosses 50%
		tracker.settle(Admission.NONE, call("0.60")); // 1.20: crosses the limit

		assertThat(this.events).map(BudgetEvent.class::cast)
			.extracting(BudgetEvent::budget, BudgetEvent::scope, BudgetEvent::key, event -> event.spent().toPlainString())
			.containsExactly(tuple("per-user", BudgetScope.USER, "alice", "0.60"),
					tuple("per-user", BudgetScope.USER, "alice", "1.20"));
	}

	@Test
	void userScopedBudgetsAreIndependentAndMatchRestrictsThem() {
		Budget perUser = new Budget("per-user", new BigDecimal("1"), BudgetWindow.calendar(BudgetWindow.Kind.TOTAL,
				ZoneId.of("UTC")), BudgetScope.USER, Set.of("alice", "bob"), List.of(BigDecimal.ONE), false);
		BudgetTracker tracker = tracker(perUser);
		tracker.settle(Admission.NONE, call("1", "alice"));
		tracker.settle(Admission.NONE, call("0.5", "bob"));
		tracker.settle(Admission.NONE, call("5", "carol")); // not matched: not budgeted
		assertThat(tracker.spent(perUser, "alice")).isEqualByComparingTo("1");
		assertThat(tracker.spent(perUser, "bob")).isEqualByComparingTo("0.5");
		assertThat(tracker.spent(perUser, "carol")).isEqualByComparingTo("0");
		assertThat(exceeded()).singleElement().satisfies(event -> assertThat(event.key()).isEqualTo("alice"));
	}

	@Test
	void unpricedCallsAreNotCharged() {
		Budget budget = budget("b", "1", BudgetWindow.calendar(BudgetWindow.Kind.TOTAL, ZoneId.of("UTC")), false);
		BudgetTracker tracker = tracker(budget);
		tracker.settle(Admission.NONE, call(null));
		assertThat(tracker.spent(budget, "*")).isEqualByComparingTo("0");
	}

	@Test
	void sixteenThreadsPushingOneBudgetOverItsLimitPublishExactlyOneEvent() throws Exception {
		Budget budget = budget("shared", "10", BudgetWindow.calendar(BudgetWindow.Kind.TOTAL, ZoneId.of("UTC")),
				false);
		BudgetTracker tracker = tracker(budget);
		int threads = 16;
		int callsPerThread = 1_000;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		List<Future<?>> done = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			done.add(pool.submit(() -> {
				start.await();
				for (int i = 0; i < callsPerThread; i++) {
					tracker.settle(Admission.NONE, call("0.001"));
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> future : done) {
			future.get(60, TimeUnit.SECONDS);
		}
		pool.shutdown();
		// 16 threads × 1,000 calls × $0.001 = $16.000, crossing the $10 limit once.
		assertThat(tracker.spent(budget, "*")).isEqualByComparingTo("16.000");
		assertThat(exceeded()).hasSize(1);
		assertThat(tracker.exceededCount("shared")).isEqualTo(1);
	}

	@Test
	void thirtyTwoConcurrentAdmissionsIntoRoomForTenAdmitTen() throws Exception {
		// $1.00 limit, each call reserves its $0.10 estimate: room for exactly 10 calls at once.
		Budget budget = budget("enforced", "1.00", BudgetWindow.calendar(BudgetWindow.Kind.TOTAL, ZoneId.of("UTC")),
				true);
		BudgetTracker tracker = tracker(budget);
		CountDownLatch start = new CountDownLatch(1);
		AtomicInteger admitted = new AtomicInteger();
		AtomicInteger refused = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(32);
		List<Future<?>> done = new ArrayList<>();
		for (int t = 0; t < 32; t++) {
			done.add(pool.submit(() -> {
				start.await();
				try {
					tracker.admit("gpt-4o", "agent", "alice", new BigDecimal("0.10"));
					admitted.incrementAndGet();
				}
				catch (BudgetExceededException ex) {
					refused.incrementAndGet();
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> future : done) {
			future.get(60, TimeUnit.SECONDS);
		}
		pool.shutdown();
		assertThat(admitted.get()).isEqualTo(10);
		assertThat(refused.get()).isEqualTo(22);
	}

	@Test
	void settlingReplacesTheReservationWithTheActualCostAndFailedCallsReleaseIt() {
		Budget budget = budget("enforced", "1.00", BudgetWindow.calendar(BudgetWindow.Kind.TOTAL, ZoneId.of("UTC")),
				true);
		BudgetTracker tracker = tracker(budget);
		Admission first = tracker.admit("gpt-4o", "agent", "alice", new BigDecimal("0.60"));
		assertThatExceptionOfType(BudgetExceededException.class)
			.isThrownBy(() -> tracker.admit("gpt-4o", "agent", "alice", new BigDecimal("0.60")))
			.withMessageContaining("Budget 'enforced'")
			.withMessageContaining("limit $1.00");
		tracker.settle(first, call("0.20")); // actual 0.20 replaces the 0.60 reservation
		Admission second = tracker.admit("gpt-4o", "agent", "alice", new BigDecimal("0.60"));
		tracker.release(second); // the call failed: nothing charged, room restored
		tracker.admit("gpt-4o", "agent", "alice", new BigDecimal("0.80"));
		assertThat(tracker.spent(budget, "*")).isEqualByComparingTo("0.20");
	}

	@Test
	void aThrowingEventListenerIsCountedAndDoesNotStopCharging() {
		Budget budget = budget("b", "1", BudgetWindow.calendar(BudgetWindow.Kind.TOTAL, ZoneId.of("UTC")), false);
		MeteringFailures failures = new MeteringFailures(Duration.ofMinutes(1));
		BudgetTracker tracker = new BudgetTracker(List.of(budget), new InMemoryBudgetStore(), event -> {
			throw new IllegalStateException("listener broke");
		}, this.clock, StoreFailureMode.FAIL_OPEN, failures);
		tracker.settle(Admission.NONE, call("2"));
		assertThat(tracker.spent(budget, "*")).isEqualByComparingTo("2");
		assertThat(failures.count(io.tokenmeter.core.call.internal.MeteringStage.EVENTS)).isEqualTo(1);
	}

	private BudgetTracker tracker(Budget... budgets) {
		return new BudgetTracker(List.of(budgets), new InMemoryBudgetStore(), this.events::add, this.clock,
				StoreFailureMode.FAIL_OPEN, new MeteringFailures(Duration.ofMinutes(1)));
	}

	private static Budget budget(String name, String limit, BudgetWindow window, boolean enforce) {
		return new Budget(name, new BigDecimal(limit), window, BudgetScope.GLOBAL, Set.of(),
				List.of(BigDecimal.ONE), enforce);
	}

	private List<BudgetExceededEvent> exceeded() {
		synchronized (this.events) {
			return this.events.stream()
				.filter(BudgetExceededEvent.class::isInstance)
				.map(BudgetExceededEvent.class::cast)
				.toList();
		}
	}

	@Test
	void theTrackerOfAnApplicationWithoutBudgetsAdmitsEveryCallUnreservedAndSettlesNothing() {
		BudgetTracker none = BudgetTracker.none();

		assertThat(none.isEmpty()).isTrue();
		assertThat(none.enforcing()).isFalse();
		assertThat(none.admit("gpt-4o", "agent", "alice", new BigDecimal("1000000"))).isSameAs(Admission.NONE);
		none.settle(Admission.NONE, call("1000000"));
		assertThat(none.budgets()).isEmpty();
	}

	private static LlmCall call(String cost) {
		return call(cost, "alice");
	}

	private static LlmCall call(String cost, String user) {
		return Calls.chat("gpt-4o-2024-08-06")
			.requestedModel("gpt-4o")
			.attribution(new CallAttribution("agent", user, null))
			.usage(TokenUsage.of(100, 0, 0, 0, 10, 0))
			.cost(cost == null ? null : new BigDecimal(cost))
			.build();
	}

}
