package io.tokenmeter.core.ledger.internal;

import java.util.List;

import io.tokenmeter.core.ledger.LlmCallRecord;

/**
 * Where a {@link LedgerQueue}'s writer thread puts records: a JSONL day file, a database table. Every method is
 * called on that one thread (or, for {@link #close()}, after it has ended), so implementations need no locking.
 * Failures are the writer's to count (in the queue's {@link LedgerDrops}) and log; a method that throws anyway
 * has its batch counted as {@link DropReason#ERROR}.
 */
public interface RecordBatchWriter {

	/** Writes the records, oldest first; {@code batch} is reused by the caller once this returns. */
	void write(List<LlmCallRecord> batch);

	/** The queue ran empty: time for housekeeping that should not run per record (retention, say). */
	default void idle() {
	}

	/** The queue is closed and drained: release what is held open. */
	default void close() {
	}

}
