package io.tokenmeter.advisor.internal;

import org.springframework.ai.chat.prompt.Prompt;

/**
 * Asks a provider to report the usage of a streamed call when it only does so on request (OpenAI's
 * {@code stream_options.include_usage}). Without it a stream cannot be priced.
 */
@FunctionalInterface
public interface StreamUsageRequest {

	StreamUsageRequest NONE = prompt -> prompt;

	/** @return the prompt to send: the same one, or a copy whose options ask for stream usage */
	Prompt apply(Prompt prompt);

}
