package io.tokenmeter.core.usage;

import com.anthropic.models.messages.CacheCreation;
import com.anthropic.models.messages.MessageDeltaUsage;
import org.springframework.ai.chat.metadata.Usage;

/**
 * Anthropic: {@code input_tokens} <em>excludes</em> {@code cache_read_input_tokens} and
 * {@code cache_creation_input_tokens}, so the three are disjoint already and are not subtracted.
 * {@code cache_creation} splits writes into 5-minute and 1-hour TTLs, billed at different rates;
 * without that split every write is taken as a 5-minute write (Anthropic's default TTL).
 * {@code output_tokens} includes extended-thinking tokens.
 */
public final class AnthropicUsageNormalizer implements UsageNormalizer {

	@Override
	public TokenUsage normalize(Usage usage) {
		if (UsageNormalizer.isEmpty(usage)) {
			return TokenUsage.MISSING;
		}
		long input = UsageNormalizer.count(usage.getPromptTokens());
		long cacheRead = UsageNormalizer.count(usage.getCacheReadInputTokens());
		long cacheWrite = UsageNormalizer.count(usage.getCacheWriteInputTokens());
		long output = UsageNormalizer.count(usage.getCompletionTokens());
		long write1h = Math.min(oneHourWrites(usage.getNativeUsage()), cacheWrite);
		long thinking = Math.min(thinkingTokens(usage.getNativeUsage()), output);
		return TokenUsage.of(input, cacheRead, cacheWrite - write1h, write1h, output, thinking);
	}

	private static long oneHourWrites(Object nativeUsage) {
		if (nativeUsage instanceof com.anthropic.models.messages.Usage messageUsage) {
			return messageUsage.cacheCreation().map(CacheCreation::ephemeral1hInputTokens).orElse(0L);
		}
		return 0;
	}

	private static long thinkingTokens(Object nativeUsage) {
		if (nativeUsage instanceof com.anthropic.models.messages.Usage messageUsage) {
			return messageUsage.outputTokensDetails().map(details -> details.thinkingTokens()).orElse(0L);
		}
		if (nativeUsage instanceof MessageDeltaUsage deltaUsage) {
			return deltaUsage.outputTokensDetails().map(details -> details.thinkingTokens()).orElse(0L);
		}
		return 0;
	}

}
