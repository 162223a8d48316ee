package io.tokenmeter.model.internal;

import io.tokenmeter.core.call.internal.CallResult;
import io.tokenmeter.core.call.internal.ChatResponses;
import io.tokenmeter.core.lifecycle.MeteredCall;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.observation.ChatModelObservationContext;

/**
 * How a metered call ends when Spring AI's chat-model observation stops: failed with the observation's error,
 * cancelled when a stream ended without its aggregated response, else completed with the model's response.
 * Shared by the model-level path and the tracing filter, which may end a call first so that its span carries it.
 */
public final class ChatModelCallEnd {

	/** The key under which the model-level path keeps the call it began in the observation's context. */
	public static final String CALL = MeteredCall.class.getName();

	private ChatModelCallEnd() {
	}

	/**
	 * Ends the call (a no-op when it has ended already).
	 * @param previewChars characters of the response kept on the record; 0 reads no text
	 */
	public static void end(MeteredCall call, ChatModelObservationContext context, int previewChars) {
		ChatResponse response = context.getResponse();
		CallResult result = ChatResponses.result(response, previewChars);
		if (context.getError() != null) {
			call.failed(context.getError(), result);
		}
		else if (response == null && context.isStreaming()) {
			// Spring AI sets a stream's aggregated response on completion only: no response is a cancel.
			call.cancelled(result);
		}
		else {
			call.completed(result);
		}
	}

}
