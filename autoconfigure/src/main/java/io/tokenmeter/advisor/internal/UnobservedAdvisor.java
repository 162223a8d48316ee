package io.tokenmeter.advisor.internal;

import java.util.Set;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import org.springframework.ai.chat.client.advisor.observation.AdvisorObservationContext;

/**
 * Leaves tokenmeter's advisors out of Spring AI's advisor observations ({@code spring.ai.advisor} timer, long task timer and
 * span). Spring AI observes every advisor of a chain; for tokenmeter's own advisor that observation only repeats
 * the model call it wraps, and it costs more per call than the metering does (tag building, a camel-case split of
 * the advisor name and a meter lookup on every call). Every other advisor is observed as before.
 */
public final class UnobservedAdvisor implements ObservationPredicate {

	private final Set<String> advisorNames;

	/** @param advisorNames the {@code getName()} of each advisor to leave out */
	public UnobservedAdvisor(String... advisorNames) {
		this.advisorNames = Set.of(advisorNames);
	}

	@Override
	public boolean test(String name, Observation.Context context) {
		return !(context instanceof AdvisorObservationContext advisor
				&& this.advisorNames.contains(advisor.getAdvisorName()));
	}

}
