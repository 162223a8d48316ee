package io.tokenmeter.core.call;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

import io.tokenmeter.core.usage.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * What one {@code ChatClient} call cost, all of it: every model round trip made under it (each round of a
 * tool-calling conversation, each attempt of a structured-output validation retry, the rejected ones and the
 * ones that failed included), summed exactly as tokenmeter metered and priced them.
 *
 * <p>Read it from the response context after a call, or from a {@link CallCostTracker} passed as an advisor param
 * (which also works when the call ends in an exception, and for streams once they complete):
 *
 * <pre>{@code
 * ChatClientResponse response = chatClient.prompt("Summarize this ticket").call().chatClientResponse();
 * CallCost cost = CallCost.from(response.context()).orElse(CallCost.NONE);
 * log.info("{} round trips, {} tokens, ${}", cost.calls(), cost.usage().total(), cost.cost());
 * }</pre>
 *
 * @param calls model round trips metered under the call (0 when none reached the model)
 * @param usage their tokens, bucket by bucket ({@link TokenUsage#reported()} false when none reported usage)
 * @param cost the exact sum of the priced round trips' costs in USD; zero when none was priced
 * @param unpricedCalls round trips with usage but no price: their tokens are in {@code usage}, their cost is
 * not in {@code cost}, so {@code cost} is a lower bound when this is not 0
 * @param estimated true when the usage of at least one round trip was estimated with the tokenizer (a stream
 * cancelled or cut before its usage report)
 *
 * @since 0.2.0
 */
public record CallCost(int calls, TokenUsage usage, BigDecimal cost, int unpricedCalls, boolean estimated) {

	/** The response context key of a call's cost ({@code TokenMeter.CALL_COST}). */
	public static final String CONTEXT_KEY = "tokenmeter.call-cost";

	/** Nothing metered (yet). */
	public static final CallCost NONE = new CallCost(0, TokenUsage.MISSING, BigDecimal.ZERO, 0, false);

	/**
	 * The cost a {@code ChatClientResponse} carries, from its {@code context()}.
	 * @return the cost, empty when the response did not pass through tokenmeter's {@code CallCostAdvisor} (a
	 * {@code ChatClient} built by hand without it, or {@code tokenmeter.advisor.call-cost=false})
	 */
	public static Optional<CallCost> from(@Nullable Map<String, ?> responseContext) {
		return responseContext != null && responseContext.get(CONTEXT_KEY) instanceof CallCost cost ? Optional.of(cost)
				: Optional.empty();
	}

	/** True when every round trip that reported usage was priced, so {@link #cost()} is the whole cost. */
	public boolean fullyPriced() {
		return this.unpricedCalls == 0;
	}

}
