package io.tokenmeter.core.pricing;

import java.util.List;

/**
 * Counts the tokens of a prompt before it is sent, for estimates.
 *
 * @since 0.1.0
 */
public interface PromptTokenCounter {

	/**
	 * @param model the model the prompt is for (the tokenizer depends on it)
	 * @param messages the text of each message of the prompt
	 * @return the count, and whether it is exact for this model or an approximation
	 */
	TokenCount count(String model, List<String> messages);

	/**
	 * The tokens of a piece of text without message framing, e.g. a streamed answer. The default is about four
	 * characters a token; tokenizer-backed counters count exactly.
	 */
	default long countText(String model, String text) {
		return (text.length() + 3) / 4;
	}

	/**
	 * @param tokens prompt tokens, message framing included
	 * @param encoding the tokenizer used (e.g. {@code o200k_base})
	 * @param approximate true when the model's provider tokenizes differently (Anthropic, Google, Mistral, ...)
	 */
	record TokenCount(long tokens, String encoding, boolean approximate) {
	}

}
