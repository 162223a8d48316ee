package io.tokenmeter.advisor.internal;

import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatOptions;

/**
 * Turns {@code stream_options.include_usage} on for OpenAI requests that set stream options without it.
 * Spring AI's OpenAI client asks for usage when a request has no stream options at all, but a request (or
 * {@code spring.ai.openai.chat.stream-usage=false}) that sets them without usage would stream unpriced.
 * Only loaded when Spring AI's OpenAI module is on the classpath.
 */
public final class OpenAiStreamUsageRequest implements StreamUsageRequest {

	@Override
	public Prompt apply(Prompt prompt) {
		if (prompt.getOptions() instanceof OpenAiChatOptions options && options.getStreamOptions() != null
				&& !Boolean.TRUE.equals(options.getStreamOptions().includeUsage())) {
			OpenAiChatOptions withUsage = options.mutate().streamUsage(true).build();
			return prompt.mutate().chatOptions(withUsage).build();
		}
		return prompt;
	}

}
