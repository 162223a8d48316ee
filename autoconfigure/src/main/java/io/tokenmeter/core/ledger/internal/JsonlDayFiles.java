package io.tokenmeter.core.ledger.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.call.internal.MeteringStage;
import io.tokenmeter.core.ledger.LedgerReader;
import io.tokenmeter.core.ledger.LlmCallRecord;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The JSONL ledger's file side, run on the {@link LedgerQueue}'s writer thread: one file per day, one write per
 * line to a file opened for append, so a line is never interleaved or half-written in the middle of a file.
 *
 * <ul>
 * <li><b>Torn tails:</b> a crash can at worst tear a file's <em>last</em> line; opening the file cuts it off
 * ({@link TornTail}), and the {@link LedgerReader} skips one it meets.</li>
 * <li><b>Rotation:</b> at most once a second (checked before a write, so an idle writer costs nothing) the open
 * file's key (inode) is compared with the one at the day's path. A file deleted or renamed away (logrotate) is
 * noticed, logged once and a new one opened; records written to the vanished file since the previous check are
 * counted as {@link DropReason#ROTATED} unless the file was renamed within the directory (the log names it).</li>
 * <li><b>Write failures</b> (disk full, permissions) drop the record, count it as {@link DropReason#ERROR} and are
 * logged at most once per interval through {@link MeteringFailures}, with the exception's message and the records
 * dropped since the previous line; a partial line the failed write left is cut off again. The first successful
 * write after failures says how many records were lost.</li>
 * <li><b>Retention and size cap:</b> old files are deleted by {@link LedgerRetention}; an optional cap per file
 * drops (and counts) the day's further records.</li>
 * </ul>
 */
final class JsonlDayFiles implements RecordBatchWriter {

	private static final Log logger = LogFactory.getLog(JsonlDayFiles.class);

	private static final long ROTATION_CHECK_INTERVAL_MILLIS = 1000;

	private static final long RECOVERY_LOG_INTERVAL_MILLIS = Duration.ofMinutes(1).toMillis();

	private final Path directory;

	private final ZoneId zone;

	private final long maxFileSize;

	private final Clock clock;

	private final MeteringFailures failures;

	private final JsonlLedgerWriter.ChannelOpener opener;

	private final LedgerDrops drops;

	private final LedgerRetention retention;

	private final LedgerLineCodec codec = new LedgerLineCodec();

	private final LongAdder written = new LongAdder();

	// Owned by the writer thread (and by close() once that thread has ended).

	private LocalDate openDay;

	private FileChannel channel;

	private long fileSize;

	/** The open file's key (inode) when opened, or null where the file system has none. */
	private Object openFileKey;

	private long lastRotationCheckMillis;

	private long writtenSinceRotationCheck;

	/** Whether the last write failed: a torn line found on reopening is then ours, not a crash's. */
	private boolean lastWriteFailed;

	private long failedSinceLogLine;

	private long failedSinceRecoveryLine;

	private String lastFailure;

	private long lastRecoveryLogMillis = Long.MIN_VALUE / 2;

	private LocalDate sizeCapWarnedFor;

	JsonlDayFiles(Path directory, ZoneId zone, int retentionDays, long maxFileSize, Clock clock,
			MeteringFailures failures, JsonlLedgerWriter.ChannelOpener opener, LedgerDrops drops) {
		this.directory = directory;
		this.zone = zone;
		this.maxFileSize = maxFileSize;
		this.clock = clock;
		this.failures = failures;
		this.opener = opener;
		this.drops = drops;
		this.retention = new LedgerRetention(directory, zone, retentionDays, clock, failures);
	}

	/** Records written since start (less those lost with a deleted file). */
	long written() {
		return this.written.sum();
	}

	@Override
	public void write(List<LlmCallRecord> batch) {
		for (int i = 0; i < batch.size(); i++) {
			write(batch.get(i));
		}
	}

	@Override
	public void idle() {
		this.retention.apply(this.openDay);
	}

	@Override
	public void close() {
		if (this.channel != null) {
			checkRotation();
		}
		closeFile(false);
	}

	/** Deletes expired files; called once at start, before the writer thread runs. */
	void applyRetention() {
		this.retention.apply(this.openDay);
	}

	private void write(LlmCallRecord record) {
		ByteBuffer buffer = null;
		try {
			byte[] line = this.codec.encode(record);
			LocalDate day = LocalDate.ofInstant(record.timestamp(), this.zone);
			if (this.channel != null && (!day.equals(this.openDay) || rotationCheckDue())) {
				checkRotation();
			}
			if (this.channel == null || !day.equals(this.openDay)) {
				open(day);
			}
			if (this.maxFileSize > 0 && this.fileSize + line.length > this.maxFileSize) {
				this.drops.drop(DropReason.FILE_SIZE);
				warnSizeCap(day);
				return;
			}
			buffer = ByteBuffer.wrap(line);
			while (buffer.hasRemaining()) {
				this.channel.write(buffer);
			}
			this.fileSize += line.length;
			this.writtenSinceRotationCheck++;
			this.written.increment();
			if (this.lastWriteFailed) {
				recovered();
			}
		}
		catch (IOException | RuntimeException ex) {
			writeFailed(ex, buffer != null && buffer.position() > 0);
		}
	}

	/**
	 * Counts the dropped record and logs at most one line per interval (the rate limit of {@link MeteringFailures})
	 * with the real cause and how many records were dropped since the previous line.
	 */
	private void writeFailed(Exception ex, boolean partialLine) {
		this.drops.count(DropReason.ERROR, 1);
		this.failedSinceLogLine++;
		this.failedSinceRecoveryLine++;
		this.lastWriteFailed = true;
		this.lastFailure = ex.toString();
		if (partialLine && this.channel != null) {
			try {
				this.channel.truncate(this.fileSize);
			}
			catch (IOException | RuntimeException truncateFailed) {
				// cut off when the file is reopened
			}
		}
		closeFile(true);
		this.failures.failed(MeteringStage.LEDGER, () -> {
			long dropped = this.failedSinceLogLine;
			this.failedSinceLogLine = 0;
			return "tokenmeter: writing the JSONL ledger in " + this.directory + " failed: " + this.lastFailure + "; "
					+ records(dropped) + " dropped since this was last logged (tokenmeter.ledger.dropped{reason="
					+ DropReason.ERROR.tagValue() + "}); the model calls were not affected.";
		});
	}

	private void recovered() {
		this.lastWriteFailed = false;
		long now = this.clock.millis();
		if (now - this.lastRecoveryLogMillis < RECOVERY_LOG_INTERVAL_MILLIS) {
			return;
		}
		this.lastRecoveryLogMillis = now;
		long lost = this.failedSinceRecoveryLine;
		this.failedSinceRecoveryLine = 0;
		logger.warn("tokenmeter: the JSONL ledger in " + this.directory + " is written again; "
				+ records(lost) + " were dropped while writing failed (last cause: " + this.lastFailure + ").");
	}

	private boolean rotationCheckDue() {
		return this.clock.millis() - this.lastRotationCheckMillis >= ROTATION_CHECK_INTERVAL_MILLIS;
	}

	/**
	 * Whether the open file is still the one at the day's path; when it is not (deleted, or renamed by a log
	 * rotation), closes it so the next write opens a new one, and accounts for the records written to it since the
	 * previous check.
	 */
	private void checkRotation() {
		this.lastRotationCheckMillis = this.clock.millis();
		Path file = LedgerFiles.fileOf(this.directory, this.openDay);
		BasicFileAttributes attributes;
		try {
			attributes = Files.readAttributes(file, BasicFileAttributes.class);
		}
		catch (NoSuchFileException ex) {
			attributes = null;
		}
		catch (IOException | RuntimeException ex) {
			return; // cannot tell; the next write reports a real failure
		}
		long gap = this.writtenSinceRotationCheck;
		this.writtenSinceRotationCheck = 0;
		if (attributes != null && (this.openFileKey == null || this.openFileKey.equals(attributes.fileKey()))) {
			if (attributes.size() < this.fileSize) {
				logger.warn("tokenmeter: the ledger file " + file + " was truncated while "
						+ "open (copytruncate?); records appended between the copy and the truncation are lost.");
				this.fileSize = attributes.size();
			}
			return;
		}
		Path movedTo = findByKey(this.openFileKey);
		closeFile(false);
		if (movedTo != null) {
			logger.warn("tokenmeter: the ledger file " + file + " was renamed to " + movedTo
					+ " while open (log rotation?); " + records(gap) + " written since the previous check went to "
					+ movedTo + ", which the report does not read. Writing to a new " + file + ".");
		}
		else {
			this.drops.count(DropReason.ROTATED, gap);
			this.written.add(-gap);
			logger.warn("tokenmeter: the ledger file " + file + " was deleted or moved out of "
					+ this.directory + " while open; " + records(gap) + " written to it since the previous check are "
					+ "lost (tokenmeter.ledger.dropped{reason=" + DropReason.ROTATED.tagValue() + "}). Writing to a "
					+ "new " + file + ".");
		}
	}

	/** The file in the ledger directory that has this key (a rotated file renamed in place), or null. */
	private Path findByKey(Object key) {
		if (key == null) {
			return null;
		}
		try (var entries = Files.list(this.directory)) {
			return entries.filter((path) -> key.equals(fileKey(path))).findFirst().orElse(null);
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	private static String records(long count) {
		return count + (count == 1 ? " record" : " records");
	}

	private void open(LocalDate day) throws IOException {
		closeFile(false);
		Files.createDirectories(this.directory);
		Path file = LedgerFiles.fileOf(this.directory, day);
		TornTail.cut(file, this.lastWriteFailed);
		this.channel = this.opener.open(file);
		this.fileSize = this.channel.size();
		this.openDay = day;
		this.openFileKey = fileKey(file);
		this.lastRotationCheckMillis = this.clock.millis();
		this.writtenSinceRotationCheck = 0;
		this.retention.apply(day);
	}

	private static Object fileKey(Path file) {
		try {
			return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	/** @param afterFailure whether a write just failed (then a failing close is not counted a second time) */
	private void closeFile(boolean afterFailure) {
		FileChannel open = this.channel;
		if (open == null) {
			return;
		}
		this.channel = null;
		this.openDay = null;
		this.openFileKey = null;
		try {
			if (!afterFailure) {
				open.force(false);
			}
			open.close();
		}
		catch (IOException ex) {
			if (!afterFailure) {
				this.failures.failed(MeteringStage.LEDGER, ex);
			}
		}
	}

	private void warnSizeCap(LocalDate day) {
		if (!day.equals(this.sizeCapWarnedFor)) {
			this.sizeCapWarnedFor = day;
			logger.warn("tokenmeter: ledger file of " + day + " reached " + this.maxFileSize + " bytes "
					+ "(tokenmeter.ledger.jsonl.max-file-size); further records of that day are dropped and counted.");
		}
	}

	/** For {@link JsonlLedgerWriter.ChannelOpener#APPEND}. */
	static FileChannel openForAppend(Path file) throws IOException {
		return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
	}

}
