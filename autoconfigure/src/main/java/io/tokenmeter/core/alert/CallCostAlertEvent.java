package io.tokenmeter.core.alert;

import java.math.BigDecimal;
import java.time.Instant;

import io.tokenmeter.core.usage.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * Published for every metered model call whose cost is above its {@code tokenmeter.alerts} threshold: a runaway
 * prompt, a loop feeding a huge context, a call routed to the wrong model. Consume it with a plain
 * {@code @EventListener}; it runs on the thread of the model call, after the call was priced, so keep the listener
 * fast or make it {@code @Async}. An exception thrown by a listener is counted and does not affect the call.
 * Calls without a price never raise one.
 *
 * @param timestamp when the call started
 * @param provider the provider ({@code openai}, ...)
 * @param model the model that answered
 * @param agent the call's agent
 * @param user the call's user, exact
 * @param session the call's session, or null
 * @param usage the call's tokens by bucket
 * @param cost the call's cost in USD, exact
 * @param threshold the threshold it is above, USD
 * @param usageEstimated true when the provider reported no usage and tokenmeter estimated it (a stream that was
 * cancelled or cut): the cost is an estimate too
 *
 * @since 0.2.0
 */
public record CallCostAlertEvent(Instant timestamp, String provider, String model, String agent, String user,
		@Nullable String session, TokenUsage usage, BigDecimal cost, BigDecimal threshold, boolean usageEstimated) {
}
