package io.tokenmeter.core.budget;

/**
 * What enforcement does when the budget store cannot be reached.
 *
 * @since 0.1.0
 */
public enum StoreFailureMode {

	/** Calls proceed unmetered by budgets; the store error is counted and logged. */
	FAIL_OPEN,
	/** Calls subject to an enforced budget are refused with {@link BudgetStoreUnavailableException}. */
	FAIL_CLOSED

}
