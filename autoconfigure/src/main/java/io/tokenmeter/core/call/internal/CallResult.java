package io.tokenmeter.core.call.internal;

import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.metadata.Usage;

/**
 * What a call's answer (or the part of a stream seen before it ended) showed.
 *
 * @param responseModel the model id the response named, or null
 * @param usage the usage the provider reported, or null
 * @param finishReason the provider's finish reason, or null
 * @param preview the first characters of the response text, or null
 * @param streamedText the text a stream delivered, kept only to estimate a stream that reported no usage; null
 * for calls
 */
public record CallResult(@Nullable String responseModel, @Nullable Usage usage, @Nullable String finishReason, @Nullable String preview,
		@Nullable CharSequence streamedText) {

	/** Nothing was seen: a call that failed before answering. */
	public static final CallResult NONE = new CallResult(null, null, null, null, null);

}
