package io.tokenmeter.core.pricing;

/**
 * Rates that apply to the <em>whole</em> request once its prompt (uncached + cached + cache-written input)
 * is larger than a threshold, as Anthropic and Google bill long-context requests.
 *
 * @param aboveInputTokens the tier applies when the prompt has strictly more input tokens than this
 * @param rate the rates of every bucket in this tier
 * @since 0.1.0
 */
public record PromptSizeTier(long aboveInputTokens, ModelRate rate) {
}
