package io.tokenmeter.core.budget;

import io.tokenmeter.testsupport.MutableClock;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CircuitBreakingBudgetStoreTest {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));

	private final FlakyStore remote = new FlakyStore();

	private final CircuitBreakingBudgetStore store = new CircuitBreakingBudgetStore(this.remote, Duration.ofSeconds(5),
			this.clock);

	private final BudgetAccount account = new BudgetAccount("team", "*",
			BudgetWindow.calendar(BudgetWindow.Kind.DAY, java.time.ZoneOffset.UTC).spanAt(this.clock.instant()));

	@Test
	void afterOneFailureOperationsFailWithoutARoundTripUntilRetryAfterHasPassed() {
		this.remote.down.set(true);
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.store.commit(this.account, BigDecimal.ONE, BigDecimal.ZERO));
		int roundTrips = this.remote.calls.get();

		assertThatExceptionOfType(CircuitBreakingBudgetStore.StoreUnavailableException.class)
			.isThrownBy(() -> this.store.reserve(this.account, BigDecimal.ONE, BigDecimal.TEN));
		assertThatExceptionOfType(CircuitBreakingBudgetStore.StoreUnavailableException.class)
			.isThrownBy(() -> this.store.release(this.account, BigDecimal.ONE));
		assertThat(this.remote.calls.get()).isEqualTo(roundTrips);

		this.remote.down.set(false);
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(this.store.reserve(this.account, BigDecimal.ONE, BigDecimal.TEN).granted()).isTrue();
		assertThat(this.store.isOpen()).isFalse();
	}

	@Test
	void whileOpenSpentAnswersTheLastValueRead() {
		this.store.commit(this.account, new BigDecimal("0.25"), BigDecimal.ZERO);
		assertThat(this.store.spent(this.account)).isEqualByComparingTo("0.25");

		this.remote.down.set(true);
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.store.commit(this.account, BigDecimal.ONE, BigDecimal.ZERO));

		assertThat(this.store.spent(this.account)).isEqualByComparingTo("0.25");
	}

	/** An in-memory store that can be switched off, counting round trips. */
	static final class FlakyStore implements BudgetStore {

		final AtomicBoolean down = new AtomicBoolean();

		final AtomicInteger calls = new AtomicInteger();

		private final InMemoryBudgetStore memory = new InMemoryBudgetStore();

		@Override
		public Reservation reserve(BudgetAccount account, BigDecimal amount, BigDecimal limit) {
			trip();
			return this.memory.reserve(account, amount, limit);
		}

		@Override
		public Commit commit(BudgetAccount account, BigDecimal cost, BigDecimal reserved) {
			trip();
			return this.memory.commit(account, cost, reserved);
		}

		@Override
		public void release(BudgetAccount account, BigDecimal reserved) {
			trip();
			this.memory.release(account, reserved);
		}

		@Override
		public BigDecimal spent(BudgetAccount account) {
			trip();
			return this.memory.spent(account);
		}

		private void trip() {
			this.calls.incrementAndGet();
			if (this.down.get()) {
				throw new IllegalStateException("connection refused");
			}
		}

	}

}
