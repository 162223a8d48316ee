package io.tokenmeter.advisor;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import org.springframework.ai.chat.client.advisor.observation.AdvisorObservationContext;

/**
 * Leaves one advisor out of Spring AI's advisor observations ({@code spring.ai.advisor} timer, long task timer and
 * span). Spring AI observes every advisor of a chain; for tokenmeter's own advisor that observation only repeats
 * the model call it wraps, and it costs more per call than the metering does (tag building, a camel-case split of
 * the advisor name and a meter lookup on every call). Every other advisor is observed as before.
 */
public final class UnobservedAdvisor implements ObservationPredicate {

	private final String advisorName;

	/** @param advisorName the {@code getName()} of the advisor to leave out */
	public UnobservedAdvisor(String advisorName) {
		this.advisorName = advisorName;
	}

	@Override
	public boolean test(String name, Observation.Context context) {
		return !(context instanceof AdvisorObservationContext advisor && this.advisorName.equals(advisor.getAdvisorName()));
	}

}
