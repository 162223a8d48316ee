package io.tokenmeter.core.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryBudgetStoreTests {

	private static final BigDecimal CENT = new BigDecimal("0.01");

	private final BudgetWindow day = BudgetWindow.calendar(BudgetWindow.Kind.DAY, ZoneId.of("UTC"));

	private final InMemoryBudgetStore store = new InMemoryBudgetStore();

	@Test
	void accountsOfPastWindowsAreDroppedWhenTheNextWindowStarts() {
		BudgetWindow.Span monday = this.day.spanAt(Instant.parse("2026-11-23T12:00:00Z"));
		BudgetWindow.Span tuesday = this.day.spanAt(Instant.parse("2026-11-24T12:00:00Z"));
		BudgetWindow.Span wednesday = this.day.spanAt(Instant.parse("2026-11-25T12:00:00Z"));
		for (int user = 0; user < 100_000; user++) {
			this.store.commit(account("user-" + user, monday), CENT, BigDecimal.ZERO);
		}
		assertThat(this.store.accountCount()).isEqualTo(100_000);

		for (int user = 100_000; user < 200_000; user++) {
			this.store.commit(account("user-" + user, tuesday), CENT, BigDecimal.ZERO);
		}
		assertThat(this.store.accountCount()).isEqualTo(100_000); // Monday's 100,000 dropped

		this.store.commit(account("user-0", wednesday), CENT, BigDecimal.ZERO);
		assertThat(this.store.accountCount()).isEqualTo(1);
		assertThat(this.store.spent(account("user-0", wednesday))).isEqualByComparingTo("0.01");
		assertThat(this.store.spent(account("user-100000", tuesday))).isEqualByComparingTo("0");
	}

	@Test
	void aTotalWindowIsNeverDropped() {
		for (int user = 0; user < 1_000; user++) {
			this.store.commit(account("user-" + user, BudgetWindow.Span.TOTAL), CENT, BigDecimal.ZERO);
		}
		this.store.commit(new BudgetAccount("other", "user-0", this.day.spanAt(Instant.parse("2026-11-24T12:00:00Z"))),
				CENT, BigDecimal.ZERO);
		assertThat(this.store.accountCount()).isEqualTo(1_001);
		assertThat(this.store.spent(account("user-999", BudgetWindow.Span.TOTAL))).isEqualByComparingTo("0.01");
	}

	@Test
	void commitsRacingTheDropOfTheirPastWindowAreNotLost() throws Exception {
		BudgetWindow.Span monday = this.day.spanAt(Instant.parse("2026-11-23T12:00:00Z"));
		BudgetWindow.Span tuesday = this.day.spanAt(Instant.parse("2026-11-24T12:00:00Z"));
		for (int user = 0; user < 10_000; user++) {
			this.store.commit(account("user-" + (user % 100), monday), CENT, BigDecimal.ZERO);
		}
		// 16 threads × 1,000 commits of $0.01 on Tuesday for users 0..99, while Tuesday's first call drops Monday
		ExecutorService pool = Executors.newFixedThreadPool(16);
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < 16; t++) {
			futures.add(pool.submit(() -> {
				for (int i = 0; i < 1_000; i++) {
					this.store.commit(account("user-" + (i % 100), tuesday), CENT, BigDecimal.ZERO);
				}
			}));
		}
		for (Future<?> future : futures) {
			future.get(30, TimeUnit.SECONDS);
		}
		pool.shutdown();
		BigDecimal total = BigDecimal.ZERO;
		for (int user = 0; user < 100; user++) {
			total = total.add(this.store.spent(account("user-" + user, tuesday)));
		}
		assertThat(total).isEqualByComparingTo("160.00"); // 16 × 1,000 × $0.01
		assertThat(this.store.accountCount()).isEqualTo(100);
	}

	@Test
	void aReservationReleasedAfterItsWindowWasDroppedCreatesNoAccount() {
		BudgetWindow.Span monday = this.day.spanAt(Instant.parse("2026-11-23T23:59:59Z"));
		BudgetWindow.Span tuesday = this.day.spanAt(Instant.parse("2026-11-24T00:00:01Z"));
		assertThat(this.store.reserve(account("alice", monday), CENT, BigDecimal.ONE).granted()).isTrue();
		this.store.commit(account("bob", tuesday), CENT, BigDecimal.ZERO); // drops Monday's alice
		this.store.release(account("alice", monday), CENT);
		assertThat(this.store.accountCount()).isEqualTo(1);
	}

	private static BudgetAccount account(String key, BudgetWindow.Span span) {
		return new BudgetAccount("daily", key, span);
	}

}
