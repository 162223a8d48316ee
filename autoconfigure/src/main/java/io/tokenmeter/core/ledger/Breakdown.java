package io.tokenmeter.core.ledger;

import java.time.Instant;
import java.util.Map;

/**
 * One breakdown of the spend report, {@code /actuator/tokenmeter/{dimension}}.
 *
 * @param dimension {@code model}, {@code agent}, {@code user} or {@code session}
 * @param window {@code total} or the calendar window asked for
 * @param source {@code memory}, {@code ledger} (JSONL) or {@code jdbc}
 * @param from start of the period
 * @param to end of the period
 * @param entries spend per value, highest cost first
 * @param evicted values dropped from this breakdown to bound memory
 * @since 0.1.0
 */
public record Breakdown(String dimension, String window, String source, Instant from, Instant to,
		Map<String, Spend> entries, long evicted) {
}
