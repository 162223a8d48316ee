package io.tokenmeter.core.pricing;

import java.util.List;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Counts prompt tokens with JTokkit, OpenAI's tokenizers in Java: {@code o200k_base} for the GPT-4o, GPT-4.1,
 * GPT-5 and o-series families, {@code cl100k_base} for GPT-4 and GPT-3.5. Exact for those models' message text;
 * every other model (Claude, Gemini, Mistral, Llama, ...) uses its own tokenizer, which OpenAI's only
 * approximates (typically within 10-20% for English text), so their counts are flagged approximate.
 * Message framing follows OpenAI's chat format: 3 tokens per message plus 3 that prime the reply.
 *
 * @since 0.1.0
 */
public final class JtokkitPromptTokenCounter implements PromptTokenCounter {

	private static final int TOKENS_PER_MESSAGE = 3;

	private static final int REPLY_PRIMING_TOKENS = 3;

	private static final List<String> O200K_FAMILIES = List.of("gpt-4o", "chatgpt-4o", "gpt-4.1", "gpt-4.5",
			"gpt-5", "o1", "o3", "o4", "gpt-oss");

	private static final List<String> CL100K_FAMILIES = List.of("gpt-4", "gpt-3.5");

	private final Encoding o200k;

	private final Encoding cl100k;

	public JtokkitPromptTokenCounter() {
		EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
		this.o200k = registry.getEncoding(EncodingType.O200K_BASE);
		this.cl100k = registry.getEncoding(EncodingType.CL100K_BASE);
	}

	@Override
	public TokenCount count(String model, List<String> messages) {
		String id = model == null ? "" : model.toLowerCase(java.util.Locale.ROOT);
		boolean o200kFamily = startsWithAny(id, O200K_FAMILIES);
		boolean cl100kFamily = !o200kFamily && startsWithAny(id, CL100K_FAMILIES);
		Encoding encoding = cl100kFamily ? this.cl100k : this.o200k;
		long tokens = REPLY_PRIMING_TOKENS;
		for (String message : messages) {
			tokens += TOKENS_PER_MESSAGE + (message == null ? 0 : encoding.countTokens(message));
		}
		return new TokenCount(tokens, cl100kFamily ? "cl100k_base" : "o200k_base", !o200kFamily && !cl100kFamily);
	}

	@Override
	public long countText(String model, String text) {
		String id = model == null ? "" : model.toLowerCase(java.util.Locale.ROOT);
		boolean cl100kFamily = !startsWithAny(id, O200K_FAMILIES) && startsWithAny(id, CL100K_FAMILIES);
		return (cl100kFamily ? this.cl100k : this.o200k).countTokens(text);
	}

	private static boolean startsWithAny(String id, List<String> families) {
		for (String family : families) {
			if (id.startsWith(family)) {
				return true;
			}
		}
		return false;
	}

}
