package io.tokenmeter.core.budget.internal;

import java.math.BigDecimal;
import java.util.List;

import io.tokenmeter.core.budget.Budget;
import io.tokenmeter.core.budget.BudgetAccount;

/**
 * The reservations an admitted call holds in its enforced budgets, settled against the actual cost afterwards.
 * {@link #NONE} when no enforced budget applies (the common case: no allocation).
 */
public final class Admission {

	public static final Admission NONE = new Admission(List.of());

	private final List<Hold> holds;

	Admission(List<Hold> holds) {
		this.holds = holds;
	}

	List<Hold> holds() {
		return this.holds;
	}

	/** Reservation for one budget, or null. */
	Hold holdFor(Budget budget) {
		if (this.holds.isEmpty()) {
			return null;
		}
		for (Hold hold : this.holds) {
			if (hold.budget() == budget) {
				return hold;
			}
		}
		return null;
	}

	record Hold(Budget budget, BudgetAccount account, BigDecimal amount) {
	}

}
