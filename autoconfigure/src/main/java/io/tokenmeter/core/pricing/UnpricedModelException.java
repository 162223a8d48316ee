package io.tokenmeter.core.pricing;

/**
 * Thrown by metering (never to the caller) under {@link UnknownModelPolicy#FAIL} for a model with no price.
 *
 * @since 0.1.0
 */
public class UnpricedModelException extends RuntimeException {

	public UnpricedModelException(String provider, String model) {
		super("No price for model '" + model + "' (provider " + provider + "); add it under tokenmeter.pricing.models");
	}

}
