package io.tokenmeter.redis;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.tokenmeter.core.attribution.CallAttribution;
import io.tokenmeter.core.budget.Budget;
import io.tokenmeter.core.budget.BudgetScope;
import io.tokenmeter.core.budget.BudgetThresholdEvent;
import io.tokenmeter.core.budget.BudgetWindow;
import io.tokenmeter.core.budget.StoreFailureMode;
import io.tokenmeter.core.budget.internal.Admission;
import io.tokenmeter.core.budget.internal.BudgetTracker;
import io.tokenmeter.core.budget.internal.CircuitBreakingBudgetStore;
import io.tokenmeter.core.call.LlmCall;
import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.call.internal.MeteringStage;
import io.tokenmeter.core.usage.TokenUsage;
import io.tokenmeter.testsupport.Calls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application instances (two connection factories, two stores, two trackers) sharing one real redis-server,
 * 64 threads each, every call reserving, then committing its exact cost or (one in ten) failing and releasing:
 * however Redis behaves meanwhile, the stored spend ends equal to the exact sum of the call costs and no
 * reservation is left.
 */
class RedisBudgetStoreUnderLoadTests {

	@RegisterExtension
	static final RedisServerProcess redisServer = new RedisServerProcess();

	private static final int INSTANCES = 2;

	private static final int THREADS = 64;

	private static final int CALLS_PER_THREAD = 50;

	private static final int CALLS = INSTANCES * THREADS * CALLS_PER_THREAD;

	/** Shorter than the pause, so commands time out during it (the failure the issue measured). */
	private static final Duration COMMAND_TIMEOUT_UNDER_PAUSE = Duration.ofMillis(500);

	/**
	 * Without a pause, no command may fail: a timeout far above any Redis answer keeps that assertion about the store,
	 * not about how busy the machine running the test is.
	 */
	private static final Duration COMMAND_TIMEOUT_WITHOUT_PAUSE = Duration.ofSeconds(10);

	private static final Duration RETRY_AFTER = Duration.ofMillis(200);

	private static final BigDecimal ESTIMATE = new BigDecimal("0.02");

	private final List<LettuceConnectionFactory> factories = new ArrayList<>();

	private final List<CircuitBreakingBudgetStore> stores = new ArrayList<>();

	private final List<BudgetTracker> trackers = new ArrayList<>();

	private final List<MeteringFailures> failures = new ArrayList<>();

	private final Queue<Object> events = new ConcurrentLinkedQueue<>();

	/** Each call's exact cost (whole nano-dollars, so the stored sum must match to the last digit); null: failed. */
	private final BigDecimal[] costs = new BigDecimal[CALLS];

	private long expectedNanos;

	private Budget budget;

	private StringRedisTemplate observer;

	private void twoInstances(Duration commandTimeout) {
		Random random = new Random(14);
		for (int i = 0; i < CALLS; i++) {
			if (i % 10 != 9) {
				long nanos = 100_000 + random.nextInt(9_900_000); // $0.0001 to $0.01
				this.costs[i] = BigDecimal.valueOf(nanos, 9);
				this.expectedNanos += nanos;
			}
		}
		// Alerting at 50%, with room for every call's reservation: none is refused, one event is due.
		this.budget = new Budget("fleet", BigDecimal.valueOf(this.expectedNanos * 3 / 2, 9),
				BudgetWindow.calendar(BudgetWindow.Kind.TOTAL, ZoneOffset.UTC), BudgetScope.GLOBAL, Set.of(),
				List.of(new BigDecimal("0.5")), true);
		for (int i = 0; i < INSTANCES; i++) {
			StringRedisTemplate redis = new StringRedisTemplate(connect(commandTimeout));
			CircuitBreakingBudgetStore store = new CircuitBreakingBudgetStore(
					new RedisBudgetStore(redis, "load", Clock.systemUTC()), RETRY_AFTER, Clock.systemUTC());
			MeteringFailures failed = new MeteringFailures(Duration.ofMinutes(1));
			this.stores.add(store);
			this.failures.add(failed);
			this.trackers.add(new BudgetTracker(List.of(this.budget), store, this.events::add, Clock.systemUTC(),
					StoreFailureMode.FAIL_OPEN, failed));
		}
		this.observer = new StringRedisTemplate(connect(Duration.ofSeconds(10)));
		this.observer.execute((RedisCallback<Object>) connection -> {
			connection.serverCommands().flushAll();
			return null;
		});
	}

	@AfterEach
	void stopInstances() {
		this.stores.forEach(CircuitBreakingBudgetStore::close);
		this.factories.forEach(LettuceConnectionFactory::destroy);
	}

	@Test
	void twoInstancesOf64ThreadsStoreTheExactSumAndLeaveNoReservation() throws Exception {
		twoInstances(COMMAND_TIMEOUT_WITHOUT_PAUSE);
		Run run = run(false);

		assertSettledExactly(run);
		assertThat(storeFailures()).isZero();
	}

	@Test
	void aClientPauseLongerThanTheCommandTimeoutMidRunLosesNoCommitAndLeaksNoReservation() throws Exception {
		twoInstances(COMMAND_TIMEOUT_UNDER_PAUSE);
		Run run = run(true);

		assertSettledExactly(run);
		// The pause did make commands time out (and some of them were applied by Redis after the client gave up).
		assertThat(storeFailures()).isPositive();
	}

	private void assertSettledExactly(Run run) {
		awaitJournalsDelivered();
		String key = "load:budget:{fleet|*|total}";
		assertThat(Long.parseLong(this.observer.opsForValue().get(key + ":spent"))).as("stored spend in nano-USD")
			.isEqualTo(this.expectedNanos);
		assertThat(this.observer.opsForZSet().zCard(key + ":holds")).as("reservations left").isZero();
		assertThat(this.observer.hasKey(key + ":held")).as("held total left").isFalse();
		assertThat(this.events).hasSize(1).first().isInstanceOf(BudgetThresholdEvent.class);
		assertThat(this.stores).allSatisfy(store -> assertThat(store.dropped()).isZero());
		System.out.printf("%s: %d calls on %d×%d threads in %d ms; call latency p50 %.2f ms, p99 %.2f ms, max %.0f ms;"
				+ " %d store failures; stored %d nano-USD = exact sum %d%n", run.pause ? "CLIENT PAUSE 800" : "no pause",
				CALLS, INSTANCES, THREADS, run.millis, run.percentile(0.50), run.percentile(0.99),
				run.percentile(1.0), storeFailures(), this.expectedNanos, this.expectedNanos);
	}

	private Run run(boolean pause) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(INSTANCES * THREADS + 1);
		CountDownLatch start = new CountDownLatch(1);
		CountDownLatch halfway = new CountDownLatch(CALLS / 2);
		long[] latencies = new long[CALLS];
		List<Future<?>> done = new ArrayList<>();
		for (int instance = 0; instance < INSTANCES; instance++) {
			BudgetTracker tracker = this.trackers.get(instance);
			for (int thread = 0; thread < THREADS; thread++) {
				int first = (instance * THREADS + thread) * CALLS_PER_THREAD;
				done.add(pool.submit(() -> {
					start.await();
					for (int call = first; call < first + CALLS_PER_THREAD; call++) {
						long began = System.nanoTime();
						Admission admission = tracker.admit("gpt-4o", "agent", "user", ESTIMATE);
						if (this.costs[call] == null) {
							tracker.release(admission); // the model call failed
						}
						else {
							tracker.settle(admission, call(this.costs[call]));
						}
						latencies[call] = System.nanoTime() - began;
						halfway.countDown();
					}
					return null;
				}));
			}
		}
		if (pause) {
			StringRedisTemplate third = new StringRedisTemplate(connect(Duration.ofSeconds(10)));
			done.add(pool.submit(() -> {
				halfway.await();
				return third.execute((RedisCallback<Object>) connection -> connection.execute("CLIENT",
						"PAUSE".getBytes(), "800".getBytes()));
			}));
		}
		long began = System.nanoTime();
		start.countDown();
		for (Future<?> future : done) {
			future.get(60, TimeUnit.SECONDS);
		}
		long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
		pool.shutdown();
		return new Run(pause, millis, latencies);
	}

	/** Kept commits and releases are delivered on each store's own thread once Redis answers; wait for that. */
	private void awaitJournalsDelivered() {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		for (int i = 0; i < INSTANCES; i++) {
			CircuitBreakingBudgetStore store = this.stores.get(i);
			while (store.pending() > 0) {
				assertThat(System.nanoTime()).as("journal of instance %d delivered within 30 s", i).isLessThan(deadline);
				if (!store.isOpen()) {
					try {
						this.trackers.get(i).spent(this.budget, "*"); // an answer starts the delivery
					}
					catch (RuntimeException stillFailing) {
						// opens the circuit again; retried after it
					}
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
			}
		}
	}

	private long storeFailures() {
		return this.failures.stream().mapToLong(failed -> failed.count(MeteringStage.BUDGET)).sum();
	}

	private LettuceConnectionFactory connect(Duration commandTimeout) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", redisServer.port()),
				LettuceClientConfiguration.builder().commandTimeout(commandTimeout).build());
		factory.afterPropertiesSet();
		factory.start();
		this.factories.add(factory);
		return factory;
	}

	private static LlmCall call(BigDecimal cost) {
		return Calls.chat("gpt-4o")
			.attribution(new CallAttribution("agent", "user", null))
			.usage(TokenUsage.of(100, 0, 0, 0, 10, 0))
			.cost(cost)
			.build();
	}

	private record Run(boolean pause, long millis, long[] latencies) {

		double percentile(double p) {
			long[] sorted = this.latencies.clone();
			Arrays.sort(sorted);
			return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
		}

	}

}
