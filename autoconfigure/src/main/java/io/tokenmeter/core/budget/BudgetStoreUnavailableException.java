package io.tokenmeter.core.budget;

/**
 * Thrown to the caller under {@link StoreFailureMode#FAIL_CLOSED} when an enforced budget cannot be checked.
 *
 * @since 0.1.0
 */
public class BudgetStoreUnavailableException extends RuntimeException {

	public BudgetStoreUnavailableException(String budget, Throwable cause) {
		super("Budget '" + budget + "' cannot be checked because its store is unavailable, and "
				+ "tokenmeter.budget-store.failure-mode is fail-closed", cause);
	}

}
