package io.tokenmeter.core.attribution;

/**
 * Settles a call's attribution from, in order: what the call named (advisor params), the user's
 * {@link LlmCallAttributor}, then the configured defaults.
 */
public final class AttributionResolver {

	private final LlmCallAttributor attributor;

	private final String defaultAgent;

	private final String defaultUser;

	public AttributionResolver(LlmCallAttributor attributor, String defaultAgent, String defaultUser) {
		this.attributor = attributor;
		this.defaultAgent = defaultAgent;
		this.defaultUser = defaultUser;
	}

	public CallAttribution resolve(String agent, String user, String session) {
		if (agent != null && user != null && session != null) {
			return new CallAttribution(agent, user, session);
		}
		CallAttribution fromAttributor = this.attributor != null ? this.attributor.attribute() : null;
		if (fromAttributor == null) {
			fromAttributor = CallAttribution.NONE;
		}
		return new CallAttribution(firstOf(agent, fromAttributor.agent(), this.defaultAgent),
				firstOf(user, fromAttributor.user(), this.defaultUser), session != null ? session : fromAttributor.session());
	}

	private static String firstOf(String first, String second, String fallback) {
		if (first != null && !first.isBlank()) {
			return first;
		}
		return second != null && !second.isBlank() ? second : fallback;
	}

}
