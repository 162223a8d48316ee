package io.tokenmeter.core.ledger;

/**
 * Published once per metered model call, after it is priced and charged to budgets, on the thread that made the
 * call. Listen with {@code @EventListener} to ship records anywhere; keep the listener fast or make it
 * {@code @Async}: an exception it throws is counted in {@code tokenmeter.errors{stage="events"}} and never reaches
 * the caller.
 *
 * @param record the call
 * @since 0.1.0
 */
public record LlmCallRecordedEvent(LlmCallRecord record) {
}
