package io.tokenmeter.core.ledger;

/**
 * What the JSONL ledger does with a record when its queue is full (the disk is slower than the calls).
 *
 * @since 0.1.0
 */
public enum FullQueuePolicy {

	/** Wait up to the block timeout for room, then drop the record (counted). Slows calls only while full. */
	BLOCK,
	/** Drop the record at once and count it in {@code tokenmeter.ledger.dropped{reason="queue-full"}}. */
	DROP

}
