package io.tokenmeter.core.budget.internal;

import io.tokenmeter.core.budget.BudgetEvent;

/**
 * Hands budget events to the application; in the starter, Spring's {@code ApplicationEventPublisher}, so a plain
 * {@code @EventListener} receives them. Typed, so the core can publish nothing else through it.
 *
 * @since 0.1.0 (typed to {@link BudgetEvent} since 0.2.0)
 */
@FunctionalInterface
public interface BudgetEventPublisher {

	/** @param event the alert to deliver, on the calling thread */
	void publish(BudgetEvent event);

}
