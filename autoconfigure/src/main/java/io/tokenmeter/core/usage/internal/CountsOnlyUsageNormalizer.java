package io.tokenmeter.core.usage.internal;

import io.tokenmeter.core.usage.TokenUsage;
import io.tokenmeter.core.usage.internal.UsageNormalizer;
import org.springframework.ai.chat.metadata.Usage;

/**
 * Ollama and providers without a dedicated normalizer: only the prompt and completion counts are trusted.
 * A cache-read count, where the client reports one, is taken as part of the prompt (the convention of
 * Spring AI's {@code Usage} and of OpenAI-compatible servers), so it is never counted twice.
 */
public final class CountsOnlyUsageNormalizer implements UsageNormalizer {

	@Override
	public TokenUsage normalize(Usage usage) {
		if (UsageNormalizer.isEmpty(usage)) {
			return TokenUsage.MISSING;
		}
		long prompt = UsageNormalizer.count(usage.getPromptTokens());
		long cached = Math.min(UsageNormalizer.count(usage.getCacheReadInputTokens()), prompt);
		return TokenUsage.of(prompt - cached, cached, 0, 0, UsageNormalizer.count(usage.getCompletionTokens()), 0);
	}

}
