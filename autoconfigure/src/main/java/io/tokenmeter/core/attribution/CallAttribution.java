package io.tokenmeter.core.attribution;

import org.jspecify.annotations.Nullable;

/**
 * Who a call is for. Any field may be null in what an {@link LlmCallAttributor} returns (meaning "not decided
 * here"); the attribution recorded on a call has agent and user always set.
 *
 * @param agent the agent, feature or bot that made the call (a bounded set: it is a metric tag)
 * @param user the end user the call was made for (folded into {@code other} on metrics past a cap)
 * @param session a session or conversation id, carried to the call record only, never to metrics
 * @since 0.1.0
 */
public record CallAttribution(String agent, String user, @Nullable String session) {

	public static final CallAttribution NONE = new CallAttribution(null, null, null);

}
