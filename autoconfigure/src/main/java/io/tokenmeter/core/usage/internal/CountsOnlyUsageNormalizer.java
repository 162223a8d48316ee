package io.tokenmeter.core.usage.internal;

import io.tokenmeter.core.usage.TokenUsage;
import org.springframework.ai.chat.metadata.Usage;

/**
 * Ollama and providers without a dedicated normalizer: only the prompt and completion counts are trusted.
 * A cache-read count, where the client reports one, is taken as part of the prompt (the convention of
 * Spring AI's {@code Usage} and of OpenAI-compatible servers), so it is never counted twice.
 */
public final class CountsOnlyUsageNormalizer extends ReportedUsageNormalizer {

	@Override
	TokenUsage normalize(Usage usage, long prompt, long cacheRead, long cacheWrite, long completion) {
		long cached = Math.min(cacheRead, prompt);
		return TokenUsage.of(prompt - cached, cached, 0, 0, completion, 0);
	}

}
