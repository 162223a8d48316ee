package io.tokenmeter.core.budget;

import java.math.BigDecimal;

/**
 * Where budget spend lives: in memory for one instance, in Redis for a fleet. Every operation on one account is
 * atomic, which is what makes "exactly one event per crossing" and "no overshoot under concurrency" hold:
 * {@link #commit} reports the spend before and after its own addition, so exactly one commit sees a threshold
 * between the two.
 */
public interface BudgetStore {

	/**
	 * Reserves {@code amount} when spent + reserved + amount fits the limit and spend has not reached it.
	 * @return whether it was granted, and spent + reserved as seen
	 */
	Reservation reserve(BudgetAccount account, BigDecimal amount, BigDecimal limit);

	/** Adds the actual cost to spend and frees the call's reservation, atomically. */
	Commit commit(BudgetAccount account, BigDecimal cost, BigDecimal reserved);

	/** Frees a reservation of a call that failed or was not made. */
	void release(BudgetAccount account, BigDecimal reserved);

	/** Spend committed in the account's window (zero for a window not seen yet). */
	BigDecimal spent(BudgetAccount account);

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
