package io.tokenmeter.core.usage.internal;

import io.tokenmeter.core.usage.TokenUsage;
import org.springframework.ai.chat.metadata.Usage;

/**
 * What every provider's normalizer starts with: a report without counts is {@link TokenUsage#MISSING}, and the four
 * counts of Spring AI's {@link Usage} are read once, an absent count as zero. The provider's normalizer says what
 * they mean. The counts are passed as arguments, not as a value object, so a call allocates nothing for them.
 */
abstract class ReportedUsageNormalizer implements UsageNormalizer {

	@Override
	public final TokenUsage normalize(Usage usage) {
		if (UsageNormalizer.isEmpty(usage)) {
			return TokenUsage.MISSING;
		}
		return normalize(usage, UsageNormalizer.count(usage.getPromptTokens()),
				UsageNormalizer.count(usage.getCacheReadInputTokens()),
				UsageNormalizer.count(usage.getCacheWriteInputTokens()),
				UsageNormalizer.count(usage.getCompletionTokens()));
	}

	/**
	 * @param usage the report, for what only its native usage object carries
	 * @param prompt {@code Usage#getPromptTokens()}, 0 when absent
	 * @param cacheRead {@code Usage#getCacheReadInputTokens()}, 0 when absent
	 * @param cacheWrite {@code Usage#getCacheWriteInputTokens()}, 0 when absent
	 * @param completion {@code Usage#getCompletionTokens()}, 0 when absent
	 * @return the normalized usage
	 */
	abstract TokenUsage normalize(Usage usage, long prompt, long cacheRead, long cacheWrite, long completion);

}
