package io.tokenmeter.advisor;

import java.math.BigDecimal;

import org.springframework.ai.chat.prompt.Prompt;

/**
 * The cost a call is expected to have before it is made, reserved in enforced budgets and reconciled with the
 * actual cost afterwards. Only asked for calls an enforced budget applies to.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface CallCostEstimate {

	/**
	 * @return the estimated cost in USD; zero when the model has no price (the call is then admitted while the
	 * budget still has room)
	 */
	BigDecimal estimate(String provider, String model, Prompt prompt, String serviceTier);

}
