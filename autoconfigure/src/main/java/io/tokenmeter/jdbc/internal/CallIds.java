package io.tokenmeter.jdbc.internal;

import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Time-ordered UUIDs (version 7: 48 bits of Unix milliseconds, then random bits) for call rows, made on the
 * ledger's writer thread when a record is first taken from the queue, so every retry of its batch carries the same
 * id. Time order keeps the primary key index appending at its right edge instead of splitting pages at random.
 * Not thread-safe: one per writer thread.
 */
final class CallIds {

	private final SplittableRandom random = new SplittableRandom();

	UUID next(long epochMillis) {
		long msb = (epochMillis << 16) | 0x7000L | (this.random.nextInt() & 0x0FFFL);
		long lsb = (this.random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(msb, lsb);
	}

}
