package io.tokenmeter.autoconfigure;

import java.math.BigDecimal;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.tokenmeter.advisor.CallCostEstimate;
import io.tokenmeter.core.pricing.CallPricer;
import io.tokenmeter.core.pricing.ModelPrice;
import io.tokenmeter.core.usage.TokenUsage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * Estimates a call for budget enforcement: prompt tokens counted with JTokkit's o200k_base encoding (exact for
 * current OpenAI models, an approximation for other providers) plus the request's max output tokens (or the
 * configured default), priced as uncached input and output. Deliberately pessimistic: cache discounts are not
 * assumed, so the reservation is rarely below the actual cost.
 */
final class JtokkitCallCostEstimate implements CallCostEstimate {

	private static final int TOKENS_PER_MESSAGE = 4;

	private final Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

	private final CallPricer pricer;

	private final int defaultMaxOutputTokens;

	JtokkitCallCostEstimate(CallPricer pricer, int defaultMaxOutputTokens) {
		this.pricer = pricer;
		this.defaultMaxOutputTokens = defaultMaxOutputTokens;
	}

	@Override
	public BigDecimal estimate(String provider, String model, Prompt prompt, String serviceTier) {
		ModelPrice price = this.pricer.find(provider, model);
		if (price == null) {
			return BigDecimal.ZERO;
		}
		long promptTokens = 0;
		for (Message message : prompt.getInstructions()) {
			String text = message.getText();
			promptTokens += TOKENS_PER_MESSAGE + (text == null ? 0 : this.encoding.countTokens(text));
		}
		ChatOptions options = prompt.getOptions();
		Integer maxTokens = options != null ? options.getMaxTokens() : null;
		long output = maxTokens != null && maxTokens > 0 ? maxTokens : this.defaultMaxOutputTokens;
		return this.pricer.calculator().cost(TokenUsage.of(promptTokens, 0, 0, 0, output, 0), price, serviceTier);
	}

}
