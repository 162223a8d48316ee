package io.tokenmeter.core.call.internal;

import java.util.List;

import io.tokenmeter.core.usage.TokenUsage;

/**
 * Estimates the usage of a call the provider billed but did not report (a stream cancelled by the client or cut
 * by the server), from the prompt and the text that was streamed, with a tokenizer.
 */
@FunctionalInterface
public interface UsageEstimator {

	/**
	 * @param model the model the call ran on
	 * @param promptText the text of the prompt's messages
	 * @param output the text streamed before the stream ended
	 * @return the estimated usage (uncached input and output)
	 */
	TokenUsage estimate(String model, List<String> promptText, CharSequence output);

}
