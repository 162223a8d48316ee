package io.tokenmeter.core.ledger;

import io.tokenmeter.core.ledger.internal.JsonlLedgerWriter;

/**
 * Consumes every {@link LlmCallRecordedEvent}: the in-memory {@link SpendAggregator}, the {@link JsonlLedgerWriter}.
 * Called on the thread that made the model call: implementations must not block or do I/O there.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface LedgerSink {

	void accept(LlmCallRecordedEvent event);

}
