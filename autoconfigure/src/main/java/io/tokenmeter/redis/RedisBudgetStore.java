package io.tokenmeter.redis;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.tokenmeter.core.budget.BudgetAccount;
import io.tokenmeter.core.budget.BudgetStore;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Budget spend shared by every instance through Redis. Each operation is one Lua script, so reserve, commit and
 * release are atomic across the fleet and exactly one instance's commit crosses a threshold (that instance
 * publishes the event). Amounts are stored as integer nano-USD (Redis has no decimals); costs are rounded
 * <em>up</em> to the next nano-dollar so a budget is never under-counted, and the exact costs stay in the call
 * records. Spend keys expire a day after their window ends; {@code total} keys never expire.
 * <p>
 * A store that cannot corrupt itself:
 * <ul>
 * <li>Every commit carries an id; Redis keeps a marker per id for {@value #COMMIT_MARKER_HOURS} h, so a commit
 * delivered again after a timeout (Redis may have applied it and lost only the reply) is applied once.</li>
 * <li>Every reservation is its own member of a sorted set scored by its expiry ({@code reservationTtl} after it
 * was made), with their sum kept beside it; the reserve script prunes expired members before deciding, so a
 * reservation that is never freed stops counting after that time instead of blocking the budget for the
 * window.</li>
 * </ul>
 * Commit and release name the reservation by account and amount only ({@link BudgetStore}'s contract); holds of
 * one account and amount are interchangeable, so this store frees the oldest one it made for them.
 *
 * @since 0.1.0
 */
public final class RedisBudgetStore implements BudgetStore {

	/** How long a reservation lives when nothing frees it: about a slow model call. */
	public static final Duration DEFAULT_RESERVATION_TTL = Duration.ofMinutes(5);

	static final int COMMIT_MARKER_HOURS = 1;

	private static final String COMMIT_MARKER_TTL_MS = Long.toString(Duration.ofHours(COMMIT_MARKER_HOURS).toMillis());

	private static final int NANOS = 9;

	private static final Duration GRACE = Duration.ofDays(1);

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> RESERVE = script("reserve.lua");

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> COMMIT = script("commit.lua");

	private static final RedisScript<Long> RELEASE = RedisScript
		.of(new ClassPathResource("io/tokenmeter/redis/release.lua"), Long.class);

	private final StringRedisTemplate redis;

	private final String keyPrefix;

	private final Clock clock;

	private final long reservationTtlMillis;

	private final String reservationTtl;

	/** Random per store instance, so ids of two instances (or two restarts) never collide. */
	private final String idPrefix = Long.toHexString(new SecureRandom().nextLong()) + "-";

	private final AtomicLong sequence = new AtomicLong();

	/** This instance's reservations not yet freed, oldest first, by account and amount. */
	private final Map<HoldKey, Deque<Hold>> holds = new ConcurrentHashMap<>();

	public RedisBudgetStore(StringRedisTemplate redis, String keyPrefix, Clock clock) {
		this(redis, keyPrefix, clock, DEFAULT_RESERVATION_TTL);
	}

	public RedisBudgetStore(StringRedisTemplate redis, String keyPrefix, Clock clock, Duration reservationTtl) {
		this.redis = redis;
		this.keyPrefix = keyPrefix;
		this.clock = clock;
		this.reservationTtlMillis = reservationTtl.toMillis();
		this.reservationTtl = Long.toString(this.reservationTtlMillis);
	}

	@Override
	public Reservation reserve(BudgetAccount account, BigDecimal amount, BigDecimal limit) {
		String nanos = nanos(amount);
		String member = nextId() + ":" + nanos;
		long now = this.clock.millis();
		String base = base(account);
		List<?> result;
		try {
			result = this.redis.execute(RESERVE, List.of(base + ":spent", base + ":holds", base + ":held"), nanos,
					nanos(limit), Long.toString(now), this.reservationTtl, member);
		}
		catch (RuntimeException ex) {
			// A timeout does not say whether the script ran: if it did, this frees the hold.
			throw new UnconfirmedReservationException(ex, releasing(base, member));
		}
		boolean granted = toLong(result.get(0)) == 1;
		if (granted) {
			hold(new HoldKey(account, nanos), new Hold(member, now + this.reservationTtlMillis));
		}
		return new Reservation(granted, usd(toLong(result.get(1))));
	}

	@Override
	public Commit commit(BudgetAccount account, BigDecimal cost, BigDecimal reserved) {
		return commitDelivery(account, cost, reserved).deliver();
	}

	@Override
	public Delivery<Commit> commitDelivery(BudgetAccount account, BigDecimal cost, BigDecimal reserved) {
		String base = base(account);
		List<String> keys = List.of(base + ":spent", base + ":holds", base + ":held", base + ":commit:" + nextId());
		String member = reserved.signum() > 0 ? take(new HoldKey(account, nanos(reserved))) : "";
		String nanos = nanos(cost);
		return () -> {
			List<?> result = this.redis.execute(COMMIT, keys, nanos, member, ttl(account), COMMIT_MARKER_TTL_MS);
			return new Commit(usd(toLong(result.get(0))), usd(toLong(result.get(1))));
		};
	}

	@Override
	public void release(BudgetAccount account, BigDecimal reserved) {
		releaseDelivery(account, reserved).deliver();
	}

	@Override
	public Delivery<Void> releaseDelivery(BudgetAccount account, BigDecimal reserved) {
		String member = reserved.signum() > 0 ? take(new HoldKey(account, nanos(reserved))) : "";
		if (member.isEmpty()) {
			return () -> null;
		}
		return releasing(base(account), member);
	}

	private Delivery<Void> releasing(String base, String member) {
		List<String> keys = List.of(base + ":holds", base + ":held");
		return () -> {
			this.redis.execute(RELEASE, keys, member);
			return null;
		};
	}

	@Override
	public BigDecimal spent(BudgetAccount account) {
		String value = this.redis.opsForValue().get(base(account) + ":spent");
		return value == null ? BigDecimal.ZERO : usd(Long.parseLong(value));
	}

	/** One hash tag per account keeps all its keys in one Redis Cluster slot, as a multi-key script requires. */
	private String base(BudgetAccount account) {
		return this.keyPrefix + ":budget:{" + account.budget() + "|" + account.key() + "|" + account.span().id() + "}";
	}

	private String nextId() {
		return this.idPrefix + Long.toString(this.sequence.incrementAndGet(), 36);
	}

	private void hold(HoldKey key, Hold hold) {
		this.holds.compute(key, (k, queue) -> {
			Deque<Hold> held = (queue != null) ? queue : new ArrayDeque<>(2);
			pruneExpired(held, hold.expiresAtMillis() - this.reservationTtlMillis);
			held.addLast(hold);
			return held;
		});
	}

	/** The member of the oldest live hold of this account and amount, or "" when there is none. */
	private String take(HoldKey key) {
		long now = this.clock.millis();
		String[] member = { "" };
		this.holds.computeIfPresent(key, (k, held) -> {
			pruneExpired(held, now);
			Hold oldest = held.pollFirst();
			if (oldest != null) {
				member[0] = oldest.member();
			}
			return held.isEmpty() ? null : held;
		});
		return member[0];
	}

	/** Holds Redis has already dropped need not be freed (and are not remembered for ever). */
	private static void pruneExpired(Deque<Hold> held, long now) {
		while (!held.isEmpty() && held.peekFirst().expiresAtMillis() <= now) {
			held.pollFirst();
		}
	}

	private String ttl(BudgetAccount account) {
		if (account.span().end() == null) {
			return "0";
		}
		long seconds = Duration.between(this.clock.instant(), account.span().end()).plus(GRACE).getSeconds();
		return Long.toString(Math.max(seconds, 1));
	}

	static String nanos(BigDecimal usd) {
		return usd.movePointRight(NANOS).setScale(0, RoundingMode.CEILING).toBigIntegerExact().toString();
	}

	static BigDecimal usd(long nanos) {
		return BigDecimal.valueOf(nanos, NANOS);
	}

	private static long toLong(Object value) {
		return ((Number) value).longValue();
	}

	@SuppressWarnings("rawtypes")
	private static RedisScript<List> script(String name) {
		return RedisScript.of(new ClassPathResource("io/tokenmeter/redis/" + name), List.class);
	}

	private record HoldKey(BudgetAccount account, String nanos) {
	}

	private record Hold(String member, long expiresAtMillis) {
	}

}
