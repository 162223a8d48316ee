package io.tokenmeter.redis;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.tokenmeter.core.budget.Budget;
import io.tokenmeter.core.budget.BudgetAccount;
import io.tokenmeter.core.budget.BudgetExceededException;
import io.tokenmeter.core.budget.BudgetScope;
import io.tokenmeter.core.budget.BudgetStore;
import io.tokenmeter.core.budget.BudgetWindow;
import io.tokenmeter.core.budget.StoreFailureMode;
import io.tokenmeter.core.budget.internal.BudgetTracker;
import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.testsupport.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link RedisBudgetStore} against a real redis-server: the Lua scripts' arithmetic, key expiry and atomicity.
 */
class RedisBudgetStoreTests {

	@RegisterExtension
	static final RedisServerProcess redisServer = new RedisServerProcess();

	private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

	private static final BudgetWindow DAY = BudgetWindow.calendar(BudgetWindow.Kind.DAY, ZoneId.of("UTC"));

	private static final BudgetAccount TODAY = new BudgetAccount("team", "*", DAY.spanAt(NOW));

	private static LettuceConnectionFactory connectionFactory;

	private static StringRedisTemplate redis;

	private final RedisBudgetStore store = new RedisBudgetStore(redis, "tokenmeter", Clock.fixed(NOW, ZoneOffset.UTC));

	@BeforeAll
	static void connect() {
		connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", redisServer.port()));
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		redis = new StringRedisTemplate(connectionFactory);
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@BeforeEach
	void emptyRedis() {
		redis.execute((org.springframework.data.redis.core.RedisCallback<Object>) connection -> {
			connection.serverCommands().flushAll();
			return null;
		});
	}

	@Test
	void reserveCommitAndReleaseAreExactInNanoUsd() {
		BudgetStore.Reservation first = this.store.reserve(TODAY, new BigDecimal("0.300000001"), new BigDecimal("1"));
		assertThat(first.granted()).isTrue();
		assertThat(first.spentAndReserved()).isEqualByComparingTo("0");
		BudgetStore.Reservation second = this.store.reserve(TODAY, new BigDecimal("0.25"), new BigDecimal("1"));
		assertThat(second.granted()).isTrue();
		assertThat(second.spentAndReserved()).isEqualByComparingTo("0.300000001");
		assertThat(held(TODAY)).isEqualTo(550000001); // 0.300000001 + 0.25

		// The first call cost $0.123456789 and frees its $0.300000001 reservation.
		BudgetStore.Commit commit = this.store.commit(TODAY, new BigDecimal("0.123456789"),
				new BigDecimal("0.300000001"));
		assertThat(commit.before()).isEqualByComparingTo("0");
		assertThat(commit.after()).isEqualByComparingTo("0.123456789");
		assertThat(redis.opsForValue().get(key(TODAY, "spent"))).isEqualTo("123456789");
		assertThat(held(TODAY)).isEqualTo(250000000);

		this.store.release(TODAY, new BigDecimal("0.25")); // the second call failed
		// Nothing reserved any more: the set and its total are gone (absent reads as 0).
		assertThat(redis.hasKey(key(TODAY, "holds"))).isFalse();
		assertThat(redis.hasKey(key(TODAY, "held"))).isFalse();
		assertThat(this.store.spent(TODAY)).isEqualByComparingTo("0.123456789");
		// After both: 0.123456789 spent + 0 reserved + 0.876543211 = exactly the $1 limit, which still fits.
		assertThat(this.store.reserve(TODAY, new BigDecimal("0.876543211"), BigDecimal.ONE).granted()).isTrue();
	}

	@Test
	void costsBelowOneNanoDollarAreRoundedUpNeverDown() {
		// $0.0000000001 (a tenth of a nano-dollar) is charged as 1 nano-USD; $0.0000000011 as 2.
		this.store.commit(TODAY, new BigDecimal("0.0000000001"), BigDecimal.ZERO);
		this.store.commit(TODAY, new BigDecimal("0.0000000011"), BigDecimal.ZERO);
		assertThat(this.store.spent(TODAY)).isEqualByComparingTo("0.000000003");
	}

	@Test
	void spendKeysExpireOneDayAfterTheirWindowEnds() {
		this.store.commit(TODAY, new BigDecimal("0.05"), BigDecimal.ZERO);
		// 10:00 UTC to the window's end at midnight is 14 h, plus 24 h of grace: 38 h = 136,800 s.
		long expected = Duration.ofHours(14 + 24).toSeconds();
		assertThat(redis.getExpire(key(TODAY, "spent"))).isBetween(expected - 5, expected);
	}

	@Test
	void reservationsExpireAfterTheReservationTtlNotWithTheWindow() {
		this.store.reserve(TODAY, new BigDecimal("0.10"), BigDecimal.ONE);
		// The default reservation TTL is 5 minutes: the holds outlive their longest-lived member, no more.
		assertThat(redis.getExpire(key(TODAY, "holds"))).isBetween(300L - 5, 300L);
		assertThat(redis.getExpire(key(TODAY, "held"))).isBetween(300L - 5, 300L);
	}

	@Test
	void totalWindowKeysNeverExpire() {
		BudgetAccount total = new BudgetAccount("lifetime", "*", BudgetWindow.Span.TOTAL);
		this.store.reserve(total, new BigDecimal("0.10"), BigDecimal.ONE);
		this.store.commit(total, new BigDecimal("0.05"), new BigDecimal("0.10"));
		assertThat(redis.getExpire(key(total, "spent"))).isEqualTo(-1); // TTL: -1 = no expiry, -2 = no key
		assertThat(redis.getExpire(key(total, "holds"))).isEqualTo(-2); // fully freed, so deleted
		assertThat(redis.getExpire(key(total, "held"))).isEqualTo(-2);
	}

	@Test
	void settlingAfterTheReservationExpiredLeavesNoKeyWithoutExpiry() {
		this.store.reserve(TODAY, new BigDecimal("0.10"), BigDecimal.ONE);
		redis.delete(List.of(key(TODAY, "holds"), key(TODAY, "held"))); // as if it had expired before the call settled

		this.store.commit(TODAY, new BigDecimal("0.05"), new BigDecimal("0.10"));
		this.store.release(TODAY, new BigDecimal("0.10"));

		assertThat(redis.hasKey(key(TODAY, "holds"))).isFalse();
		assertThat(this.store.spent(TODAY)).isEqualByComparingTo("0.05");
	}

	@Test
	void twoWindowsOfOneBudgetAreIndependent() {
		BudgetAccount tomorrow = new BudgetAccount("team", "*", DAY.spanAt(NOW.plus(Duration.ofDays(1))));
		this.store.commit(TODAY, new BigDecimal("0.90"), BigDecimal.ZERO);
		BudgetStore.Commit first = this.store.commit(tomorrow, new BigDecimal("0.20"), BigDecimal.ZERO);
		assertThat(first.before()).isEqualByComparingTo("0");
		assertThat(this.store.spent(TODAY)).isEqualByComparingTo("0.90");
		assertThat(this.store.spent(tomorrow)).isEqualByComparingTo("0.20");
		// Today's spend leaves no room today but does not count against tomorrow.
		assertThat(this.store.reserve(TODAY, new BigDecimal("0.20"), BigDecimal.ONE).granted()).isFalse();
		assertThat(this.store.reserve(tomorrow, new BigDecimal("0.80"), BigDecimal.ONE).granted()).isTrue();
	}

	@Test
	void aReservationThatWouldPassTheLimitIsRefusedAndReservesNothing() {
		this.store.commit(TODAY, new BigDecimal("0.70"), BigDecimal.ZERO);
		BudgetStore.Reservation refused = this.store.reserve(TODAY, new BigDecimal("0.300000001"), BigDecimal.ONE);
		assertThat(refused.granted()).isFalse();
		assertThat(refused.spentAndReserved()).isEqualByComparingTo("0.70");
		assertThat(redis.hasKey(key(TODAY, "holds"))).isFalse();
		assertThat(this.store.reserve(TODAY, new BigDecimal("0.30"), BigDecimal.ONE).granted()).isTrue();
	}

	@Test
	void anEnforcedBudgetOnRedisRefusesTheCallThatWouldPassItsLimit() {
		Budget enforced = new Budget("team", BigDecimal.ONE, DAY, BudgetScope.GLOBAL, Set.of(),
				List.of(BigDecimal.ONE), true);
		BudgetTracker tracker = new BudgetTracker(List.of(enforced), this.store, event -> {
		}, Clock.fixed(NOW, ZoneOffset.UTC), StoreFailureMode.FAIL_OPEN, new MeteringFailures(Duration.ofMinutes(1)));
		tracker.admit("gpt-4o", "agent", "alice", new BigDecimal("0.60"));
		assertThatExceptionOfType(BudgetExceededException.class)
			.isThrownBy(() -> tracker.admit("gpt-4o", "agent", "alice", new BigDecimal("0.41")))
			.withMessageContaining("Budget 'team'")
			.withMessageContaining("limit $1")
			.withMessageContaining("spent and reserved $0.600000000");
		// The refused call reserved nothing: exactly $0.40 of room is left.
		tracker.admit("gpt-4o", "agent", "alice", new BigDecimal("0.40"));
		assertThat(held(TODAY)).isEqualTo(1000000000);
	}

	@Test
	void sixteenThreadsCommittingPastTheLimitSeeExactlyOneCrossing() throws Exception {
		BigDecimal limit = BigDecimal.ONE;
		BigDecimal cost = new BigDecimal("0.0025");
		int threads = 16;
		int commitsPerThread = 50;
		AtomicInteger crossings = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		List<Future<?>> done = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			done.add(pool.submit(() -> {
				start.await();
				for (int i = 0; i < commitsPerThread; i++) {
					if (this.store.commit(TODAY, cost, BigDecimal.ZERO).crossed(limit)) {
						crossings.incrementAndGet();
					}
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> future : done) {
			future.get(30, TimeUnit.SECONDS);
		}
		pool.shutdown();
		// 16 threads × 50 commits × $0.0025 = $2.0000, crossing the $1 limit once.
		assertThat(this.store.spent(TODAY)).isEqualByComparingTo("2.0000");
		assertThat(crossings.get()).isEqualTo(1);
	}

	@Test
	void amountsRoundTripAsExactBigDecimals() {
		BudgetAccount account = new BudgetAccount("big", "*", BudgetWindow.Span.TOTAL);
		this.store.commit(account, new BigDecimal("0.1"), BigDecimal.ZERO);
		this.store.commit(account, new BigDecimal("0.2"), BigDecimal.ZERO);
		assertThat(this.store.spent(account)).isEqualTo(new BigDecimal("0.300000000")); // not 0.30000000000000004
		BudgetStore.Commit commit = this.store.commit(account, new BigDecimal("1234567.123456789"), BigDecimal.ZERO);
		assertThat(commit.before()).isEqualTo(new BigDecimal("0.300000000"));
		assertThat(commit.after()).isEqualTo(new BigDecimal("1234567.423456789"));
		assertThat(this.store.spent(account)).isEqualTo(new BigDecimal("1234567.423456789"));
	}

	@Test
	void aCommitDeliveredAgainIsAppliedOnceAndAnswersAsTheFirstDelivery() {
		this.store.commit(TODAY, new BigDecimal("0.10"), BigDecimal.ZERO);
		BudgetStore.Delivery<BudgetStore.Commit> commit = this.store.commitDelivery(TODAY, new BigDecimal("0.25"),
				BigDecimal.ZERO);
		BudgetStore.Commit first = commit.deliver();
		// As after a timeout: Redis applied it, the reply was lost, the journal delivers it again.
		BudgetStore.Commit again = commit.deliver();
		assertThat(this.store.spent(TODAY)).isEqualByComparingTo("0.35");
		assertThat(again).isEqualTo(first);
		assertThat(again.before()).isEqualByComparingTo("0.10");
		assertThat(again.after()).isEqualByComparingTo("0.35");
	}

	@Test
	void commitMarkersExpireAfterAnHour() {
		this.store.commit(TODAY, new BigDecimal("0.10"), BigDecimal.ZERO);
		List<String> markers = new ArrayList<>(redis.keys(key(TODAY, "commit:*")));
		assertThat(markers).hasSize(1);
		assertThat(redis.getExpire(markers.get(0))).isBetween(3600L - 5, 3600L);
	}

	@Test
	void aReservationNeverFreedStopsCountingAfterItsTtl() {
		MutableClock clock = new MutableClock(NOW);
		RedisBudgetStore store = new RedisBudgetStore(redis, "tokenmeter", clock, Duration.ofMinutes(2));
		store.reserve(TODAY, new BigDecimal("0.60"), BigDecimal.ONE); // its call crashed: never committed
		assertThat(store.reserve(TODAY, new BigDecimal("0.50"), BigDecimal.ONE).granted()).isFalse();

		clock.advance(Duration.ofMinutes(2));
		BudgetStore.Reservation after = store.reserve(TODAY, new BigDecimal("0.50"), BigDecimal.ONE);
		assertThat(after.granted()).isTrue();
		assertThat(after.spentAndReserved()).isEqualByComparingTo("0"); // the leaked $0.60 was pruned
		assertThat(held(TODAY)).isEqualTo(500000000);
	}

	@Test
	void aLostHeldTotalIsCountedAgainFromTheHolds() {
		this.store.reserve(TODAY, new BigDecimal("0.30"), BigDecimal.ONE);
		redis.delete(key(TODAY, "held")); // e.g. evicted by a maxmemory policy
		assertThat(this.store.reserve(TODAY, new BigDecimal("0.71"), BigDecimal.ONE).granted()).isFalse();
		assertThat(this.store.reserve(TODAY, new BigDecimal("0.70"), BigDecimal.ONE).granted()).isTrue();
		assertThat(held(TODAY)).isEqualTo(1000000000);
	}

	@Test
	void releasingTheSameReservationTwiceFreesItOnce() {
		this.store.reserve(TODAY, new BigDecimal("0.30"), BigDecimal.ONE);
		this.store.reserve(TODAY, new BigDecimal("0.30"), BigDecimal.ONE);
		BudgetStore.Delivery<Void> release = this.store.releaseDelivery(TODAY, new BigDecimal("0.30"));
		release.deliver();
		release.deliver();
		assertThat(held(TODAY)).isEqualTo(300000000); // the other call's hold is untouched
	}

	@Test
	void aReservationThatTimedOutIsFreedByItsUndoOnceRedisAnswers() {
		LettuceConnectionFactory impatient = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", redisServer.port()),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(200)).build());
		impatient.afterPropertiesSet();
		impatient.start();
		try {
			RedisBudgetStore store = new RedisBudgetStore(new StringRedisTemplate(impatient), "tokenmeter",
					Clock.fixed(NOW, ZoneOffset.UTC));
			store.spent(TODAY); // connected and scripts' first round trip done before the pause
			clientPause(600);
			BudgetStore.UnconfirmedReservationException timedOut = null;
			try {
				store.reserve(TODAY, new BigDecimal("0.40"), BigDecimal.ONE);
			}
			catch (BudgetStore.UnconfirmedReservationException ex) {
				timedOut = ex;
			}
			assertThat(timedOut).as("the reservation timed out").isNotNull();
			// Commands on one connection run in order: once a later one answers, Redis has run the reservation
			// the client gave up on.
			awaitAnswer(store);
			assertThat(held(TODAY)).isEqualTo(400000000);
			timedOut.undo().deliver();
			timedOut.undo().deliver();
			assertThat(held(TODAY)).isZero();
		}
		finally {
			impatient.destroy();
		}
	}

	/** Nano-USD held by live reservations (members "id:nanos" of the holds set), checked against the held total. */
	private static long held(BudgetAccount account) {
		Set<String> members = redis.opsForZSet().range(key(account, "holds"), 0, -1);
		long sum = (members == null) ? 0
				: members.stream().mapToLong(m -> Long.parseLong(m.substring(m.lastIndexOf(':') + 1))).sum();
		String total = redis.opsForValue().get(key(account, "held"));
		assertThat(total == null ? 0 : Long.parseLong(total)).as("held total").isEqualTo(sum);
		return sum;
	}

	/** Retries a read (each attempt bounded by the command timeout) until the store's connection answers. */
	private static void awaitAnswer(RedisBudgetStore store) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (true) {
			try {
				store.spent(TODAY);
				return;
			}
			catch (RuntimeException stillPaused) {
				if (System.nanoTime() > deadline) {
					throw stillPaused;
				}
			}
		}
	}

	static void clientPause(long millis) {
		redis.execute((org.springframework.data.redis.core.RedisCallback<Object>) connection -> connection
			.execute("CLIENT", "PAUSE".getBytes(), Long.toString(millis).getBytes()));
	}

	/** The key layout is shared by every instance of a fleet (and by older versions during a rolling upgrade). */
	private static String key(BudgetAccount account, String suffix) {
		return "tokenmeter:budget:{" + account.budget() + "|" + account.key() + "|" + account.span().id() + "}:"
				+ suffix;
	}

}
