package io.tokenmeter;

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

	private TokenMeter() {
	}

}
