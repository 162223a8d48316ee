package io.tokenmeter.catalog;

import io.tokenmeter.autoconfigure.TokenMeterProperties.ModelPricing;

/**
 * One model of the generated catalog.
 * @param id the rate-table key (no gateway prefix, no {@code :})
 * @param provider whose price it is
 * @param pricing rates in USD per 1M tokens with source, checked, deprecated and max-output-tokens
 */
record CatalogEntry(String id, Provider provider, ModelPricing pricing) {

}
