package io.tokenmeter.core.budget;

/**
 * Published once per budget key per window, by the call whose cost made spend reach the limit. Consume it with a
 * plain {@code @EventListener}; it runs on the thread of the model call that crossed the limit, so keep the
 * listener fast or make it {@code @Async}. An exception thrown by a listener is logged and does not affect the call.
 *
 * @param crossing the budget, its key and window, and the crossing call
 * @since 0.1.0 (a {@link BudgetEvent} with its fields in {@link BudgetCrossing} since 0.2.0)
 */
public record BudgetExceededEvent(BudgetCrossing crossing) implements BudgetEvent {
}
