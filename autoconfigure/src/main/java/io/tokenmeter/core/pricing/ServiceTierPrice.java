package io.tokenmeter.core.pricing;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * How a service tier (OpenAI's {@code batch}, {@code flex}, {@code priority}; Anthropic's batch API) changes a
 * model's price: either explicit rates that replace the standard ones, or a multiplier applied to the rates
 * the call would otherwise pay (prompt-size tier included).
 *
 * @param multiplier factor on the standard rates, used when {@code rate} is null
 * @param rate explicit rates, or null
 * @since 0.1.0
 */
public record ServiceTierPrice(BigDecimal multiplier, @Nullable ModelRate rate) {

	public static ServiceTierPrice multiplier(BigDecimal multiplier) {
		return new ServiceTierPrice(multiplier, null);
	}

	public static ServiceTierPrice explicit(ModelRate rate) {
		return new ServiceTierPrice(null, rate);
	}

	ModelRate apply(ModelRate standard) {
		return this.rate != null ? this.rate : standard.times(this.multiplier);
	}

}
