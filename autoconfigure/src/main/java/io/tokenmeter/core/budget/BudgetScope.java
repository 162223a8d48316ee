package io.tokenmeter.core.budget;

import io.tokenmeter.core.budget.internal.BudgetTracker;
import io.tokenmeter.core.call.LlmCall;

/**
 * What one budget counts: all calls, or one independent budget per distinct model, agent or user.
 *
 * @since 0.1.0
 */
public enum BudgetScope {

	GLOBAL, MODEL, AGENT, USER;

	/** The key of the call within this scope ("*" for global). */
	public String keyOf(String model, String agent, String user) {
		return switch (this) {
			case GLOBAL -> "*";
			case MODEL -> model;
			case AGENT -> agent;
			case USER -> user;
		};
	}

	/**
	 * The key of a finished call within this scope. Model-scoped budgets key on the model the request named (the
	 * same key {@link BudgetTracker#admit} reserved under before the call), else on the model that answered: a dated
	 * snapshot id such as {@code gpt-4o-2024-08-06} must not open a second budget beside {@code gpt-4o}.
	 */
	public String keyOf(LlmCall call) {
		String model = call.requestedModel() != null ? call.requestedModel() : call.model();
		return keyOf(model, call.attribution().agent(), call.attribution().user());
	}

	public String tagValue() {
		return name().toLowerCase();
	}

}
