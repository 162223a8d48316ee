package io.tokenmeter.sample.demo;

import com.openai.models.completions.CompletionUsage;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.metadata.Usage;

/**
 * The usage the demo model reports for one answer, in the shape each provider's Spring AI client reports it, with
 * the provider SDK's own usage object as the native usage. tokenmeter then reads it exactly as it reads a real
 * provider's: the native usage type names the provider, and that provider's normalizer interprets the counts.
 *
 * <p>The counts are a fixed formula so a reader (and {@code ops/e2e.sh}) can work out every call's cost by hand:
 * <ul>
 * <li>prompt: {@value #PREFIX_TOKENS} tokens of a simulated system prompt and tool definitions, of which the first
 * {@value #CACHED_PREFIX_TOKENS} are read from the provider's prompt cache, plus ⌈characters / 4⌉ of the
 * prompt's own text;</li>
 * <li>output: {@value #REPLY_BASE_TOKENS} + ⌈characters / 4⌉ tokens of answer; Claude adds
 * {@value #THINKING_TOKENS} tokens of extended thinking, billed as output and reported as reasoning.</li>
 * </ul>
 *
 * @param provider {@code openai} or {@code anthropic}: whose usage shape and native type are reported
 * @param uncachedInput prompt tokens not read from the cache
 * @param cachedInput prompt tokens read from the cache
 * @param answer output tokens of the visible answer
 * @param thinking output tokens of (Claude's) extended thinking
 */
public record DemoUsage(String provider, int uncachedInput, int cachedInput, int answer, int thinking) {

	/** Simulated system prompt and tool definitions sent with every call. */
	public static final int PREFIX_TOKENS = 1200;

	/** The part of the prefix the provider serves from its prompt cache (OpenAI caches in 128-token steps from 1024). */
	public static final int CACHED_PREFIX_TOKENS = 1024;

	/** Output tokens of every answer before the part that grows with the prompt. */
	public static final int REPLY_BASE_TOKENS = 64;

	/** Extended-thinking tokens of every Claude answer. */
	public static final int THINKING_TOKENS = 96;

	/** The usage of one answer to a prompt of {@code promptCharacters} characters. */
	public static DemoUsage forPrompt(String provider, int promptCharacters) {
		int textTokens = (promptCharacters + 3) / 4;
		int thinking = "anthropic".equals(provider) ? THINKING_TOKENS : 0;
		return new DemoUsage(provider, PREFIX_TOKENS - CACHED_PREFIX_TOKENS + textTokens, CACHED_PREFIX_TOKENS,
				REPLY_BASE_TOKENS + textTokens, thinking);
	}

	/** All output tokens, thinking included. */
	public int output() {
		return this.answer + this.thinking;
	}

	/** The usage as Spring AI's client for this provider reports it. */
	public Usage toSpringAiUsage() {
		return "anthropic".equals(this.provider) ? anthropicUsage() : openAiUsage();
	}

	/**
	 * OpenAI: {@code prompt_tokens} includes {@code cached_tokens} and {@code completion_tokens} includes
	 * {@code reasoning_tokens}; Spring AI's OpenAI client copies {@code cached_tokens} into the cache-read count.
	 */
	private Usage openAiUsage() {
		int prompt = this.uncachedInput + this.cachedInput;
		CompletionUsage nativeUsage = CompletionUsage.builder()
			.promptTokens(prompt)
			.completionTokens(output())
			.totalTokens(prompt + output())
			.promptTokensDetails(CompletionUsage.PromptTokensDetails.builder()
				.cachedTokens(this.cachedInput)
				.audioTokens(0)
				.build())
			.completionTokensDetails(CompletionUsage.CompletionTokensDetails.builder()
				.reasoningTokens(this.thinking)
				.audioTokens(0)
				.acceptedPredictionTokens(0)
				.rejectedPredictionTokens(0)
				.build())
			.build();
		return new DefaultUsage(prompt, output(), prompt + output(), nativeUsage, (long) this.cachedInput, null);
	}

	/**
	 * Anthropic: {@code input_tokens} excludes cache reads and writes; {@code output_tokens} includes thinking.
	 * Spring AI's Anthropic client reports {@code input_tokens} as the prompt count.
	 */
	private Usage anthropicUsage() {
		com.anthropic.models.messages.Usage nativeUsage = com.anthropic.models.messages.Usage.builder()
			.inputTokens(this.uncachedInput)
			.outputTokens(output())
			.cacheReadInputTokens((long) this.cachedInput)
			.cacheCreationInputTokens(0L)
			.cacheCreation(com.anthropic.models.messages.CacheCreation.builder()
				.ephemeral5mInputTokens(0)
				.ephemeral1hInputTokens(0)
				.build())
			.outputTokensDetails(
					com.anthropic.models.messages.OutputTokensDetails.builder().thinkingTokens(this.thinking).build())
			.serverToolUse((com.anthropic.models.messages.ServerToolUsage) null)
			.serviceTier(com.anthropic.models.messages.Usage.ServiceTier.STANDARD)
			.inferenceGeo((String) null)
			.build();
		return new DefaultUsage(this.uncachedInput, output(), this.uncachedInput + output(), nativeUsage,
				(long) this.cachedInput, 0L);
	}

}
