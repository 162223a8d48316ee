package io.tokenmeter.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;

/**
 * Whether the {@code ChatClient}s Spring AI auto-configures run their {@code spring.ai.chat.client} observation, on
 * which {@link io.tokenmeter.advisor.internal.CallCostObservationHandler} puts each call's cost: Spring AI builds them with
 * the application's unique {@code ObservationRegistry} (else none), and Boot's
 * {@code management.observations.enable.<prefix>} properties switch observations off by name, the longest prefix
 * set deciding.
 */
final class ChatClientObservations {

	static final String OBSERVATION_NAME = "spring.ai.chat.client";

	private static final String ENABLE_PREFIX = "management.observations.enable.";

	private ChatClientObservations() {
	}

	static boolean run(@Nullable ObservationRegistry registry, Environment environment) {
		return registry != null && !registry.isNoop() && enabled(environment);
	}

	private static boolean enabled(Environment environment) {
		for (String name = OBSERVATION_NAME; !name.isEmpty(); name = parent(name)) {
			Boolean enabled = environment.getProperty(ENABLE_PREFIX + name, Boolean.class);
			if (enabled != null) {
				return enabled;
			}
		}
		return environment.getProperty(ENABLE_PREFIX + "all", Boolean.class, true);
	}

	private static String parent(String name) {
		int dot = name.lastIndexOf('.');
		return dot < 0 ? "" : name.substring(0, dot);
	}

}
