package io.tokenmeter.core.budget;

import io.tokenmeter.core.call.LlmCall;

/** What one budget counts: all calls, or one independent budget per distinct model, agent or user. */
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

	public String keyOf(LlmCall call) {
		return keyOf(call.model(), call.attribution().agent(), call.attribution().user());
	}

	public String tagValue() {
		return name().toLowerCase();
	}

}
