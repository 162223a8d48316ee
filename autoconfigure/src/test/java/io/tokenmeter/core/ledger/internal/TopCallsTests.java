package io.tokenmeter.core.ledger.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.tokenmeter.core.ledger.ExpensiveCall;
import io.tokenmeter.core.ledger.Records;
import io.tokenmeter.core.ledger.SpendAggregator;
import io.tokenmeter.core.ledger.TokenCounts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopCallsTests {

	private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

	@Test
	void theMostExpensiveCallsAreExactUnderConcurrentCalls() throws Exception {
		// 40,000 calls costing $0.000001 × 1 … 40,000 (every cost distinct), added by 8 threads in random order.
		int calls = 40_000;
		List<Integer> units = new ArrayList<>();
		for (int i = 1; i <= calls; i++) {
			units.add(i);
		}
		Collections.shuffle(units, new Random(42));
		SpendAggregator aggregator = new SpendAggregator(T0, 100, 100, 10);
		int threads = 8;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> done = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			List<Integer> share = units.subList(t * calls / threads, (t + 1) * calls / threads);
			done.add(pool.submit(() -> {
				start.await();
				for (int unit : share) {
					aggregator.add(Records.call(T0.plusMillis(unit), "user-" + unit, "session-" + unit,
							BigDecimal.valueOf(unit, 6)));
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> future : done) {
			future.get(60, TimeUnit.SECONDS);
		}
		pool.shutdown();

		List<ExpensiveCall> top = aggregator.summary().topCalls();

		// The ten most expensive are units 40,000 down to 39,991: $0.040000 … $0.039991.
		assertThat(top).extracting(ExpensiveCall::cost)
			.containsExactly(BigDecimal.valueOf(40_000, 6), BigDecimal.valueOf(39_999, 6), BigDecimal.valueOf(39_998, 6),
					BigDecimal.valueOf(39_997, 6), BigDecimal.valueOf(39_996, 6), BigDecimal.valueOf(39_995, 6),
					BigDecimal.valueOf(39_994, 6), BigDecimal.valueOf(39_993, 6), BigDecimal.valueOf(39_992, 6),
					BigDecimal.valueOf(39_991, 6));
		assertThat(top).extracting(ExpensiveCall::user).startsWith("user-40000", "user-39999");
		assertThat(top.get(0).session()).isEqualTo("session-40000");
		assertThat(top.get(0).timestamp()).isEqualTo(T0.plusMillis(40_000));
		assertThat(aggregator.summary().totals().calls()).isEqualTo(calls);
	}

	@Test
	void eachEntryCarriesTheCallsTimeModelAttributionTokensAndCost() {
		SpendAggregator aggregator = new SpendAggregator(T0, 100, 100, 3);

		aggregator.add(Records.call(T0, "alice", "s-1", new BigDecimal("0.0045")));

		assertThat(aggregator.summary().topCalls()).containsExactly(new ExpensiveCall(T0, "openai",
				"gpt-4o-2024-08-06", "support", "alice", "s-1", "success", new TokenCounts(1000, 0, 0, 200, 0),
				new BigDecimal("0.0045"), false));
	}

	@Test
	void unpricedCallsAreNeverListedAndTheListIsBounded() {
		SpendAggregator aggregator = new SpendAggregator(T0, 100, 100, 3);

		aggregator.add(Records.call(T0, "unpriced", null, null));
		for (int i = 1; i <= 5; i++) {
			aggregator.add(Records.call(T0.plusSeconds(i), "user-" + i, null, BigDecimal.valueOf(i, 3)));
		}

		assertThat(aggregator.summary().topCalls()).extracting(ExpensiveCall::user)
			.containsExactly("user-5", "user-4", "user-3");
	}

	@Test
	void ofEqualCostsTheEarlierCallRanksFirstWhateverTheOrderTheyCameIn() {
		SpendAggregator aggregator = new SpendAggregator(T0, 100, 100, 2);
		BigDecimal same = new BigDecimal("0.01");

		aggregator.add(Records.call(T0.plusSeconds(3), "late", null, same));
		aggregator.add(Records.call(T0.plusSeconds(2), "middle", null, same));
		aggregator.add(Records.call(T0.plusSeconds(1), "early", null, same));

		assertThat(aggregator.summary().topCalls()).extracting(ExpensiveCall::user).containsExactly("early", "middle");
	}

	@Test
	void zeroListsNone() {
		SpendAggregator aggregator = new SpendAggregator(T0, 100, 100, 0);

		aggregator.add(Records.call(T0, "alice"));

		assertThat(aggregator.summary().topCalls()).isEmpty();
	}

}
