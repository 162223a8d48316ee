package io.tokenmeter.core.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.tokenmeter.core.call.CallOutcome;
import io.tokenmeter.core.usage.TokenUsage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpendAggregatorTests {

	private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

	@Test
	void totalsAndBreakdownsAddUpExactCostsAndTokenBuckets() {
		SpendAggregator aggregator = new SpendAggregator(T0, 100, 100);
		aggregator.add(Records.call(T0, "alice", "s-1", new BigDecimal("0.0045")));
		aggregator.add(Records.call(T0, "alice", "s-1", new BigDecimal("0.0045")));
		// 600 uncached × $2.50/M + 400 cached × $1.25/M + 100 out × $10/M = 0.0015 + 0.0005 + 0.001
		aggregator.add(new LlmCallRecord(T0, 1, -1, false, "openai", "gpt-4o", "gpt-4o-2024-08-06", "billing", "bob",
				null, CallOutcome.SUCCESS, null, TokenUsage.of(600, 400, 0, 0, 100, 40), new BigDecimal("0.003"), null,
				"STOP", null));

		SpendSummary summary = aggregator.summary();

		assertThat(summary.totals().calls()).isEqualTo(3);
		assertThat(summary.totals().cost()).isEqualByComparingTo("0.012"); // 0.0045 + 0.0045 + 0.003
		assertThat(summary.totals().tokens()).isEqualTo(new TokenCounts(2600, 400, 0, 500, 40));
		assertThat(summary.breakdown(Dimension.USER)).containsOnlyKeys("alice", "bob");
		assertThat(summary.breakdown(Dimension.USER).keySet()).containsExactly("alice", "bob"); // by cost
		assertThat(summary.breakdown(Dimension.USER).get("alice").cost()).isEqualByComparingTo("0.009");
		assertThat(summary.breakdown(Dimension.AGENT).keySet()).containsExactly("support", "billing");
		assertThat(summary.breakdown(Dimension.SESSION)).containsOnlyKeys("s-1");
		assertThat(summary.breakdown(Dimension.MODEL)).containsOnlyKeys("gpt-4o-2024-08-06");
		assertThat(summary.outcomes()).containsEntry("success", 3L).containsEntry("error", 0L);
		assertThat(aggregator.requestedModels()).containsEntry("gpt-4o-2024-08-06", "gpt-4o");
	}

	@Test
	void unpricedCallsCountTheirTokensButNoCost() {
		SpendAggregator aggregator = new SpendAggregator(T0, 100, 100);
		aggregator.add(Records.call(T0, "alice", null, null));
		aggregator.add(new LlmCallRecord(T0, 1, -1, false, "openai", "gpt-4o", "gpt-4o", "a", "alice", null,
				CallOutcome.ERROR, "HttpTimeoutException", TokenUsage.MISSING, null, null, null, null));

		Spend totals = aggregator.summary().totals();

		assertThat(totals.calls()).isEqualTo(2);
		assertThat(totals.unpricedCalls()).isEqualTo(1); // the error reported no usage: not "unpriced"
		assertThat(totals.cost()).isEqualByComparingTo("0");
		assertThat(totals.tokens().input()).isEqualTo(1000);
	}

	@Test
	void usersPastTheCapEvictTheLeastRecentlyUsedAndCountIt() {
		SpendAggregator aggregator = new SpendAggregator(T0, 3, 3);
		aggregator.add(Records.call(T0, "u1"));
		aggregator.add(Records.call(T0, "u2"));
		aggregator.add(Records.call(T0, "u3"));
		aggregator.add(Records.call(T0, "u1")); // u1 used again: u2 is now the least recently used
		aggregator.add(Records.call(T0, "u4"));
		aggregator.add(Records.call(T0, "u5"));

		SpendSummary summary = aggregator.summary();

		assertThat(summary.breakdown(Dimension.USER)).hasSize(3).containsKeys("u1", "u5");
		assertThat(summary.breakdown(Dimension.USER)).doesNotContainKey("u2");
		assertThat(aggregator.evicted(Dimension.USER)).isEqualTo(2);
		assertThat(summary.evicted()).containsEntry(Dimension.USER, 2L);
		assertThat(summary.totals().calls()).isEqualTo(6); // totals keep evicted users' calls
	}

	@Test
	void concurrentCallsOfManyUsersAddUpExactlyAndStayBounded() throws Exception {
		SpendAggregator aggregator = new SpendAggregator(T0, 500, 500);
		int threads = 16;
		int callsPerThread = 2_000;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> done = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int thread = t;
			done.add(pool.submit(() -> {
				start.await();
				for (int i = 0; i < callsPerThread; i++) {
					aggregator.add(Records.call(T0, "user-" + ((thread * callsPerThread + i) % 1_000)));
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> future : done) {
			future.get(60, TimeUnit.SECONDS);
		}
		pool.shutdown();

		SpendSummary summary = aggregator.summary();
		// 32,000 calls × $0.0045
		assertThat(summary.totals().cost()).isEqualByComparingTo(new BigDecimal("0.0045").multiply(BigDecimal.valueOf(32_000)));
		assertThat(summary.totals().calls()).isEqualTo(32_000);
		assertThat(summary.breakdown(Dimension.USER)).hasSizeLessThanOrEqualTo(500);
		long keptCalls = summary.breakdown(Dimension.USER).values().stream().mapToLong(Spend::calls).sum();
		assertThat(keptCalls).isLessThanOrEqualTo(32_000);
		assertThat(aggregator.evicted(Dimension.USER)).isGreaterThanOrEqualTo(500);
	}


	@Test
	void concurrentCallsAddUpToTheExactBigDecimalSumWithItsScaleWhateverTheirSizeAndDecimals() throws Exception {
		SpendAggregator aggregator = new SpendAggregator(T0, 100, 100);
		// Pico-dollar amounts, amounts with 14 decimals (added as BigDecimal) and $2.5M calls, whose sum
		// passes what a long of pico-dollars holds: the total must still be the exact BigDecimal sum.
		BigDecimal[] costs = { new BigDecimal("0.0055"), new BigDecimal("0.00000375"),
				new BigDecimal("0.00000000000001"), new BigDecimal("2500000.5"), new BigDecimal("0.12345678") };
		int threads = 8;
		int callsPerThread = 5_000;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> done = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			String user = "user-" + t;
			done.add(pool.submit(() -> {
				start.await();
				for (int i = 0; i < callsPerThread; i++) {
					aggregator.add(Records.call(T0, user, null, costs[i % costs.length]));
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> future : done) {
			future.get(60, TimeUnit.SECONDS);
		}
		pool.shutdown();
		BigDecimal expected = BigDecimal.ZERO;
		for (int i = 0; i < callsPerThread; i++) {
			expected = expected.add(costs[i % costs.length]);
		}
		BigDecimal perUser = expected;
		expected = expected.multiply(BigDecimal.valueOf(threads));

		SpendSummary summary = aggregator.summary();

		assertThat(summary.totals().calls()).isEqualTo((long) threads * callsPerThread);
		assertThat(summary.totals().cost()).isEqualTo(expected); // equal value and scale (14)
		assertThat(summary.breakdown(Dimension.USER).get("user-3").cost()).isEqualTo(perUser);
		assertThat(summary.breakdown(Dimension.AGENT).get("support").cost()).isEqualTo(expected);
	}

	@Test
	void aCostOfZeroKeepsItsScaleAndNoCostIsZero() {
		SpendAggregator aggregator = new SpendAggregator(T0, 100, 100);
		aggregator.add(Records.call(T0, "alice", null, new BigDecimal("0.00000000")));
		aggregator.add(Records.call(T0, "bob", null, null));

		assertThat(aggregator.summary().breakdown(Dimension.USER).get("alice").cost())
			.isEqualTo(new BigDecimal("0.00000000"));
		assertThat(aggregator.summary().breakdown(Dimension.USER).get("bob").cost()).isEqualTo(BigDecimal.ZERO);
	}

}
