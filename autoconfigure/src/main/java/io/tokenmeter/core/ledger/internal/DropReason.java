package io.tokenmeter.core.ledger.internal;

/** Why a record did not reach the JSONL ledger; the {@code reason} tag of {@code tokenmeter.ledger.dropped}. */
public enum DropReason {

	/** The queue was full (policy drop, or block timed out). */
	QUEUE_FULL("queue-full"),
	/** The day's file reached {@code tokenmeter.ledger.jsonl.max-file-size}. */
	FILE_SIZE("file-size"),
	/** Writing failed (disk full, permissions, ...); also counted in {@code tokenmeter.errors{stage="ledger"}}. */
	ERROR("error"),
	/** The record arrived after the ledger was closed. */
	CLOSED("closed"),
	/**
	 * The record was written to a day file that was then deleted or moved out of the ledger directory while open
	 * (noticed within a second, and a new file opened).
	 */
	ROTATED("rotated");

	private final String tagValue;

	DropReason(String tagValue) {
		this.tagValue = tagValue;
	}

	public String tagValue() {
		return this.tagValue;
	}

}
