/**
 * Prices and costs: the rate table, model matching, the cost calculator and {@link
 * io.tokenmeter.core.pricing.CostEstimator} for prices before a call.
 */
@NullMarked
package io.tokenmeter.core.pricing;

import org.jspecify.annotations.NullMarked;
