package io.tokenmeter.core.ledger.internal;

import java.time.Duration;

import io.tokenmeter.core.ledger.LedgerSink;
import io.tokenmeter.core.ledger.LlmCallRecord;
import io.tokenmeter.core.ledger.LlmCallRecordedEvent;

/**
 * A ledger sink that takes records off the calling thread through a {@link LedgerQueue}: the JSONL and the JDBC
 * ledger. The queue's side (offer, flush, queue length, drops, close) is the same for both; subclasses say where
 * the records go.
 */
public abstract class QueuedLedgerSink implements LedgerSink, AutoCloseable {

	/** The queue records go through. */
	protected abstract LedgerQueue queue();

	/** Where dropped records are counted. */
	protected abstract LedgerDrops drops();

	@Override
	public final void accept(LlmCallRecordedEvent event) {
		queue().offer(event.record());
	}

	/** Queues a record for writing. @return false when it was dropped (and counted) instead */
	public final boolean offer(LlmCallRecord record) {
		return queue().offer(record);
	}

	/**
	 * Waits until every record queued before this call has been written (or dropped by the writer).
	 * @return false when the timeout passed first
	 */
	public final boolean awaitWritten(Duration timeout) {
		return queue().awaitWritten(timeout);
	}

	/** Records waiting for the writer thread. */
	public final int queued() {
		return queue().queued();
	}

	/** Records dropped since start for one reason. */
	public final long dropped(DropReason reason) {
		return drops().dropped(reason);
	}

	/** Stops taking records and writes every queued one before returning (up to the queue's drain timeout). */
	@Override
	public void close() {
		queue().close();
	}

}
