package io.tokenmeter.core.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import io.tokenmeter.core.call.MeteringFailures;
import io.tokenmeter.core.call.MeteringStage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Appends every record as one JSON line to a file per day ({@code llm-calls-2026-11-23.jsonl}, the day of the
 * call's timestamp in the configured zone), off the calling thread.
 *
 * <ul>
 * <li><b>Calling thread:</b> a record goes into a bounded lock-free queue; nothing else. When the queue is full the
 * {@link FullQueuePolicy} decides: wait briefly for room, or drop. Dropped records are counted by
 * {@link DropReason}; nothing here ever throws to the caller.</li>
 * <li><b>Writer thread:</b> one thread takes records in order and writes each line (JSON and its newline) with one
 * write to a file opened for append, so a line is never interleaved or half-written in the middle of a file. A
 * crash can at worst tear the file's <em>last</em> line: reopening the file cuts such a torn tail off, and the
 * {@link LedgerReader} skips it.</li>
 * <li><b>Rotation:</b> at most once a second (checked before a write, so an idle writer costs nothing) the open
 * file's key (inode) is compared with the one at the day's path. A file deleted or renamed away (logrotate) is
 * noticed, logged once and a new one opened; records written to the vanished file since the previous check are
 * counted as {@link DropReason#ROTATED} unless the file was renamed within the directory (the log names it).</li>
 * <li><b>Write failures</b> (disk full, permissions) drop the record, count it as {@link DropReason#ERROR} and are
 * logged at most once per interval through {@link MeteringFailures}, with the exception's message and the records
 * dropped since the previous line; a partial line the failed write left is cut off again. The first successful
 * write after failures says how many records were lost.</li>
 * <li><b>Retention:</b> files of days more than {@code retentionDays} before today are deleted at start and
 * whenever the day changes. An optional size cap per file drops (and counts) the day's further records.</li>
 * <li><b>Shutdown:</b> {@link #close()} drains the queue before returning, so a graceful shutdown loses nothing.</li>
 * </ul>
 */
public final class JsonlLedgerWriter implements LedgerSink, AutoCloseable {

	private static final Log logger = LogFactory.getLog(JsonlLedgerWriter.class);

	private static final long IDLE_PARK_NANOS = Duration.ofMillis(100).toNanos();

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

	private static final long DROP_LOG_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

	private static final long ROTATION_CHECK_INTERVAL_MILLIS = 1000;

	private static final long RECOVERY_LOG_INTERVAL_MILLIS = Duration.ofMinutes(1).toMillis();

	/** Opens a day file for appending; a seam for tests that need a failing disk. */
	@FunctionalInterface
	interface ChannelOpener {

		ChannelOpener APPEND = (file) -> FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.APPEND);

		FileChannel open(Path file) throws IOException;

	}

	private final Path directory;

	private final ZoneId zone;

	private final int retentionDays;

	private final long maxFileSize;

	private final int capacity;

	private final FullQueuePolicy fullQueuePolicy;

	private final long blockTimeoutNanos;

	private final Clock clock;

	private final MeteringFailures failures;

	private final ChannelOpener opener;

	private final LedgerLineCodec codec = new LedgerLineCodec();

	private final ConcurrentLinkedQueue<LlmCallRecord> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger queued = new AtomicInteger();

	private final AtomicLong accepted = new AtomicLong();

	private final AtomicLong processed = new AtomicLong();

	private final LongAdder written = new LongAdder();

	private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);

	private final AtomicLong lastDropLog = new AtomicLong(System.nanoTime() - DROP_LOG_INTERVAL_NANOS);

	private volatile boolean closed;

	private volatile boolean sleeping;

	private volatile Thread thread;

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

	private LocalDate retentionCheckedFor;

	private LocalDate sizeCapWarnedFor;

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
		this.retentionDays = retentionDays;
		this.maxFileSize = maxFileSize;
		this.capacity = queueCapacity;
		this.fullQueuePolicy = fullQueuePolicy;
		this.blockTimeoutNanos = blockTimeout.toNanos();
		this.clock = clock;
		this.failures = failures;
		this.opener = opener;
		for (DropReason reason : DropReason.values()) {
			this.dropped.put(reason, new LongAdder());
		}
	}

	/**
	 * Creates the directory, deletes expired files and starts the writer thread.
	 * @throws UncheckedIOException when the directory cannot be created
	 */
	public synchronized void start() {
		if (this.thread != null || this.closed) {
			return;
		}
		try {
			Files.createDirectories(this.directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create the ledger directory " + this.directory, ex);
		}
		checkRetention();
		Thread writer = new Thread(this::run, "tokenmeter-ledger");
		writer.setDaemon(true);
		this.thread = writer;
		writer.start();
	}

	@Override
	public void accept(LlmCallRecordedEvent event) {
		offer(event.record());
	}

	/** Queues a record for writing. @return false when it was dropped (and counted) instead */
	public boolean offer(LlmCallRecord record) {
		if (this.closed) {
			drop(DropReason.CLOSED);
			return false;
		}
		if (!reserveSlot() && (this.fullQueuePolicy == FullQueuePolicy.DROP || !awaitSlot())) {
			drop(DropReason.QUEUE_FULL);
			return false;
		}
		this.queue.offer(record);
		this.accepted.incrementAndGet();
		if (this.sleeping) {
			LockSupport.unpark(this.thread);
		}
		return true;
	}

	/**
	 * Waits until every record queued before this call has been written (or dropped by the writer).
	 * @return false when the timeout passed first
	 */
	public boolean awaitWritten(Duration timeout) {
		long target = this.accepted.get();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.processed.get() < target) {
			if (System.nanoTime() - deadline >= 0) {
				return false;
			}
			LockSupport.parkNanos(200_000);
		}
		return true;
	}

	/** Records waiting for the writer thread. */
	public int queued() {
		return this.queued.get();
	}

	/** Records written since start. */
	public long written() {
		return this.written.sum();
	}

	/** Records dropped since start for one reason. */
	public long dropped(DropReason reason) {
		return this.dropped.get(reason).sum();
	}

	public Path directory() {
		return this.directory;
	}

	public ZoneId zone() {
		return this.zone;
	}

	/** Stops taking records and writes every queued one before returning (up to 30 seconds). */
	@Override
	public void close() {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		Thread writer = this.thread;
		if (writer != null) {
			LockSupport.unpark(writer);
			try {
				writer.join(DRAIN_TIMEOUT.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			if (writer.isAlive()) {
				logger.warn("tokenmeter: the ledger writer did not finish within " + DRAIN_TIMEOUT + "; "
						+ this.queued.get() + " records were not written to " + this.directory);
				return;
			}
		}
		drainQueue();
		if (this.channel != null) {
			checkRotation();
		}
		closeFile(false);
	}

	private boolean reserveSlot() {
		if (this.queued.incrementAndGet() <= this.capacity) {
			return true;
		}
		this.queued.decrementAndGet();
		return false;
	}

	/** Waits for room with a short, growing back-off; only ever runs while the queue is full. */
	private boolean awaitSlot() {
		long deadline = System.nanoTime() + this.blockTimeoutNanos;
		long backoff = 10_000;
		while (!this.closed) {
			if (reserveSlot()) {
				return true;
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return false;
			}
			LockSupport.parkNanos(Math.min(backoff, left));
			backoff = Math.min(backoff * 2, 1_000_000);
		}
		return false;
	}

	private void run() {
		while (true) {
			if (drainQueue()) {
				continue;
			}
			if (this.closed) {
				return;
			}
			checkRetention();
			this.sleeping = true;
			if (this.queue.isEmpty() && !this.closed) {
				LockSupport.parkNanos(this, IDLE_PARK_NANOS);
			}
			this.sleeping = false;
		}
	}

	/** Writes what is queued. @return whether there was anything */
	private boolean drainQueue() {
		boolean any = false;
		LlmCallRecord record;
		while ((record = this.queue.poll()) != null) {
			any = true;
			this.queued.decrementAndGet();
			write(record);
			this.processed.incrementAndGet();
		}
		return any;
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
				drop(DropReason.FILE_SIZE);
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
		this.dropped.get(DropReason.ERROR).increment();
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
			this.dropped.get(DropReason.ROTATED).add(gap);
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
			return entries.filter((path) -> {
				try {
					return key.equals(Files.readAttributes(path, BasicFileAttributes.class).fileKey());
				}
				catch (IOException | RuntimeException ex) {
					return false;
				}
			}).findFirst().orElse(null);
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
		cutTornTail(file, this.lastWriteFailed);
		this.channel = this.opener.open(file);
		this.fileSize = this.channel.size();
		this.openDay = day;
		this.openFileKey = fileKey(file);
		this.lastRotationCheckMillis = this.clock.millis();
		this.writtenSinceRotationCheck = 0;
		checkRetention();
	}

	private static Object fileKey(Path file) {
		try {
			return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	/**
	 * A file whose last byte is not a newline was torn mid-line, by a crash or by our own failed write (then
	 * {@code afterFailedWrite}, already logged as a write failure): cut it back to its last whole line.
	 */
	private static void cutTornTail(Path file, boolean afterFailedWrite) throws IOException {
		if (!Files.exists(file)) {
			return;
		}
		try (FileChannel existing = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
			long size = existing.size();
			if (size == 0 || lastByte(existing, size) == '\n') {
				return;
			}
			long keep = 0;
			ByteBuffer block = ByteBuffer.allocate(8192);
			for (long end = size; end > 0 && keep == 0;) {
				long start = Math.max(0, end - block.capacity());
				block.clear().limit((int) (end - start));
				existing.read(block, start);
				for (int i = block.position() - 1; i >= 0; i--) {
					if (block.get(i) == '\n') {
						keep = start + i + 1;
						break;
					}
				}
				end = start;
			}
			existing.truncate(keep);
			if (afterFailedWrite) {
				return;
			}
			logger.warn("tokenmeter: cut a torn last line (" + (size - keep) + " bytes, from an unclean stop) off "
					+ file);
		}
	}

	private static byte lastByte(FileChannel channel, long size) throws IOException {
		ByteBuffer one = ByteBuffer.allocate(1);
		channel.read(one, size - 1);
		return one.get(0);
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

	private void checkRetention() {
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), this.zone);
		if (today.equals(this.retentionCheckedFor)) {
			return;
		}
		this.retentionCheckedFor = today;
		LocalDate oldestKept = today.minusDays(this.retentionDays);
		try {
			for (Path file : LedgerFiles.list(this.directory)) {
				LocalDate day = LedgerFiles.dayOf(file);
				if (day.isBefore(oldestKept) && !day.equals(this.openDay)) {
					Files.deleteIfExists(file);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			this.failures.failed(MeteringStage.LEDGER, ex);
		}
	}

	private void drop(DropReason reason) {
		this.dropped.get(reason).increment();
		long now = System.nanoTime();
		long last = this.lastDropLog.get();
		if (now - last >= DROP_LOG_INTERVAL_NANOS && this.lastDropLog.compareAndSet(last, now)) {
			logger.warn("tokenmeter: ledger records are being dropped (" + reason.tagValue() + "); counted in "
					+ "tokenmeter.ledger.dropped and logged at most once a minute.");
		}
	}

	private void warnSizeCap(LocalDate day) {
		if (!day.equals(this.sizeCapWarnedFor)) {
			this.sizeCapWarnedFor = day;
			logger.warn("tokenmeter: ledger file of " + day + " reached " + this.maxFileSize + " bytes "
					+ "(tokenmeter.ledger.jsonl.max-file-size); further records of that day are dropped and counted.");
		}
	}

}
