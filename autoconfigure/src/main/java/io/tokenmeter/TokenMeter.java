package io.tokenmeter;

import io.tokenmeter.core.call.CallCost;
import io.tokenmeter.core.call.CallCostTracker;

/**
 * Advisor param keys for attributing one call, set with Spring AI's advisor spec:
 *
 * <pre>{@code
 * chatClient.prompt("Summarize this ticket")
 *     .advisors(a -> a.param(TokenMeter.AGENT, "support-bot")
 *                     .param(TokenMeter.USER, userId)
 *                     .param(TokenMeter.SESSION, conversationId))
 *     .call().content();
 * }</pre>
 *
 * A value set here wins over an {@code LlmCallAttributor} bean and over the configured defaults.
 *
 * @since 0.1.0
 */
public final class TokenMeter {

	/** The agent, feature or bot making the call: a bounded set, published as the {@code agent} tag. */
	public static final String AGENT = "tokenmeter.agent";

	/** The end user the call is for: the {@code user} tag (capped) and the call record. */
	public static final String USER = "tokenmeter.user";

	/** A session or conversation id: call record only, never a metric tag. */
	public static final String SESSION = "tokenmeter.session";

	/**
	 * The service tier the call is billed at ({@code batch}, {@code flex}, {@code priority}); overrides the
	 * model's configured default tier.
	 */
	public static final String SERVICE_TIER = "tokenmeter.service-tier";

	/**
	 * Advisor param: a {@link CallCostTracker} the call's metered round trips are added to, readable after the call
	 * returned, threw or (for a stream) completed:
	 *
	 * <pre>{@code
	 * CallCostTracker tracker = new CallCostTracker();
	 * try {
	 *     chatClient.prompt(question).advisors(a -> a.param(TokenMeter.CALL_COST_TRACKER, tracker)).call().entity(Answer.class);
	 * }
	 * catch (RuntimeException ex) {
	 *     log.warn("failed after spending ${}", tracker.total().cost());
	 *     throw ex;
	 * }
	 * }</pre>
	 */
	public static final String CALL_COST_TRACKER = CallCostTracker.CONTEXT_KEY;

	/**
	 * Response context key: the {@link CallCost} of everything a {@code ChatClient} call did (tool rounds and
	 * validation retries summed, rejected attempts included), set on the {@code ChatClientResponse} of every
	 * successful {@code call()}:
	 *
	 * <pre>{@code
	 * ChatClientResponse response = chatClient.prompt("Summarize this ticket").call().chatClientResponse();
	 * CallCost cost = CallCost.from(response.context()).orElse(CallCost.NONE);
	 * }</pre>
	 */
	public static final String CALL_COST = CallCost.CONTEXT_KEY;

	private TokenMeter() {
	}

}
