package io.tokenmeter.core.usage;

import com.openai.models.completions.CompletionUsage;
import org.springframework.ai.chat.metadata.Usage;

/**
 * OpenAI (and OpenAI-compatible servers reached through the OpenAI client): {@code prompt_tokens}
 * <em>includes</em> {@code prompt_tokens_details.cached_tokens}, and {@code completion_tokens}
 * <em>includes</em> {@code completion_tokens_details.reasoning_tokens}. Cached tokens are therefore
 * subtracted from the prompt (not added to it), and reasoning stays inside output. OpenAI does not
 * bill or report cache writes.
 */
public final class OpenAiUsageNormalizer implements UsageNormalizer {

	@Override
	public TokenUsage normalize(Usage usage) {
		if (UsageNormalizer.isEmpty(usage)) {
			return TokenUsage.MISSING;
		}
		long prompt = UsageNormalizer.count(usage.getPromptTokens());
		long cached = Math.min(UsageNormalizer.count(usage.getCacheReadInputTokens()), prompt);
		long completion = UsageNormalizer.count(usage.getCompletionTokens());
		long reasoning = Math.min(reasoningTokens(usage.getNativeUsage()), completion);
		return TokenUsage.of(prompt - cached, cached, 0, 0, completion, reasoning);
	}

	private static long reasoningTokens(Object nativeUsage) {
		if (nativeUsage instanceof CompletionUsage completionUsage) {
			return completionUsage.completionTokensDetails()
				.flatMap(CompletionUsage.CompletionTokensDetails::reasoningTokens)
				.orElse(0L);
		}
		return 0;
	}

}
