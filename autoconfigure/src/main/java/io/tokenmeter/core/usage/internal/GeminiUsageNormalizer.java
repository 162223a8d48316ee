package io.tokenmeter.core.usage.internal;

import com.google.genai.types.GenerateContentResponseUsageMetadata;
import io.tokenmeter.core.usage.TokenUsage;
import org.springframework.ai.chat.metadata.Usage;

/**
 * Google Gemini: {@code promptTokenCount} <em>includes</em> {@code cachedContentTokenCount};
 * {@code candidatesTokenCount} <em>excludes</em> {@code thoughtsTokenCount}, which is billed as output;
 * {@code toolUsePromptTokenCount} is billed as input but is in neither. Thoughts are therefore added to
 * output (and reported as reasoning), tool-use prompt tokens added to input. Without the native usage
 * object (Spring AI's {@code include-extended-usage-metadata=false}) thoughts cannot be seen.
 */
public final class GeminiUsageNormalizer extends ReportedUsageNormalizer {

	@Override
	TokenUsage normalize(Usage usage, long prompt, long cacheRead, long cacheWrite, long candidates) {
		long cached = Math.min(cacheRead, prompt);
		long thoughts = 0;
		long toolUsePrompt = 0;
		if (usage.getNativeUsage() instanceof GenerateContentResponseUsageMetadata metadata) {
			thoughts = metadata.thoughtsTokenCount().orElse(0);
			toolUsePrompt = metadata.toolUsePromptTokenCount().orElse(0);
		}
		return TokenUsage.of(prompt - cached + toolUsePrompt, cached, 0, 0, candidates + thoughts, thoughts);
	}

}
