package io.tokenmeter.core.budget;

import java.math.BigDecimal;
import java.util.function.Consumer;

import io.tokenmeter.core.budget.internal.CircuitBreakingBudgetStore;

/**
 * Where budget spend lives: in memory for one instance, in Redis for a fleet. Every operation on one account is
 * atomic, which is what makes "exactly one event per crossing" and "no overshoot under concurrency" hold:
 * {@link #commit} reports the spend before and after its own addition, so exactly one commit sees a threshold
 * between the two.
 *
 * @since 0.1.0
 */
public interface BudgetStore {

	/**
	 * Reserves {@code amount} when spent + reserved + amount fits the limit and spend has not reached it.
	 * @return whether it was granted, and spent + reserved as seen
	 */
	Reservation reserve(BudgetAccount account, BigDecimal amount, BigDecimal limit);

	/** Adds the actual cost to spend and frees the call's reservation, atomically. */
	Commit commit(BudgetAccount account, BigDecimal cost, BigDecimal reserved);

	/**
	 * Commits, then hands the result to {@code whenApplied}: at once, or, for a store that keeps what it could not
	 * deliver ({@link CircuitBreakingBudgetStore}), when the commit is delivered later. A store that keeps the
	 * commit for later still throws, so the failure is counted.
	 */
	default void commit(BudgetAccount account, BigDecimal cost, BigDecimal reserved, Consumer<Commit> whenApplied) {
		whenApplied.accept(commit(account, cost, reserved));
	}

	/** Frees a reservation of a call that failed or was not made. */
	void release(BudgetAccount account, BigDecimal reserved);

	/**
	 * The commit as an operation that can be delivered again after a failure (a timeout may hide a commit that was
	 * applied) with the effect of delivering it once. A remote store gives it an id; the default is for stores that
	 * do not fail that way.
	 */
	default Delivery<Commit> commitDelivery(BudgetAccount account, BigDecimal cost, BigDecimal reserved) {
		return () -> commit(account, cost, reserved);
	}

	/** The release as an operation that can be delivered again with the effect of once (see {@link #commitDelivery}). */
	default Delivery<Void> releaseDelivery(BudgetAccount account, BigDecimal reserved) {
		return () -> {
			release(account, reserved);
			return null;
		};
	}

	/** Spend committed in the account's window (zero for a window not seen yet). */
	BigDecimal spent(BudgetAccount account);

	/** A store operation that may be delivered more than once with the effect of delivering it once. */
	@FunctionalInterface
	interface Delivery<T> {

		T deliver();

	}

	/**
	 * Thrown by a store when a reservation failed without an answer (a timeout): it may still have been made, and
	 * {@link #undo} frees it if it was.
	 */
	final class UnconfirmedReservationException extends RuntimeException {

		private final transient Delivery<Void> undo;

		public UnconfirmedReservationException(RuntimeException cause, Delivery<Void> undo) {
			super(cause.getMessage(), cause);
			this.undo = undo;
		}

		public Delivery<Void> undo() {
			return this.undo;
		}

	}

	/**
	 * @param granted whether the reservation was made
	 * @param spentAndReserved spend plus outstanding reservations when it was decided
	 */
	record Reservation(boolean granted, BigDecimal spentAndReserved) {
	}

	/**
	 * @param before spend before this commit
	 * @param after spend after it
	 */
	record Commit(BigDecimal before, BigDecimal after) {

		/** True when this commit moved spend from below {@code level} to at or above it. */
		public boolean crossed(BigDecimal level) {
			return this.before.compareTo(level) < 0 && this.after.compareTo(level) >= 0;
		}

	}

}
