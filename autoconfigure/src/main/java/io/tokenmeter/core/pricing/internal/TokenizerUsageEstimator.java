package io.tokenmeter.core.pricing.internal;

import java.util.List;

import io.tokenmeter.core.call.internal.UsageEstimator;
import io.tokenmeter.core.pricing.JtokkitPromptTokenCounter;
import io.tokenmeter.core.pricing.PromptTokenCounter;
import io.tokenmeter.core.usage.TokenUsage;

/**
 * Estimates a stream that reported no usage with the tokenizer: the prompt as uncached input (framing
 * included), the streamed text as output. Exact for OpenAI models' text, an approximation for others (see
 * {@link JtokkitPromptTokenCounter}); hidden reasoning and cache discounts cannot be seen, so the estimate errs
 * low on reasoning models and high on cached prompts.
 */
public final class TokenizerUsageEstimator implements UsageEstimator {

	private final PromptTokenCounter counter;

	public TokenizerUsageEstimator(PromptTokenCounter counter) {
		this.counter = counter;
	}

	@Override
	public TokenUsage estimate(String model, List<String> promptText, CharSequence output) {
		long input = promptText.isEmpty() ? 0 : this.counter.count(model, promptText).tokens();
		long outputTokens = output.length() == 0 ? 0 : this.counter.countText(model, output.toString());
		return TokenUsage.of(input, 0, 0, 0, outputTokens, 0);
	}

}
