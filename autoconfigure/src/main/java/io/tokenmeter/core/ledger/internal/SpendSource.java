package io.tokenmeter.core.ledger.internal;

import java.time.Instant;

import io.tokenmeter.core.ledger.LedgerReader;
import io.tokenmeter.core.ledger.SpendSummary;

/**
 * Where the spend report reads its calendar windows from: the JSONL files of this instance
 * ({@link #jsonl(LedgerReader, JsonlLedgerWriter)}) or a database every instance writes to (the JDBC ledger).
 */
public interface SpendSource {

	/** The report's {@code source}: {@code ledger} for the JSONL files, {@code jdbc} for the database. */
	String name();

	/**
	 * Whether the {@code total} window is read from here too (everything the source holds, from every instance)
	 * rather than from this instance's memory since start.
	 */
	boolean coversTotal();

	/**
	 * Adds up the calls that started in {@code [from, to)}, after waiting briefly for this instance's queued
	 * records to be written.
	 * @param from inclusive start, or null for the oldest call
	 * @param to exclusive end, or null for no end
	 */
	Window read(Instant from, Instant to);

	/**
	 * @param summary the calls added up
	 * @param skippedLines lines that were not complete records (JSONL only; 0 for a database)
	 */
	record Window(SpendSummary summary, long skippedLines) {
	}

	/** The JSONL files, flushing the writer (when there is one) before reading. */
	static SpendSource jsonl(LedgerReader reader, JsonlLedgerWriter writer) {
		return new SpendSource() {

			@Override
			public String name() {
				return "ledger";
			}

			@Override
			public boolean coversTotal() {
				return false;
			}

			@Override
			public Window read(Instant from, Instant to) {
				if (writer != null) {
					writer.awaitWritten(SpendReporter.FLUSH_TIMEOUT);
				}
				LedgerReader.Result result = reader.read(from, to);
				return new Window(result.summary(), result.skippedLines());
			}

		};
	}

}
