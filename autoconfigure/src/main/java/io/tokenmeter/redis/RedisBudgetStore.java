package io.tokenmeter.redis;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

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
 * records. Window keys expire a day after their window ends; {@code total} keys never expire.
 */
public final class RedisBudgetStore implements BudgetStore {

	private static final int NANOS = 9;

	private static final Duration GRACE = Duration.ofDays(1);

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> RESERVE = script("reserve.lua");

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> COMMIT = script("commit.lua");

	private static final RedisScript<Long> RELEASE = RedisScript.of(new ClassPathResource("io/tokenmeter/redis/release.lua"),
			Long.class);

	private final StringRedisTemplate redis;

	private final String keyPrefix;

	private final Clock clock;

	public RedisBudgetStore(StringRedisTemplate redis, String keyPrefix, Clock clock) {
		this.redis = redis;
		this.keyPrefix = keyPrefix;
		this.clock = clock;
	}

	@Override
	public Reservation reserve(BudgetAccount account, BigDecimal amount, BigDecimal limit) {
		List<?> result = this.redis.execute(RESERVE, keys(account), nanos(amount), nanos(limit), ttl(account));
		return new Reservation(toLong(result.get(0)) == 1, usd(toLong(result.get(1))));
	}

	@Override
	public Commit commit(BudgetAccount account, BigDecimal cost, BigDecimal reserved) {
		List<?> result = this.redis.execute(COMMIT, keys(account), nanos(cost), nanos(reserved), ttl(account));
		return new Commit(usd(toLong(result.get(0))), usd(toLong(result.get(1))));
	}

	@Override
	public void release(BudgetAccount account, BigDecimal reserved) {
		if (reserved.signum() > 0) {
			this.redis.execute(RELEASE, List.of(keys(account).get(1)), nanos(reserved));
		}
	}

	@Override
	public BigDecimal spent(BudgetAccount account) {
		String value = this.redis.opsForValue().get(keys(account).get(0));
		return value == null ? BigDecimal.ZERO : usd(Long.parseLong(value));
	}

	private List<String> keys(BudgetAccount account) {
		// One hash tag per account keeps both keys in one Redis Cluster slot, as a multi-key script requires.
		String base = this.keyPrefix + ":budget:{" + account.budget() + "|" + account.key() + "|" + account.span().id()
				+ "}";
		return List.of(base + ":spent", base + ":reserved");
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

}
