package io.tokenmeter.core.budget;

/** Hands budget events to the application (Spring's ApplicationEventPublisher in the starter). */
@FunctionalInterface
public interface BudgetEventPublisher {

	void publish(Object event);

}
