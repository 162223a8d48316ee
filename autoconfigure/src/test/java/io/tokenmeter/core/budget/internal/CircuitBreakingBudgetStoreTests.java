package io.tokenmeter.core.budget.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.tokenmeter.core.budget.BudgetAccount;
import io.tokenmeter.core.budget.BudgetStore;
import io.tokenmeter.core.budget.BudgetWindow;
import io.tokenmeter.core.budget.InMemoryBudgetStore;
import io.tokenmeter.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CircuitBreakingBudgetStoreTests {

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

	@Test
	void commitsAndReleasesThatFailOrArriveWhileOpenAreKeptAndDeliveredWhenTheStoreAnswers() {
		CircuitBreakingBudgetStore store = onTheSpot();
		store.reserve(this.account, new BigDecimal("0.50"), BigDecimal.TEN);
		this.remote.down.set(true);
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> store.commit(this.account, new BigDecimal("0.25"), BigDecimal.ZERO));
		int roundTrips = this.remote.calls.get();
		// While open: kept without a round trip, and still reported as a failure so it is counted.
		assertThatExceptionOfType(CircuitBreakingBudgetStore.StoreUnavailableException.class)
			.isThrownBy(() -> store.commit(this.account, new BigDecimal("0.125"), BigDecimal.ZERO))
			.withMessageContaining("kept for delivery");
		assertThatExceptionOfType(CircuitBreakingBudgetStore.StoreUnavailableException.class)
			.isThrownBy(() -> store.release(this.account, new BigDecimal("0.50")));
		assertThat(this.remote.calls.get()).isEqualTo(roundTrips);
		assertThat(store.pending()).isEqualTo(3);

		this.remote.down.set(false);
		this.clock.advance(Duration.ofSeconds(5));
		store.reserve(this.account, new BigDecimal("0.01"), BigDecimal.TEN); // the store answers: the journal drains

		assertThat(store.pending()).isZero();
		assertThat(this.remote.memory.spent(this.account)).isEqualByComparingTo("0.375"); // 0.25 + 0.125
		// 0.375 spent + 0.01 held (the $0.50 hold was released): $9.615 of the $10 left.
		assertThat(this.remote.memory.reserve(this.account, new BigDecimal("9.615"), BigDecimal.TEN).granted()).isTrue();
	}

	@Test
	void aKeptCommitPublishesItsCrossingWhenItIsDelivered() {
		CircuitBreakingBudgetStore store = onTheSpot();
		List<BudgetStore.Commit> applied = new ArrayList<>();
		this.remote.down.set(true);
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> store.commit(this.account, new BigDecimal("0.75"), BigDecimal.ZERO, applied::add));
		assertThat(applied).isEmpty();

		this.remote.down.set(false);
		this.clock.advance(Duration.ofSeconds(5));
		store.spent(this.account);

		assertThat(applied).hasSize(1);
		assertThat(applied.get(0).before()).isEqualByComparingTo("0");
		assertThat(applied.get(0).after()).isEqualByComparingTo("0.75");
	}

	@Test
	void aDeliveryThatFailsAgainReopensTheCircuitAndStaysKeptInOrder() {
		CircuitBreakingBudgetStore store = onTheSpot();
		List<String> order = new ArrayList<>();
		this.remote.down.set(true);
		for (String cost : List.of("0.1", "0.2", "0.3")) {
			assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> store.commit(this.account,
					new BigDecimal(cost), BigDecimal.ZERO, commit -> order.add(cost)));
		}
		this.remote.failAfter.set(1); // the store answers one operation, then goes down again
		this.remote.down.set(false);
		this.clock.advance(Duration.ofSeconds(5));
		store.reserve(this.account, BigDecimal.ONE, BigDecimal.TEN);
		assertThat(store.isOpen()).isTrue();
		assertThat(store.pending()).isEqualTo(3);

		this.remote.failAfter.set(-1);
		this.remote.down.set(false);
		this.clock.advance(Duration.ofSeconds(5));
		store.spent(this.account);
		assertThat(order).containsExactly("0.1", "0.2", "0.3");
		assertThat(this.remote.memory.spent(this.account)).isEqualByComparingTo("0.6");
	}

	@Test
	void theUndoOfAReservationThatFailedWithoutAnAnswerIsKeptAndDelivered() {
		CircuitBreakingBudgetStore store = onTheSpot();
		AtomicInteger undone = new AtomicInteger();
		this.remote.unconfirmed = () -> {
			undone.incrementAndGet();
			return null;
		};
		this.remote.down.set(true);
		assertThatExceptionOfType(BudgetStore.UnconfirmedReservationException.class)
			.isThrownBy(() -> store.reserve(this.account, BigDecimal.ONE, BigDecimal.TEN));
		assertThat(store.pending()).isEqualTo(1);

		this.remote.down.set(false);
		this.clock.advance(Duration.ofSeconds(5));
		store.spent(this.account);
		assertThat(undone.get()).isEqualTo(1);
		assertThat(store.pending()).isZero();
	}

	@Test
	void theJournalIsBoundedAndCountsWhatItDrops() {
		CircuitBreakingBudgetStore store = new CircuitBreakingBudgetStore(this.remote, Duration.ofSeconds(5),
				this.clock, Runnable::run, 3);
		this.remote.down.set(true);
		for (int i = 0; i < 4; i++) {
			assertThatExceptionOfType(RuntimeException.class)
				.isThrownBy(() -> store.release(this.account, BigDecimal.ONE));
		}
		assertThat(store.pending()).isEqualTo(3);
		assertThat(store.dropped()).isEqualTo(1);
	}

	/** Delivers the journal on the thread whose operation found the store answering. */
	private CircuitBreakingBudgetStore onTheSpot() {
		return new CircuitBreakingBudgetStore(this.remote, Duration.ofSeconds(5), this.clock, Runnable::run);
	}

	/** An in-memory store that can be switched off, counting round trips. */
	static final class FlakyStore implements BudgetStore {

		final AtomicBoolean down = new AtomicBoolean();

		final AtomicInteger calls = new AtomicInteger();

		/** Operations answered before the store goes down by itself (negative: never). */
		final AtomicInteger failAfter = new AtomicInteger(-1);

		/** When set, a failed reservation reports itself unconfirmed with this undo. */
		volatile Delivery<Void> unconfirmed;

		final InMemoryBudgetStore memory = new InMemoryBudgetStore();

		@Override
		public Reservation reserve(BudgetAccount account, BigDecimal amount, BigDecimal limit) {
			try {
				trip();
			}
			catch (IllegalStateException ex) {
				throw (this.unconfirmed != null) ? new UnconfirmedReservationException(ex, this.unconfirmed) : ex;
			}
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
			if (this.failAfter.get() == 0) {
				this.down.set(true);
			}
			this.failAfter.decrementAndGet();
			if (this.down.get()) {
				throw new IllegalStateException("connection refused");
			}
		}

	}

}
