/**
 * Auto-configuration of pricing: the price catalog, the rate table, the pricer and the {@code CostEstimator}.
 */
@NullMarked
package io.tokenmeter.autoconfigure.pricing;

import org.jspecify.annotations.NullMarked;
