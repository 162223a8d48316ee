package io.tokenmeter.core.ledger.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.ledger.FullQueuePolicy;

/**
 * The JSONL ledger: appends every record as one JSON line to a file per day ({@code llm-calls-2026-11-23.jsonl},
 * the day of the call's timestamp in the configured zone), off the calling thread. A {@link LedgerQueue} takes the
 * records off the calling thread (bounded, with the {@link FullQueuePolicy}, drops counted by {@link DropReason});
 * {@code JsonlDayFiles} does the file work on the queue's writer thread (one write per line, torn-tail repair,
 * rotation detection, write-failure logs, size cap) and {@code LedgerRetention} deletes expired days.
 * {@link #close()} drains the queue before returning, so a graceful shutdown loses nothing.
 */
public final class JsonlLedgerWriter extends QueuedLedgerSink {

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

	private static final int MAX_BATCH = 256;

	/** Opens a day file for appending; a seam for tests that need a failing disk. */
	@FunctionalInterface
	interface ChannelOpener {

		ChannelOpener APPEND = JsonlDayFiles::openForAppend;

		FileChannel open(Path file) throws IOException;

	}

	private final Path directory;

	private final ZoneId zone;

	private final LedgerDrops drops = new LedgerDrops("JSONL ledger", "tokenmeter.ledger.dropped");

	private final JsonlDayFiles files;

	private final LedgerQueue queue;

	/**
	 * @param directory where the day files are written (created when missing)
	 * @param zone the zone whose calendar days the files follow
	 * @param retentionDays files of days more than this many days before today are deleted
	 * @param maxFileSize bytes one day's file may reach, after which that day's records are dropped; 0 for no cap
	 * @param queueCapacity records that may wait for the writer thread
	 * @param fullQueuePolicy what to do with a record when the queue is full
	 * @param blockTimeout how long {@link FullQueuePolicy#BLOCK} waits for room
	 * @param clock today's date, for retention
	 * @param failures where write failures are counted
	 */
	public JsonlLedgerWriter(Path directory, ZoneId zone, int retentionDays, long maxFileSize, int queueCapacity,
			FullQueuePolicy fullQueuePolicy, Duration blockTimeout, Clock clock, MeteringFailures failures) {
		this(directory, zone, retentionDays, maxFileSize, queueCapacity, fullQueuePolicy, blockTimeout, clock, failures,
				ChannelOpener.APPEND);
	}

	JsonlLedgerWriter(Path directory, ZoneId zone, int retentionDays, long maxFileSize, int queueCapacity,
			FullQueuePolicy fullQueuePolicy, Duration blockTimeout, Clock clock, MeteringFailures failures,
			ChannelOpener opener) {
		if (retentionDays < 1 || queueCapacity < 1 || maxFileSize < 0 || blockTimeout.isNegative()) {
			throw new IllegalArgumentException("retentionDays and queueCapacity must be at least 1, maxFileSize and "
					+ "blockTimeout not negative");
		}
		this.directory = directory;
		this.zone = zone;
		this.files = new JsonlDayFiles(directory, zone, retentionDays, maxFileSize, clock, failures, opener,
				this.drops);
		this.queue = new LedgerQueue("tokenmeter-ledger", queueCapacity, fullQueuePolicy, blockTimeout, MAX_BATCH,
				DRAIN_TIMEOUT, this.drops, this.files);
	}

	/**
	 * Creates the directory, deletes expired files and starts the writer thread.
	 * @throws UncheckedIOException when the directory cannot be created
	 */
	public synchronized void start() {
		if (this.queue.closing()) {
			return;
		}
		try {
			Files.createDirectories(this.directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create the ledger directory " + this.directory, ex);
		}
		this.files.applyRetention();
		this.queue.start();
	}

	@Override
	protected LedgerQueue queue() {
		return this.queue;
	}

	@Override
	protected LedgerDrops drops() {
		return this.drops;
	}

	/** Records written since start. */
	public long written() {
		return this.files.written();
	}

	public Path directory() {
		return this.directory;
	}

	public ZoneId zone() {
		return this.zone;
	}

}
