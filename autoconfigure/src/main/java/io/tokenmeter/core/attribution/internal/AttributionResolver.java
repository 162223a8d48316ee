package io.tokenmeter.core.attribution.internal;

import java.util.function.Consumer;

import io.tokenmeter.core.attribution.CallAttribution;
import io.tokenmeter.core.attribution.LlmCallAttributor;

/**
 * Settles a call's attribution from, in order: what the call named (advisor params), the user's
 * {@link LlmCallAttributor}, then the configured defaults.
 */
public final class AttributionResolver {

	private final LlmCallAttributor attributor;

	private final String defaultAgent;

	private final String defaultUser;

	private final Consumer<RuntimeException> attributorFailures;

	private final RecentAttributions recent = new RecentAttributions();

	/**
	 * @param attributorFailures told of every exception the attributor throws; the call is then attributed to
	 * what it named and the defaults, so a broken attributor costs attribution, not the call's metering
	 */
	public AttributionResolver(LlmCallAttributor attributor, String defaultAgent, String defaultUser,
			Consumer<RuntimeException> attributorFailures) {
		this.attributor = attributor;
		this.defaultAgent = defaultAgent;
		this.defaultUser = defaultUser;
		this.attributorFailures = attributorFailures;
	}

	public CallAttribution resolve(String agent, String user, String session) {
		if (agent != null && user != null && session != null) {
			return this.recent.of(agent, user, session);
		}
		CallAttribution fromAttributor = fromAttributor();
		if (fromAttributor == null) {
			fromAttributor = CallAttribution.NONE;
		}
		return this.recent.of(firstOf(agent, fromAttributor.agent(), this.defaultAgent),
				firstOf(user, fromAttributor.user(), this.defaultUser), session != null ? session : fromAttributor.session());
	}

	private CallAttribution fromAttributor() {
		if (this.attributor == null) {
			return null;
		}
		try {
			return this.attributor.attribute();
		}
		catch (RuntimeException ex) {
			this.attributorFailures.accept(ex);
			return null;
		}
	}

	private static String firstOf(String first, String second, String fallback) {
		if (first != null && !first.isBlank()) {
			return first;
		}
		return second != null && !second.isBlank() ? second : fallback;
	}

}
