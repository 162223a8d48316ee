package io.tokenmeter.core.usage.internal;

import io.tokenmeter.core.usage.TokenUsage;
import org.springframework.ai.chat.metadata.Usage;

/**
 * Turns one provider's usage report into {@link TokenUsage}. Providers disagree on what "prompt" and
 * "completion" include, so each provider gets its own normalizer; the fields of Spring AI's {@link Usage}
 * are read as that provider means them, and details only the native usage object carries are read from it.
 */
public interface UsageNormalizer {

	/**
	 * @param usage the usage Spring AI attached to the response (never null; may be empty)
	 * @return the normalized usage, or {@link TokenUsage#MISSING} when the report holds no counts
	 */
	TokenUsage normalize(Usage usage);

	/** True when the usage object carries no counts at all (an empty report, not a call of zero tokens). */
	static boolean isEmpty(Usage usage) {
		Integer prompt = usage.getPromptTokens();
		Integer completion = usage.getCompletionTokens();
		return (prompt == null || prompt == 0) && (completion == null || completion == 0)
				&& usage.getCacheReadInputTokens() == null && usage.getCacheWriteInputTokens() == null;
	}

	static long count(Integer value) {
		return value == null ? 0 : value;
	}

	static long count(Long value) {
		return value == null ? 0 : value;
	}

}
