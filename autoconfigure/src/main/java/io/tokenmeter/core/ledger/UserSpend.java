package io.tokenmeter.core.ledger;

import java.math.BigDecimal;

/**
 * One of the top spenders.
 *
 * @param user the user
 * @param cost what the user's priced calls cost, in USD
 * @param calls the user's calls
 * @since 0.1.0
 */
public record UserSpend(String user, BigDecimal cost, long calls) {
}
