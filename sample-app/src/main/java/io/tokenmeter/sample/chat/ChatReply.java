package io.tokenmeter.sample.chat;

import java.math.BigDecimal;

/**
 * The assistant's answer.
 *
 * @param reply the answer text
 * @param model the model that answered, as the provider named it (e.g. {@code gpt-4o-2024-08-06})
 * @param cost what the call cost in USD as tokenmeter priced it, in the form of {@link #usd(BigDecimal)}; null when
 * the model has no price
 */
public record ChatReply(String reply, String model, BigDecimal cost) {

	public ChatReply {
		cost = usd(cost);
	}

	/**
	 * A cost as the chat API writes it: the exact amount without trailing zeros, so every reply has the same form
	 * whatever scale the price arithmetic left ({@code 0.0001431}, not {@code 0.000143100}); with
	 * {@code spring.jackson.write.write-bigdecimal-as-plain} it is never written in E notation either.
	 * @param cost an amount in USD, or null
	 * @return the same amount without trailing zeros, or null
	 */
	static BigDecimal usd(BigDecimal cost) {
		return (cost != null) ? cost.stripTrailingZeros() : null;
	}

}
