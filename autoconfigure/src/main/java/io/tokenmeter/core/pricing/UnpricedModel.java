package io.tokenmeter.core.pricing;

/**
 * One model that answered calls without a price, as the spend report lists it.
 *
 * @param model the id the provider answered with
 * @param provider the provider of its first call
 * @param requestedModel the model its first call requested, when it named one
 * @param calls how many calls answered by it were left unpriced
 * @since 0.2.0
 */
public record UnpricedModel(String model, String provider, String requestedModel, long calls) {
}
