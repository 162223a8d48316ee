package io.tokenmeter.core.call;

import java.math.BigDecimal;
import java.util.Map;

import io.tokenmeter.core.usage.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * Adds up what a call costs while it runs, for the code that made it. Pass one as the
 * {@code TokenMeter.CALL_COST_TRACKER} advisor param and read {@link #total()} afterwards: after the call returned,
 * after it threw (a validation retry that gave up, a model error after some tool rounds: what was spent so far is
 * there, and the exception is the model's own, untouched), or once a stream completed, failed or was cancelled.
 *
 * <pre>{@code
 * CallCostTracker tracker = new CallCostTracker();
 * try {
 *     return chatClient.prompt("Weather in Paris as JSON")
 *         .advisors(a -> a.param(TokenMeter.CALL_COST_TRACKER, tracker))
 *         .call()
 *         .entity(Forecast.class);
 * }
 * finally {
 *     log.info("spent ${} in {} round trips", tracker.total().cost(), tracker.total().calls());
 * }
 * }</pre>
 *
 * A tracker passed to several calls adds them all up (e.g. everything one web request made). Thread-safe; a call
 * that was refused by an enforced budget never reached the model and adds nothing.
 *
 * @since 0.2.0
 */
public final class CallCostTracker {

	/** The request-context key a tracker travels under ({@code TokenMeter.CALL_COST_TRACKER}). */
	public static final String CONTEXT_KEY = "tokenmeter.call-cost-tracker";

	private int calls;

	private TokenUsage usage = TokenUsage.MISSING;

	private BigDecimal cost = BigDecimal.ZERO;

	private int unpricedCalls;

	private boolean estimated;

	/**
	 * Adds one metered round trip as recorded (priced when it could be). tokenmeter calls this for every round trip
	 * of a call that carries the tracker; a refused call (never sent to the model) adds nothing.
	 */
	public synchronized void add(LlmCall call) {
		if (call.outcome() == CallOutcome.BLOCKED) {
			return;
		}
		this.calls++;
		this.usage = this.usage.plus(call.usage());
		if (call.cost() != null) {
			this.cost = this.cost.add(call.cost());
		}
		else if (call.usage().reported()) {
			this.unpricedCalls++;
		}
		this.estimated |= call.usageEstimated();
	}

	/**
	 * The tracker a request context carries, or null when it carries none. Read on every metered call, so it
	 * returns null rather than an {@code Optional}.
	 */
	public static @Nullable CallCostTracker in(Map<String, ?> requestContext) {
		return requestContext.get(CONTEXT_KEY) instanceof CallCostTracker tracker ? tracker : null;
	}

	/** What the calls tracked so far cost. */
	public synchronized CallCost total() {
		return new CallCost(this.calls, this.usage, this.cost, this.unpricedCalls, this.estimated);
	}

	@Override
	public String toString() {
		return "CallCostTracker" + total();
	}

}
