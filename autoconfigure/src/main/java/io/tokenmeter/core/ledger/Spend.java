package io.tokenmeter.core.ledger;

import java.math.BigDecimal;

/**
 * What a set of calls consumed.
 *
 * @param calls every call, whatever its outcome
 * @param cost the exact sum of the priced calls' costs in USD
 * @param unpricedCalls calls with usage whose model has no price (their tokens are counted, their cost is not)
 * @param tokens the tokens by bucket
 * @since 0.1.0
 */
public record Spend(long calls, BigDecimal cost, long unpricedCalls, TokenCounts tokens) {

	public static final Spend NONE = new Spend(0, BigDecimal.ZERO, 0, TokenCounts.NONE);

}
