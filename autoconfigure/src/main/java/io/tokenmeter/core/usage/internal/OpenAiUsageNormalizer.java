package io.tokenmeter.core.usage.internal;

import java.util.Map;

import com.openai.core.JsonField;
import com.openai.core.JsonNumber;
import com.openai.core.JsonObject;
import com.openai.core.JsonValue;
import com.openai.core.KnownValue;
import com.openai.models.completions.CompletionUsage;
import io.tokenmeter.core.usage.TokenUsage;
import org.springframework.ai.chat.metadata.Usage;

/**
 * OpenAI and the OpenAI-compatible servers reached through the OpenAI client. Every one of them is provider
 * {@code "openai"}, so the shape is told apart from the numbers and fields of the report, never from a name.
 *
 * <p>OpenAI: {@code prompt_tokens} <em>includes</em> {@code prompt_tokens_details.cached_tokens}, and
 * {@code completion_tokens} <em>includes</em> {@code completion_tokens_details.reasoning_tokens}. Cached tokens are
 * therefore subtracted from the prompt (not added to it), and reasoning stays inside output. OpenAI does not bill or
 * report cache writes. The compatible shapes handled on top of that:
 * <ul>
 * <li><b>Reasoning outside {@code completion_tokens}</b> (xAI Grok): when {@code reasoning_tokens > 0} and
 * {@code total_tokens == prompt_tokens + completion_tokens + reasoning_tokens}, the reasoning was not counted in
 * the completion, so output is {@code completion_tokens + reasoning_tokens}. Any other total keeps OpenAI's
 * meaning, even for xAI (some routers re-count Grok's reasoning inside the completion).</li>
 * <li><b>Cache writes inside {@code prompt_tokens}</b>: {@code prompt_tokens_details.cache_write_tokens}
 * (OpenRouter), {@code prompt_tokens_details.cache_creation_tokens} or the top-level
 * {@code cache_creation_input_tokens} (LiteLLM proxy for Anthropic models; LiteLLM adds Anthropic's cache reads and
 * writes into {@code prompt_tokens}). They are taken out of the prompt like cached tokens and counted as 5-minute
 * cache writes, or as 1-hour writes for the part LiteLLM reports in
 * {@code prompt_tokens_details.cache_creation_token_details.ephemeral_1h_input_tokens}.</li>
 * <li><b>DeepSeek's cache hits</b>: the top-level {@code prompt_cache_hit_tokens} ({@code prompt_tokens} is hits
 * plus {@code prompt_cache_miss_tokens}) are cache reads when {@code cached_tokens} does not report them.</li>
 * </ul>
 * Different names for one count (cached_tokens / prompt_cache_hit_tokens / cache_read_input_tokens; the three
 * cache-write names and Spring AI's {@code Usage#getCacheWriteInputTokens()}) are aliases: the largest is taken,
 * they are never added. Reads are capped at the prompt and writes at what reads leave of it, so no bucket goes
 * negative and no token is counted twice. Spring AI 2.0.1's {@code OpenAiChatModel} maps only
 * {@code cached_tokens} (as the cache read) and leaves the cache write null; the rest is read from the native
 * {@link CompletionUsage}, its unknown fields included, without exceptions, regular expressions or reflection.
 */
public final class OpenAiUsageNormalizer extends ReportedUsageNormalizer {

	@Override
	TokenUsage normalize(Usage usage, long prompt, long cacheRead, long cacheWrite, long completion) {
		long cacheWrite1h = 0;
		long output = completion;
		long reasoning = 0;
		if (usage.getNativeUsage() instanceof CompletionUsage completionUsage) {
			Map<String, JsonValue> extra = completionUsage._additionalProperties();
			if (!extra.isEmpty()) {
				// DeepSeek: https://api-docs.deepseek.com/guides/kv_cache/ (prompt_tokens = hit + miss).
				cacheRead = Math.max(cacheRead, tokens(extra.get("prompt_cache_hit_tokens")));
				// LiteLLM (Anthropic through the proxy): https://litellm.vercel.app/docs/completion/prompt_caching
				cacheRead = Math.max(cacheRead, tokens(extra.get("cache_read_input_tokens")));
				cacheWrite = Math.max(cacheWrite, tokens(extra.get("cache_creation_input_tokens")));
			}
			if (completionUsage._promptTokensDetails() instanceof KnownValue<?> known
					&& known.value() instanceof CompletionUsage.PromptTokensDetails details) {
				cacheRead = Math.max(cacheRead, tokens(details._cachedTokens()));
				// OpenRouter: https://openrouter.ai/docs/use-cases/usage-accounting (a field the SDK knows).
				cacheWrite = Math.max(cacheWrite, tokens(details._cacheWriteTokens()));
				Map<String, JsonValue> detailsExtra = details._additionalProperties();
				if (!detailsExtra.isEmpty()) {
					// LiteLLM's PromptTokensDetailsWrapper: cache_creation_tokens and its TTL split.
					cacheWrite = Math.max(cacheWrite, tokens(detailsExtra.get("cache_creation_tokens")));
					if (detailsExtra.get("cache_creation_token_details") instanceof JsonObject split) {
						cacheWrite1h = tokens(split.values().get("ephemeral_1h_input_tokens"));
					}
				}
			}
			long reported = 0;
			if (completionUsage._completionTokensDetails() instanceof KnownValue<?> known
					&& known.value() instanceof CompletionUsage.CompletionTokensDetails details) {
				reported = tokens(details._reasoningTokens());
			}
			// xAI counts reasoning beside completion_tokens, and only the total shows it. Google's guide for Grok
			// on Vertex AI says the reasoning count is "separated from the completion_tokens" (its example:
			// 663 + 50 + 124 = 837), https://docs.cloud.google.com/vertex-ai/generative-ai/docs/partner-models/grok/capabilities/reasoning
			// xAI's own guide, https://docs.x.ai/docs/guides/reasoning, only says usage exposes reasoning_tokens.
			if (reported > 0 && tokens(completionUsage._totalTokens()) == prompt + completion + reported) {
				output = completion + reported;
				reasoning = reported;
			}
			else {
				reasoning = Math.min(reported, completion);
			}
		}
		cacheRead = Math.min(cacheRead, prompt);
		cacheWrite = Math.min(cacheWrite, prompt - cacheRead);
		cacheWrite1h = Math.min(cacheWrite1h, cacheWrite);
		return TokenUsage.of(prompt - cacheRead - cacheWrite, cacheRead, cacheWrite - cacheWrite1h, cacheWrite1h,
				output, reasoning);
	}

	/**
	 * A token count from a field the SDK parsed or from an unknown JSON property; 0 when it is absent, null, not
	 * a number or negative.
	 */
	private static long tokens(JsonField<?> field) {
		long count = 0;
		if (field instanceof KnownValue<?> known && known.value() instanceof Number number) {
			count = number.longValue();
		}
		else if (field instanceof JsonNumber number) {
			count = number.value().longValue();
		}
		return Math.max(count, 0);
	}

}
